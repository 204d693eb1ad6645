/* This file contains the tests of the card number rules (SPEC §3.3, §7.1):
 * Luhn, brand, masking, expiry and CVV shapes. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/card.h"
#include "core/timefmt.h"
#include "rowtest.h"

#define MS_PER_DAY (INT64_C(86400) * 1000)

/* ms since the epoch of a wall-clock time in Asia/Jakarta (UTC+7). */
static int64_t jakarta_ms(int64_t y, unsigned mo, unsigned d, unsigned h, unsigned mi, unsigned s, unsigned ms)
{
	int64_t secs = (int64_t)h * 3600 + (int64_t)mi * 60 + (int64_t)s - 7 * 3600;
	return ks_days_from_civil(y, mo, d) * MS_PER_DAY + secs * 1000 + (int64_t)ms;
}

struct luhn_row {
	const char *number;
	bool luhn;
	bool wellformed;
};

static const struct luhn_row luhn_rows[] = {
	{ "4811111111111114", true, true },
	{ "4811111111111115", false, true },
	{ "4011111111111112", true, true },
	{ "5481161111111081", true, true },
	{ "1946415981487684", true, true },
	{ "378282246310005", true, true },	/* amex, 15 digits */
	{ "4111111111111111", true, true },
	{ "4111111111111112", false, true },
	{ "79927398713", true, false },		/* the classic example; 11 digits */
	{ "79927398710", false, false },
	{ "0", true, false },
	{ "000000000000", true, true },		/* 12 digits, the shortest */
	{ "4111111111111111110", true, true },	/* 19 digits, the longest */
	{ "41111111111111111103", false, false }, /* 20 digits */
	{ "4811 1111 1111 1114", false, false }, /* callers strip spaces */
	{ "481111111111111a", false, false },
	{ "", false, false },
	{ NULL, false, false },
};

ParameterizedTestParameters(card, luhn)
{
	return ROWTEST_PARAMS(luhn_rows);
}

ParameterizedTest(size_t *i, card, luhn)
{
	const struct luhn_row *r = &luhn_rows[*i];
	cr_expect_eq(ks_card_luhn_ok(r->number), r->luhn, "luhn row %zu", *i);
	cr_expect_eq(ks_card_number_wellformed(r->number), r->wellformed, "wellformed row %zu", *i);
}

struct brand_row {
	const char *number;
	enum ks_card_brand brand;
	const char *name;
};

static const struct brand_row brand_rows[] = {
	{ "4811111111111114", KS_CARD_BRAND_VISA, "visa" },
	{ "4", KS_CARD_BRAND_VISA, "visa" },
	{ "5011111111111111", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "5111111111111118", KS_CARD_BRAND_MASTERCARD, "mastercard" },
	{ "5511111111111114", KS_CARD_BRAND_MASTERCARD, "mastercard" },
	{ "5611111111111111", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "2220999999999999", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "2221000000000009", KS_CARD_BRAND_MASTERCARD, "mastercard" },
	{ "2720999999999999", KS_CARD_BRAND_MASTERCARD, "mastercard" },
	{ "2721000000000000", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "340000000000009", KS_CARD_BRAND_AMEX, "amex" },
	{ "378282246310005", KS_CARD_BRAND_AMEX, "amex" },
	{ "350000000000000", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "3527999999999999", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "3528000000000007", KS_CARD_BRAND_JCB, "jcb" },
	{ "3589999999999999", KS_CARD_BRAND_JCB, "jcb" },
	{ "3590000000000000", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "1946415981487684", KS_CARD_BRAND_UNKNOWN, NULL }, /* BNI private label */
	{ "622", KS_CARD_BRAND_UNKNOWN, NULL },
	{ "35", KS_CARD_BRAND_UNKNOWN, NULL },		/* too short to tell */
	{ "", KS_CARD_BRAND_UNKNOWN, NULL },
	{ NULL, KS_CARD_BRAND_UNKNOWN, NULL },
};

ParameterizedTestParameters(card, brand)
{
	return ROWTEST_PARAMS(brand_rows);
}

ParameterizedTest(size_t *i, card, brand)
{
	const struct brand_row *r = &brand_rows[*i];
	enum ks_card_brand b = ks_card_brand(r->number);
	cr_expect_eq(b, r->brand, "row %zu", *i);
	if (r->name)
		cr_expect_str_eq(ks_card_brand_name(b), r->name, "row %zu", *i);
	else
		cr_expect_null(ks_card_brand_name(b), "row %zu", *i);
}

Test(card, brand_name_out_of_range)
{
	cr_expect_null(ks_card_brand_name((enum ks_card_brand)99));
	cr_expect_null(ks_card_brand_name((enum ks_card_brand)-1));
}

struct mask_row {
	const char *number;
	size_t size;
	const char *want; /* NULL: refused */
};

static const struct mask_row mask_rows[] = {
	{ "4811111111111114", 12, "481111-1114" },
	{ "5481161111111081", 64, "548116-1081" },
	{ "378282246310005", 12, "378282-0005" },
	{ "4111111111111111110", 12, "411111-1110" },
	{ "1234567890", 12, "123456-7890" },
	{ "123456789", 12, NULL },
	{ "4811111111111114", 11, NULL },
	{ "4811-1111-1111-1114", 32, NULL },
	{ "", 12, NULL },
	{ NULL, 12, NULL },
};

ParameterizedTestParameters(card, mask)
{
	return ROWTEST_PARAMS(mask_rows);
}

ParameterizedTest(size_t *i, card, mask)
{
	const struct mask_row *r = &mask_rows[*i];
	char out[64];
	memset(out, 'x', sizeof(out));
	int rc = ks_card_mask(r->number, out, r->size);
	if (r->want) {
		cr_expect_eq(rc, 0, "row %zu", *i);
		cr_expect_str_eq(out, r->want, "row %zu", *i);
	} else {
		cr_expect_eq(rc, -1, "row %zu", *i);
		cr_expect_str_eq(out, "", "row %zu", *i);
	}
}

struct part_row {
	const char *in;
	int rc;
	unsigned want;
};

static const struct part_row month_rows[] = {
	{ "01", 0, 1 },	 { "1", 0, 1 },	   { "09", 0, 9 },   { "12", 0, 12 }, { "13", -1, 0 },
	{ "00", -1, 0 }, { "0", -1, 0 },   { "012", -1, 0 }, { "1a", -1, 0 }, { " 1", -1, 0 },
	{ "-1", -1, 0 }, { "", -1, 0 },	   { NULL, -1, 0 },
};

ParameterizedTestParameters(card, parse_month)
{
	return ROWTEST_PARAMS(month_rows);
}

ParameterizedTest(size_t *i, card, parse_month)
{
	const struct part_row *r = &month_rows[*i];
	unsigned m = 99;
	cr_expect_eq(ks_card_parse_exp_month(r->in, &m), r->rc, "row %zu", *i);
	cr_expect_eq(m, r->want, "row %zu", *i);
}

static const struct part_row year_rows[] = {
	{ "2020", 0, 2020 }, { "20", 0, 2020 },	 { "00", 0, 2000 }, { "99", 0, 2099 },
	{ "2031", 0, 2031 }, { "202", -1, 0 },	 { "2", -1, 0 },    { "20201", -1, 0 },
	{ "20x0", -1, 0 },   { "+020", -1, 0 },	 { "", -1, 0 },	    { NULL, -1, 0 },
};

ParameterizedTestParameters(card, parse_year)
{
	return ROWTEST_PARAMS(year_rows);
}

ParameterizedTest(size_t *i, card, parse_year)
{
	const struct part_row *r = &year_rows[*i];
	unsigned y = 99;
	cr_expect_eq(ks_card_parse_exp_year(r->in, &y), r->rc, "row %zu", *i);
	cr_expect_eq(y, r->want, "row %zu", *i);
}

/* An expiry checked at a wall-clock time in Jakarta. */
struct expiry_row {
	const char *month, *year;
	int64_t y;
	unsigned mo, d, h, mi, s, ms;
	bool ok;
};

static const struct expiry_row expiry_rows[] = {
	/* this month is fine, to its very last millisecond */
	{ "03", "2026", 2026, 3, 15, 12, 0, 0, 0, true },
	{ "3", "26", 2026, 3, 1, 0, 0, 0, 0, true },
	{ "03", "2026", 2026, 3, 31, 23, 59, 59, 999, true },
	{ "03", "2026", 2026, 4, 1, 0, 0, 0, 0, false },
	/* last month is refused */
	{ "02", "2026", 2026, 3, 1, 0, 0, 0, 0, false },
	{ "02", "2026", 2026, 3, 15, 12, 0, 0, 0, false },
	/* December rolls into the next year */
	{ "12", "2026", 2026, 12, 31, 23, 59, 59, 999, true },
	{ "12", "2026", 2027, 1, 1, 0, 0, 0, 0, false },
	{ "12", "2025", 2026, 1, 1, 0, 0, 0, 0, false },
	/* the documented test expiry stays good, its neighbours do not */
	{ "01", "2020", 2026, 3, 15, 12, 0, 0, 0, true },
	{ "1", "20", 2035, 6, 1, 0, 0, 0, 0, true },
	{ "02", "2020", 2026, 3, 15, 12, 0, 0, 0, false },
	{ "12", "2019", 2026, 3, 15, 12, 0, 0, 0, false },
	{ "01", "2021", 2026, 3, 15, 12, 0, 0, 0, false },
	{ "01", "2120", 2026, 3, 15, 12, 0, 0, 0, true }, /* 4 digits: no 20yy guess */
	{ "04", "2030", 2026, 3, 15, 12, 0, 0, 0, true },
	{ "02", "2024", 2024, 2, 29, 23, 59, 59, 999, true },
};

ParameterizedTestParameters(card, expiry)
{
	return ROWTEST_PARAMS(expiry_rows);
}

ParameterizedTest(size_t *i, card, expiry)
{
	const struct expiry_row *r = &expiry_rows[*i];
	unsigned m, y;
	cr_assert_eq(ks_card_parse_exp_month(r->month, &m), 0);
	cr_assert_eq(ks_card_parse_exp_year(r->year, &y), 0);
	int64_t now = jakarta_ms(r->y, r->mo, r->d, r->h, r->mi, r->s, r->ms);
	cr_expect_eq(ks_card_expiry_ok(m, y, now), r->ok, "%s/%s row %zu", r->month, r->year, *i);
}

Test(card, expiry_is_jakarta_time)
{
	/* 2026-03-31 18:00 UTC is already 1 April 01:00 in Jakarta */
	int64_t utc_evening = ks_days_from_civil(2026, 3, 31) * MS_PER_DAY + INT64_C(18) * 3600 * 1000;
	cr_expect_not(ks_card_expiry_ok(3, 2026, utc_evening));
	cr_expect(ks_card_expiry_ok(3, 2026, utc_evening - INT64_C(2) * 3600 * 1000));
}

Test(card, expiry_month_out_of_range)
{
	int64_t now = jakarta_ms(2026, 3, 15, 0, 0, 0, 0);
	cr_expect_not(ks_card_expiry_ok(13, 2030, now));
	cr_expect_not(ks_card_expiry_ok(0, 2030, now));
}

struct cvv_row {
	const char *cvv;
	enum ks_card_brand brand;
	bool ok;
};

static const struct cvv_row cvv_rows[] = {
	{ "123", KS_CARD_BRAND_VISA, true },
	{ "000", KS_CARD_BRAND_MASTERCARD, true },
	{ "123", KS_CARD_BRAND_JCB, true },
	{ "123", KS_CARD_BRAND_UNKNOWN, true },
	{ "1234", KS_CARD_BRAND_VISA, false },
	{ "12", KS_CARD_BRAND_VISA, false },
	{ "12a", KS_CARD_BRAND_VISA, false },
	{ " 12", KS_CARD_BRAND_VISA, false },
	{ "1234", KS_CARD_BRAND_AMEX, true },
	{ "123", KS_CARD_BRAND_AMEX, false },
	{ "12345", KS_CARD_BRAND_AMEX, false },
	{ "", KS_CARD_BRAND_VISA, false },
	{ NULL, KS_CARD_BRAND_VISA, false },
};

ParameterizedTestParameters(card, cvv)
{
	return ROWTEST_PARAMS(cvv_rows);
}

ParameterizedTest(size_t *i, card, cvv)
{
	const struct cvv_row *r = &cvv_rows[*i];
	cr_expect_eq(ks_card_cvv_wellformed(r->cvv, r->brand), r->ok, "row %zu", *i);
}
