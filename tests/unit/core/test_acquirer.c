/* This file contains the tests of the sandbox card acquirer (SPEC §2.4,
 * §5.3, §7.1): every test card with 3-D Secure off and on, the OTP step,
 * validation, whitelist_bins, installment terms and pre-authorization. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/acquirer.h"
#include "core/errors.h"
#include "core/testcards.h"
#include "core/timefmt.h"
#include "rowtest.h"

#define MS_PER_DAY (INT64_C(86400) * 1000)

/* What each outcome of the table answers (SPEC §7.1, §8). */
static const struct {
	enum ks_acquirer_result result;
	const char *status_code, *capture, *authorize, *fraud_status, *channel_code;
	bool approval;
} want_of[] = {
	[KS_TESTCARD_ACCEPT] = { KS_ACQUIRER_ACCEPTED, "200", "capture", "authorize", "accept", "00", true },
	[KS_TESTCARD_CHALLENGE] = { KS_ACQUIRER_CHALLENGED, "201", "capture", "authorize", "challenge", "00", true },
	[KS_TESTCARD_DENY_FDS] = { KS_ACQUIRER_DECLINED, "202", "deny", "deny", "deny", "", false },
	[KS_TESTCARD_DENY_BANK] = { KS_ACQUIRER_DECLINED, "202", "deny", "deny", "accept", "05", false },
};

/* A charge of number at 2026-03-15 with the documented expiry and CVV. */
static struct ks_acquirer_input input(const char *number)
{
	struct ks_acquirer_input in = {
		.card_number = number,
		.exp_month = "01",
		.exp_year = "2020",
		.cvv = "123",
		.now_ms = ks_days_from_civil(2026, 3, 15) * MS_PER_DAY,
		.approval_random = 4123456u,
	};
	return in;
}

/* The eci expected for a brand authenticated as auth. */
static const char *want_eci(enum ks_card_brand brand, enum ks_testcard_3ds auth)
{
	bool mc = brand == KS_CARD_BRAND_MASTERCARD;
	if (auth == KS_TESTCARD_3DS_FULL)
		return mc ? "02" : "05";
	if (auth == KS_TESTCARD_3DS_ATTEMPTED)
		return mc ? "01" : "06";
	return mc ? "00" : "07";
}

/* Checks a final decision on test card c. */
static void expect_outcome(const struct ks_testcard *c, const struct ks_acquirer_decision *d,
			   enum ks_testcard_3ds auth, bool authorize)
{
	const char *n = c->number;
	cr_expect_eq(d->result, want_of[c->outcome].result, "%s result", n);
	cr_expect_str_eq(d->status_code, want_of[c->outcome].status_code, "%s", n);
	cr_expect_str_eq(d->transaction_status,
			 authorize ? want_of[c->outcome].authorize : want_of[c->outcome].capture, "%s", n);
	cr_expect_str_eq(d->fraud_status, want_of[c->outcome].fraud_status, "%s", n);
	cr_expect_str_eq(d->approval_code, want_of[c->outcome].approval ? "123456" : "", "%s", n);
	cr_expect_str_eq(d->channel_response_code, want_of[c->outcome].channel_code, "%s", n);
	cr_expect_str_eq(d->eci, want_eci(c->brand, auth), "%s eci", n);
	cr_expect_str_eq(d->bank, c->bank ? c->bank : "bni", "%s bank", n);
	cr_expect_str_eq(d->card_type, c->debit ? "debit" : "credit", "%s", n);
	const char *brand = ks_card_brand_name(c->brand);
	cr_expect_str_eq(d->brand, brand ? brand : "", "%s", n);
	char masked[KS_CARD_MASKED_SIZE];
	ks_card_mask(n, masked, sizeof(masked));
	cr_expect_str_eq(d->masked_card, masked, "%s", n);
	cr_expect_neq(d->status_message[0], '\0', "%s", n);
}

ParameterizedTestParameters(acquirer, every_card_secure_off)
{
	size_t n = ks_testcard_count();
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, acquirer, every_card_secure_off)
{
	const struct ks_testcard *c = ks_testcard_at(*i);
	struct ks_acquirer_input in = input(c->number);
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK, "%s", c->number);
	cr_expect_eq(errs.n, 0);
	/* a 3-D Secure card with secure off is charged without the ACS step */
	expect_outcome(c, &d, KS_TESTCARD_3DS_NONE, false);
	ks_errlist_release(&errs);
}

ParameterizedTestParameters(acquirer, every_card_secure_on)
{
	size_t n = ks_testcard_count();
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, acquirer, every_card_secure_on)
{
	const struct ks_testcard *c = ks_testcard_at(*i);
	struct ks_acquirer_input in = input(c->number);
	in.cc.secure = true;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK, "%s", c->number);
	if (c->secure == KS_TESTCARD_3DS_NONE) {
		/* a plain card with secure on is charged without the ACS step */
		expect_outcome(c, &d, KS_TESTCARD_3DS_NONE, false);
	} else {
		cr_expect_eq(d.result, KS_ACQUIRER_NEEDS_3DS, "%s", c->number);
		cr_expect_str_eq(d.status_code, "201");
		cr_expect_str_eq(d.transaction_status, "pending");
		cr_expect_str_eq(d.approval_code, "");
		cr_expect_str_eq(d.eci, "");
		cr_assert_eq(ks_acquirer_complete_3ds(&in, KS_ACQUIRER_OTP, &d, &errs), KS_OK);
		expect_outcome(c, &d, c->secure, false);
	}
	cr_expect_eq(errs.n, 0);
	ks_errlist_release(&errs);
}

ParameterizedTestParameters(acquirer, every_card_wrong_otp)
{
	size_t n = ks_testcard_count();
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, acquirer, every_card_wrong_otp)
{
	const struct ks_testcard *c = ks_testcard_at(*i);
	if (c->secure == KS_TESTCARD_3DS_NONE)
		return;
	struct ks_acquirer_input in = input(c->number);
	in.cc.secure = true;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	static const char *const wrong[] = { "112234", "", "1122330", NULL };
	for (size_t k = 0; k < sizeof(wrong) / sizeof(wrong[0]); k++) {
		cr_assert_eq(ks_acquirer_complete_3ds(&in, wrong[k], &d, &errs), KS_OK);
		cr_expect_eq(d.result, KS_ACQUIRER_DECLINED, "%s", c->number);
		cr_expect_str_eq(d.status_code, "202");
		cr_expect_str_eq(d.transaction_status, "deny");
		cr_expect_str_eq(d.fraud_status, "accept");
		cr_expect_str_eq(d.approval_code, "");
		cr_expect_str_eq(d.status_message, "3D Secure authentication failed");
		cr_expect_str_eq(d.eci, want_eci(c->brand, KS_TESTCARD_3DS_NONE));
	}
	ks_errlist_release(&errs);
}

ParameterizedTestParameters(acquirer, every_card_preauth)
{
	size_t n = ks_testcard_count();
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, acquirer, every_card_preauth)
{
	const struct ks_testcard *c = ks_testcard_at(*i);
	struct ks_acquirer_input in = input(c->number);
	in.cc.authorize = true;
	in.cc.secure = true;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_complete_3ds(&in, KS_ACQUIRER_OTP, &d, &errs), KS_OK);
	expect_outcome(c, &d, c->secure, true);
	ks_errlist_release(&errs);
}

/* Charges that are not test-card rows or not the right CVV. */
struct decline_row {
	const char *number, *cvv;
	const char *channel_code, *status_message;
};

static const struct decline_row decline_rows[] = {
	{ "4000000000000002", "123", "14", "Deny by Bank [BNI] with code [14] and message [Invalid card number]" },
	{ "5555555555554444", "123", "14", "Deny by Bank [BNI] with code [14] and message [Invalid card number]" },
	{ "378282246310005", "1234", "14", "Deny by Bank [BNI] with code [14] and message [Invalid card number]" },
	{ "3528000000000007", "123", "14", "Deny by Bank [BNI] with code [14] and message [Invalid card number]" },
	{ "4011111111111112", "456", "N7", "Deny by Bank [BNI] with code [N7] and message [Decline for CVV2 failure]" },
	{ "4811111111111114", "000", "N7", "Deny by Bank [BNI] with code [N7] and message [Decline for CVV2 failure]" },
	{ "4617003081778145", "124", "N7",
	  "Deny by Bank [MANDIRI] with code [N7] and message [Decline for CVV2 failure]" },
	{ "4617008560831760", "123", "05", "Deny by Bank [MANDIRI] with code [05] and message [Do not honour]" },
};

ParameterizedTestParameters(acquirer, declined_by_bank)
{
	return ROWTEST_PARAMS(decline_rows);
}

ParameterizedTest(size_t *i, acquirer, declined_by_bank)
{
	const struct decline_row *r = &decline_rows[*i];
	struct ks_acquirer_input in = input(r->number);
	in.cvv = r->cvv;
	in.cc.secure = true; /* no ACS step: the bank refuses first */
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK, "row %zu", *i);
	cr_expect_eq(d.result, KS_ACQUIRER_DECLINED, "row %zu", *i);
	cr_expect_str_eq(d.status_code, "202");
	cr_expect_str_eq(d.transaction_status, "deny");
	cr_expect_str_eq(d.fraud_status, "accept");
	cr_expect_str_eq(d.approval_code, "");
	cr_expect_str_eq(d.channel_response_code, r->channel_code, "row %zu", *i);
	cr_expect_str_eq(d.status_message, r->status_message, "row %zu", *i);
	ks_errlist_release(&errs);
}

/* Validation: each row lists every message expected, in order. */
struct invalid_row {
	const char *number, *month, *year, *cvv;
	const char *msgs[4];
};

static const struct invalid_row invalid_rows[] = {
	{ "4811111111111115", "01", "2020", "123", { "card_number is not valid (Luhn check failed)" } },
	{ "481111", "01", "2020", "123", { "card_number must be 12 to 19 digits" } },
	{ "4811 1111 1111 1114", "01", "2020", "123", { "card_number must be 12 to 19 digits" } },
	{ "", "01", "2020", "123", { "card_number is required" } },
	{ NULL, "01", "2020", "123", { "card_number is required" } },
	{ "4811111111111114", "13", "2030", "123", { "card_exp_month must be a month from 01 to 12" } },
	{ "4811111111111114", "00", "2030", "123", { "card_exp_month must be a month from 01 to 12" } },
	{ "4811111111111114", "01", "202", "123", { "card_exp_year must be 2 or 4 digits" } },
	{ "4811111111111114", "02", "2026",
	  "123", { "card_exp_month and card_exp_year are in the past: the card has expired" } },
	{ "4811111111111114", "02", "2020",
	  "123", { "card_exp_month and card_exp_year are in the past: the card has expired" } },
	{ "4811111111111114", "01", "2020", "12", { "card_cvv must be 3 digits" } },
	{ "4811111111111114", "01", "2020", "1234", { "card_cvv must be 3 digits" } },
	{ "4811111111111114", "01", "2020", NULL, { "card_cvv must be 3 digits" } },
	{ "378282246310005", "01", "2020", "123", { "card_cvv must be 4 digits" } },
	{ "4811111111111115",
	  "13",
	  "20",
	  "1",
	  { "card_number is not valid (Luhn check failed)", "card_exp_month must be a month from 01 to 12",
	    "card_cvv must be 3 digits" } },
	{ NULL,
	  NULL,
	  NULL,
	  NULL,
	  { "card_number is required", "card_exp_month must be a month from 01 to 12",
	    "card_exp_year must be 2 or 4 digits", "card_cvv must be 3 digits" } },
};

ParameterizedTestParameters(acquirer, invalid_card)
{
	return ROWTEST_PARAMS(invalid_rows);
}

ParameterizedTest(size_t *i, acquirer, invalid_card)
{
	const struct invalid_row *r = &invalid_rows[*i];
	struct ks_acquirer_input in = input(r->number);
	in.exp_month = r->month;
	in.exp_year = r->year;
	in.cvv = r->cvv;
	struct ks_acquirer_decision d;
	memset(&d, 0x5a, sizeof(d));
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_ERR_INVALID, "row %zu", *i);
	cr_expect_eq(d.result, KS_ACQUIRER_INVALID);
	cr_expect_null(d.status_code, "a refused charge leaves *out cleared");
	size_t want = 0;
	while (want < 4 && r->msgs[want])
		want++;
	cr_assert_eq(errs.n, want, "row %zu: %zu messages", *i, errs.n);
	for (size_t k = 0; k < want; k++)
		cr_expect_str_eq(errs.msgs[k], r->msgs[k], "row %zu", *i);
	ks_errlist_release(&errs);

	/* tokenization checks the same card rules */
	cr_expect_eq(ks_acquirer_check_card(r->number, r->month, r->year, r->cvv, in.now_ms, &errs), KS_ERR_INVALID);
	cr_expect_eq(errs.n, want);
	ks_errlist_release(&errs);
}

Test(acquirer, expiry_this_month_is_fine)
{
	struct ks_acquirer_input in = input("4011111111111112");
	in.exp_month = "3";
	in.exp_year = "26";
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_expect_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK);
	cr_expect_eq(d.result, KS_ACQUIRER_ACCEPTED);
	cr_expect_eq(ks_acquirer_check_card("4011111111111112", "03", "2026", "123", in.now_ms, &errs), KS_OK);
	cr_expect_eq(errs.n, 0);
	ks_errlist_release(&errs);
}

/* whitelist_bins: lists end at NULL (the test counts them). */
struct whitelist_row {
	const char *number;
	const char *bins[4];
	bool allowed;
};

static const struct whitelist_row whitelist_rows[] = {
	{ "4811111111111114", { NULL }, true },
	{ "4811111111111114", { "48111111", "41111111" }, true },
	{ "4111111111111111", { "48111111", "41111111" }, true },
	{ "4011111111111112", { "48111111", "41111111" }, false },
	{ "4811111111111114", { "481111" }, true },
	{ "4811111111111114", { "4" }, true },
	{ "4811111111111114", { "5" }, false },
	{ "4105056864750672", { "bni" }, true },
	{ "5264221038874659", { "bni" }, true },
	{ "1946415981487684", { "bni" }, true }, /* BNI Private Label */
	{ "4811111111111114", { "bni" }, false }, /* a general card has no issuer */
	{ "4811111111111114", { "48111111", "bni" }, true },
	{ "4773778102906680", { "BCA" }, true },
	{ "4097665829708136", { "mandiri" }, true }, /* Mandiri Debit */
	{ "5481162038307406", { "41111111", "cimb" }, true },
	{ "5481161111111081", { "41111111", "cimb" }, false }, /* same 6 digits, not CIMB */
	{ "5520088314653770", { "maybank" }, true },
	{ "5520088314653770", { "bri" }, false },
	{ "5520021909203008", { "bri" }, true },
	{ "4365029993620368", { "mega", "" }, false },
	{ "4000000000000002", { "bni", "bca", "mandiri" }, false },
};

ParameterizedTestParameters(acquirer, whitelist)
{
	return ROWTEST_PARAMS(whitelist_rows);
}

ParameterizedTest(size_t *i, acquirer, whitelist)
{
	const struct whitelist_row *r = &whitelist_rows[*i];
	struct ks_acquirer_input in = input(r->number);
	size_t n = 0;
	while (n < 4 && r->bins[n])
		n++;
	in.cc.whitelist_bins = r->bins;
	in.cc.n_whitelist_bins = n;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = ks_acquirer_charge(&in, &d, &errs);
	if (r->allowed) {
		cr_expect_eq(rc, KS_OK, "row %zu", *i);
		cr_expect_neq(d.result, KS_ACQUIRER_INVALID, "row %zu", *i);
	} else {
		cr_expect_eq(rc, KS_ERR_INVALID, "row %zu", *i);
		cr_assert_eq(errs.n, 1, "row %zu", *i);
		cr_expect_str_eq(errs.msgs[0], "card is not allowed by whitelist_bins");
	}
	ks_errlist_release(&errs);
}

/* installment.terms as the original's example, and one without offline. */
static const int m3_6_12[] = { 3, 6, 12 }, m3[] = { 3 }, m6_12[] = { 6, 12 };
static const struct ks_acquirer_terms doc_terms[] = {
	{ "bni", m3_6_12, 3 }, { "mandiri", m3_6_12, 3 }, { "cimb", m3, 1 },
	{ "bca", m3_6_12, 3 }, { "offline", m6_12, 2 },
};
static const struct ks_acquirer_terms bank_only_terms[] = { { "BNI", m3, 1 } };

struct installment_row {
	const char *number;
	bool bank_only; /* bank_only_terms instead of doc_terms */
	bool required;
	int term;
	const char *msg; /* NULL: charged with this term */
};

static const struct installment_row installment_rows[] = {
	{ "4105056864750672", false, false, 3, NULL },	 /* BNI: bni terms */
	{ "4105056864750672", false, false, 12, NULL },
	{ "4105056864750672", false, false, 24, "installment term 24 is not offered for this card" },
	{ "4599204355169092", false, false, 3, NULL },	 /* CIMB: cimb terms */
	{ "4599204355169092", false, false, 6, NULL },	 /* CIMB: offline */
	{ "4599204355169092", false, false, 9, "installment term 9 is not offered for this card" },
	{ "4365029993620368", false, false, 3, "installment term 3 is not offered for this card" }, /* BRI */
	{ "4365029993620368", false, false, 12, NULL }, /* BRI: offline */
	{ "4811111111111114", false, false, 3, "installment term 3 is not offered for this card" },
	{ "4811111111111114", false, false, 6, NULL },	/* general card: offline */
	{ "4097665829708136", false, false, 3, NULL },	/* Mandiri Debit */
	{ "4105056864750672", true, false, 3, NULL },	/* "BNI" matches bni */
	{ "4811111111111114", true, false, 6, "installment term 6 is not offered for this card" },
	{ "4811111111111114", false, true, 0, "an installment term is required" },
	{ "4105056864750672", false, true, 3, NULL },
	{ "4105056864750672", false, false, 0, NULL },
	{ "4105056864750672", false, false, -3, "installment_term must be a positive number of months" },
};

ParameterizedTestParameters(acquirer, installment)
{
	return ROWTEST_PARAMS(installment_rows);
}

ParameterizedTest(size_t *i, acquirer, installment)
{
	const struct installment_row *r = &installment_rows[*i];
	struct ks_acquirer_input in = input(r->number);
	in.cc.terms = r->bank_only ? bank_only_terms : doc_terms;
	in.cc.n_terms = r->bank_only ? 1 : sizeof(doc_terms) / sizeof(doc_terms[0]);
	in.cc.installment_required = r->required;
	in.installment_term = r->term;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = ks_acquirer_charge(&in, &d, &errs);
	if (!r->msg) {
		cr_expect_eq(rc, KS_OK, "row %zu", *i);
		cr_expect_eq(d.result, KS_ACQUIRER_ACCEPTED, "row %zu", *i);
		cr_expect_eq(d.installment_term, r->term, "row %zu", *i);
	} else {
		cr_expect_eq(rc, KS_ERR_INVALID, "row %zu", *i);
		cr_assert_eq(errs.n, 1, "row %zu", *i);
		cr_expect_str_eq(errs.msgs[0], r->msg, "row %zu", *i);
	}
	ks_errlist_release(&errs);
}

Test(acquirer, every_failed_rule_is_reported)
{
	static const char *const bins[] = { "41111111" };
	struct ks_acquirer_input in = input("4811111111111114");
	in.cvv = "12";
	in.cc.whitelist_bins = bins;
	in.cc.n_whitelist_bins = 1;
	in.cc.installment_required = true;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_ERR_INVALID);
	cr_assert_eq(errs.n, 3);
	cr_expect_str_eq(errs.msgs[0], "card_cvv must be 3 digits");
	cr_expect_str_eq(errs.msgs[1], "card is not allowed by whitelist_bins");
	cr_expect_str_eq(errs.msgs[2], "an installment term is required");
	ks_errlist_release(&errs);
}

struct bank_row {
	const char *number, *cc_bank, *bank;
};

static const struct bank_row bank_rows[] = {
	{ "4011111111111112", NULL, "bni" },	      /* no issuer: the default */
	{ "4011111111111112", "bca", "bca" },	      /* credit_card.bank wins */
	{ "4011111111111112", "", "bni" },
	{ "4617003081778145", NULL, "mandiri" },      /* the issuer */
	{ "4617003081778145", "cimb", "cimb" },
	{ "5520088314653770", NULL, "maybank" },
	{ "4011111111111112", "a-very-long-bank-name-that-is-cut", "a-very-long-bank-name-t" },
};

ParameterizedTestParameters(acquirer, bank)
{
	return ROWTEST_PARAMS(bank_rows);
}

ParameterizedTest(size_t *i, acquirer, bank)
{
	const struct bank_row *r = &bank_rows[*i];
	struct ks_acquirer_input in = input(r->number);
	in.cc.bank = r->cc_bank;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK);
	cr_expect_str_eq(d.bank, r->bank, "row %zu", *i);
	ks_errlist_release(&errs);
}

struct approval_row {
	uint32_t random;
	const char *code;
};

static const struct approval_row approval_rows[] = {
	{ 0, "000000" }, { 123, "000123" }, { 999999, "999999" }, { 1000000, "000000" },
	{ UINT32_MAX, "967295" },
};

ParameterizedTestParameters(acquirer, approval_code)
{
	return ROWTEST_PARAMS(approval_rows);
}

ParameterizedTest(size_t *i, acquirer, approval_code)
{
	struct ks_acquirer_input in = input("4011111111111112");
	in.approval_random = approval_rows[*i].random;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK);
	cr_expect_str_eq(d.approval_code, approval_rows[*i].code);
	ks_errlist_release(&errs);
}

Test(acquirer, documented_success_result)
{
	/* the original's example: 4811 1111 1111 1114 through 3-D Secure */
	struct ks_acquirer_input in = input("4811111111111114");
	in.cc.secure = true;
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK);
	cr_expect_eq(d.result, KS_ACQUIRER_NEEDS_3DS);
	cr_expect_str_eq(d.masked_card, "481111-1114");
	cr_assert_eq(ks_acquirer_complete_3ds(&in, "112233", &d, &errs), KS_OK);
	cr_expect_str_eq(d.status_code, "200");
	cr_expect_str_eq(d.status_message, "Success, Credit Card transaction is successful");
	cr_expect_str_eq(d.transaction_status, "capture");
	cr_expect_str_eq(d.fraud_status, "accept");
	cr_expect_str_eq(d.masked_card, "481111-1114");
	cr_expect_str_eq(d.bank, "bni");
	cr_expect_str_eq(d.eci, "05");
	cr_expect_str_eq(d.brand, "visa");
	cr_expect_str_eq(d.card_type, "credit");
	cr_expect_str_eq(d.channel_response_code, "00");
	cr_expect_str_eq(d.channel_response_message, "Approved");
	ks_errlist_release(&errs);
}

Test(acquirer, complete_without_acs_step_is_the_charge)
{
	struct ks_acquirer_input in = input("4111111111111111");
	in.cc.secure = true;
	struct ks_acquirer_decision a, b;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &a, &errs), KS_OK);
	cr_assert_eq(ks_acquirer_complete_3ds(&in, "000000", &b, &errs), KS_OK);
	cr_expect_eq(a.result, KS_ACQUIRER_CHALLENGED);
	cr_expect_eq(b.result, KS_ACQUIRER_CHALLENGED);
	cr_expect_str_eq(a.status_code, b.status_code);
	cr_expect_str_eq(b.status_message, "Challenge by FDS");
	ks_errlist_release(&errs);
}

Test(acquirer, complete_revalidates)
{
	struct ks_acquirer_input in = input("4811111111111114");
	in.cc.secure = true;
	in.cvv = "1";
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_expect_eq(ks_acquirer_complete_3ds(&in, KS_ACQUIRER_OTP, &d, &errs), KS_ERR_INVALID);
	cr_expect_eq(d.result, KS_ACQUIRER_INVALID);
	cr_expect_eq(errs.n, 1);
	ks_errlist_release(&errs);
}

Test(acquirer, deny_by_fds_message)
{
	struct ks_acquirer_input in = input("5210111111111118");
	struct ks_acquirer_decision d;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	cr_assert_eq(ks_acquirer_charge(&in, &d, &errs), KS_OK);
	cr_expect_str_eq(d.status_message, "Denied by FDS");
	cr_expect_str_eq(d.channel_response_code, "");
	cr_expect_str_eq(d.channel_response_message, "");
	cr_expect_str_eq(d.eci, "00");
	ks_errlist_release(&errs);
}
