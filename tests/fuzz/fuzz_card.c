/* This file contains the fuzz target of the card fields of GET /v2/token
 * (SPEC §3.3, §7.1): the input is "number|month|year|cvv|otp|flags|now_ms",
 * each field a raw query value that is percent-decoded as ks_http_query
 * does (undecodable or missing: absent). ks_acquirer_check_card judges the
 * card; ks_acquirer_charge and ks_acquirer_complete_3ds (flags: s secure,
 * a authorize) must agree with it. */
#include <stdbool.h>
#include <string.h>

#include "core/acquirer.h"
#include "core/card.h"
#include "core/errlist.h"
#include "core/errors.h"
#include "core/urlcode.h"
#include "fuzz.h"

enum { F_NUMBER, F_MONTH, F_YEAR, F_CVV, F_OTP, F_FLAGS, F_NOW, N_FIELDS };

/* 2025-01-01 00:00:00 UTC, when no now_ms is given */
#define DEFAULT_NOW_MS INT64_C(1735689600000)

static bool all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

static void check_decision(const struct ks_acquirer_decision *d, const char *number,
			   bool secure)
{
	FUZZ_CHECK(d->result == KS_ACQUIRER_ACCEPTED || d->result == KS_ACQUIRER_CHALLENGED ||
		   d->result == KS_ACQUIRER_DECLINED || d->result == KS_ACQUIRER_NEEDS_3DS);
	FUZZ_CHECK(d->status_code && d->transaction_status && d->fraud_status && d->brand &&
		   d->card_type && d->eci && d->channel_response_code &&
		   d->channel_response_message);
	FUZZ_CHECK(strcmp(d->status_code, "200") == 0 || strcmp(d->status_code, "201") == 0 ||
		   strcmp(d->status_code, "202") == 0);
	FUZZ_CHECK(d->status_message[0] && !fuzz_has_ctl(d->status_message));
	FUZZ_CHECK(strlen(d->masked_card) == KS_CARD_MASKED_SIZE - 1);
	FUZZ_CHECK(memcmp(d->masked_card, number, 6) == 0 && d->masked_card[6] == '-' &&
		   strcmp(d->masked_card + 7, number + strlen(number) - 4) == 0);
	if (d->result == KS_ACQUIRER_ACCEPTED || d->result == KS_ACQUIRER_CHALLENGED)
		FUZZ_CHECK(all_digits(d->approval_code, 6));
	else
		FUZZ_CHECK(d->approval_code[0] == '\0');
	if (d->result == KS_ACQUIRER_NEEDS_3DS)
		FUZZ_CHECK(secure && strcmp(d->status_code, "201") == 0);
}

/* A field as ks_http_query gives it: decoded, or NULL. */
static char *query_value(const char *raw)
{
	size_t n = strlen(raw);
	char *v = ks_xmalloc(n + 1);
	if (ks_percent_decode(raw, n, v, true) < 0) {
		free(v);
		return NULL;
	}
	return v;
}

static int64_t parse_now(const char *s)
{
	int64_t v = 0;
	bool neg = *s == '-';
	if (!s[neg] || strspn(s + neg, "0123456789") != strlen(s + neg) || strlen(s + neg) > 15)
		return DEFAULT_NOW_MS;
	for (const char *p = s + neg; *p; p++)
		v = v * 10 + (*p - '0');
	return neg ? -v : v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *raw[N_FIELDS], *f[N_FIELDS] = { NULL };
	size_t n = fuzz_split(data, size, "|", &buf, raw, N_FIELDS);
	for (size_t i = 0; i < n && i < F_FLAGS; i++)
		f[i] = query_value(raw[i]);
	const char *flags = n > F_FLAGS ? raw[F_FLAGS] : "";
	int64_t now = n > F_NOW ? parse_now(raw[F_NOW]) : DEFAULT_NOW_MS;

	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = ks_acquirer_check_card(f[F_NUMBER], f[F_MONTH], f[F_YEAR], f[F_CVV], now, &errs);
	if (rc == KS_OK) {
		unsigned m, y;
		FUZZ_CHECK(errs.n == 0);
		FUZZ_CHECK(ks_card_number_wellformed(f[F_NUMBER]) && ks_card_luhn_ok(f[F_NUMBER]));
		FUZZ_CHECK(ks_card_parse_exp_month(f[F_MONTH], &m) == 0 && m >= 1 && m <= 12);
		FUZZ_CHECK(ks_card_parse_exp_year(f[F_YEAR], &y) == 0);
		FUZZ_CHECK(ks_card_expiry_ok(m, y, now));
		FUZZ_CHECK(ks_card_cvv_wellformed(f[F_CVV], ks_card_brand(f[F_NUMBER])));
	} else {
		FUZZ_CHECK(rc == KS_ERR_INVALID && errs.n > 0);
	}
	ks_errlist_release(&errs);

	/* without options, a charge fails exactly when the card does */
	struct ks_acquirer_input in = {
		.card_number = f[F_NUMBER],
		.exp_month = f[F_MONTH],
		.exp_year = f[F_YEAR],
		.cvv = f[F_CVV],
		.now_ms = now,
		.approval_random = (uint32_t)size * 2654435761u,
		.cc = { .secure = strchr(flags, 's') != NULL, .authorize = strchr(flags, 'a') != NULL },
	};
	struct ks_acquirer_decision d;
	int crc = ks_acquirer_charge(&in, &d, &errs);
	FUZZ_CHECK(crc == rc);
	if (crc == KS_OK) {
		FUZZ_CHECK(errs.n == 0);
		check_decision(&d, in.card_number, in.cc.secure);
		bool needed = d.result == KS_ACQUIRER_NEEDS_3DS;
		FUZZ_CHECK(ks_acquirer_complete_3ds(&in, f[F_OTP], &d, &errs) == KS_OK);
		check_decision(&d, in.card_number, in.cc.secure);
		FUZZ_CHECK(d.result != KS_ACQUIRER_NEEDS_3DS);
		if (needed && (!f[F_OTP] || strcmp(f[F_OTP], KS_ACQUIRER_OTP) != 0))
			FUZZ_CHECK(d.result == KS_ACQUIRER_DECLINED &&
				   strcmp(d.status_code, "202") == 0);
	} else {
		FUZZ_CHECK(errs.n > 0 && d.result == KS_ACQUIRER_INVALID);
	}
	ks_errlist_release(&errs);
	for (size_t i = 0; i < N_FIELDS; i++)
		free(f[i]);
	free(buf);
	return 0;
}
