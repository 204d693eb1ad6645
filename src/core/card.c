/* This file contains the card number rules of card.h: Luhn, the brand ranges,
 * masking, and the expiry and CVV shapes, with the expiry month computed by
 * calendar arithmetic (ks_days_from_civil) rather than the C library. */
#include <string.h>

#include "core/card.h"
#include "core/timefmt.h"

#define MS_PER_DAY (INT64_C(86400) * 1000)
#define JAKARTA_OFFSET_MS (INT64_C(7) * 3600 * 1000)

/* The issuer ranges, as data: a brand is the first row whose range holds the
 * number's first `digits` digits. */
static const struct {
	unsigned digits;
	unsigned lo, hi;
	enum ks_card_brand brand;
} brand_ranges[] = {
	{ 1, 4, 4, KS_CARD_BRAND_VISA },
	{ 2, 51, 55, KS_CARD_BRAND_MASTERCARD },
	{ 4, 2221, 2720, KS_CARD_BRAND_MASTERCARD },
	{ 2, 34, 34, KS_CARD_BRAND_AMEX },
	{ 2, 37, 37, KS_CARD_BRAND_AMEX },
	{ 4, 3528, 3589, KS_CARD_BRAND_JCB },
};

static const char *const brand_names[] = {
	[KS_CARD_BRAND_VISA] = "visa",
	[KS_CARD_BRAND_MASTERCARD] = "mastercard",
	[KS_CARD_BRAND_AMEX] = "amex",
	[KS_CARD_BRAND_JCB] = "jcb",
};

/* True when s[0..len) are all ASCII digits. */
static bool all_digits(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The value of the first n digits of s into *v; false when s has fewer
 * than n leading digits. */
static bool leading_value(const char *s, unsigned n, unsigned *v)
{
	*v = 0;
	for (unsigned i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		*v = *v * 10 + (unsigned)(s[i] - '0');
	}
	return true;
}

bool ks_card_number_wellformed(const char *number)
{
	if (!number)
		return false;
	size_t len = strlen(number);
	return len >= KS_CARD_NUMBER_MIN && len <= KS_CARD_NUMBER_MAX && all_digits(number, len);
}

bool ks_card_luhn_ok(const char *number)
{
	if (!number || !*number)
		return false;
	size_t len = strlen(number);
	unsigned sum = 0;
	for (size_t i = 0; i < len; i++) {
		char c = number[len - 1 - i];
		if (c < '0' || c > '9')
			return false;
		unsigned d = (unsigned)(c - '0');
		/* every second digit from the right is doubled */
		if (i % 2) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

enum ks_card_brand ks_card_brand(const char *number)
{
	if (!number)
		return KS_CARD_BRAND_UNKNOWN;
	for (size_t i = 0; i < sizeof(brand_ranges) / sizeof(brand_ranges[0]); i++) {
		unsigned v;
		if (leading_value(number, brand_ranges[i].digits, &v) && v >= brand_ranges[i].lo &&
		    v <= brand_ranges[i].hi)
			return brand_ranges[i].brand;
	}
	return KS_CARD_BRAND_UNKNOWN;
}

const char *ks_card_brand_name(enum ks_card_brand brand)
{
	if ((unsigned)brand >= sizeof(brand_names) / sizeof(brand_names[0]))
		return NULL;
	return brand_names[brand];
}

int ks_card_mask(const char *number, char *out, size_t size)
{
	if (size)
		out[0] = '\0';
	size_t len = number ? strlen(number) : 0;
	if (len < 10 || size < KS_CARD_MASKED_SIZE || !all_digits(number, len))
		return -1;
	memcpy(out, number, 6);
	out[6] = '-';
	memcpy(out + 7, number + len - 4, 4);
	out[11] = '\0';
	return 0;
}

int ks_card_parse_exp_month(const char *s, unsigned *month)
{
	*month = 0;
	size_t len = s ? strlen(s) : 0;
	unsigned v;
	if (len < 1 || len > 2 || !leading_value(s, (unsigned)len, &v) || v < 1 || v > 12)
		return -1;
	*month = v;
	return 0;
}

int ks_card_parse_exp_year(const char *s, unsigned *year)
{
	*year = 0;
	size_t len = s ? strlen(s) : 0;
	unsigned v;
	if ((len != 2 && len != 4) || !leading_value(s, (unsigned)len, &v))
		return -1;
	*year = len == 2 ? 2000 + v : v;
	return 0;
}

bool ks_card_expiry_ok(unsigned month, unsigned year, int64_t now_ms)
{
	if (month < 1 || month > 12)
		return false;
	if (month == KS_CARD_DOC_EXP_MONTH && year == KS_CARD_DOC_EXP_YEAR)
		return true;
	/* the card is good until the first day of the next month begins in
	 * Jakarta; comparing instants avoids turning now_ms into a date */
	int64_t next_y = (int64_t)year + (month == 12);
	unsigned next_m = month == 12 ? 1 : month + 1;
	int64_t end_ms = ks_days_from_civil(next_y, next_m, 1) * MS_PER_DAY - JAKARTA_OFFSET_MS;
	return now_ms < end_ms;
}

bool ks_card_cvv_wellformed(const char *cvv, enum ks_card_brand brand)
{
	if (!cvv)
		return false;
	size_t want = brand == KS_CARD_BRAND_AMEX ? 4 : 3;
	size_t len = strlen(cvv);
	return len == want && all_digits(cvv, len);
}
