/* This file contains the sandbox card acquirer of acquirer.h: the card and
 * transaction rules that make a charge a validation error, then the outcome
 * the test-card table gives, with or without the 3-D Secure step. */
#include <stdio.h>
#include <string.h>

#include "core/acquirer.h"
#include "core/errors.h"
#include "core/testcards.h"

/* How a charge ends: an outcome and what the bank answered. */
struct reason {
	enum ks_testcard_outcome outcome;
	const char *code;    /* channel_response_code; "" when the bank was not asked */
	const char *message; /* channel_response_message */
	const char *status;  /* status_message instead of the outcome's, or NULL */
};

static const struct reason row_reasons[] = {
	[KS_TESTCARD_ACCEPT] = { KS_TESTCARD_ACCEPT, "00", "Approved", NULL },
	[KS_TESTCARD_CHALLENGE] = { KS_TESTCARD_CHALLENGE, "00", "Approved", NULL },
	[KS_TESTCARD_DENY_FDS] = { KS_TESTCARD_DENY_FDS, "", "", NULL },
	[KS_TESTCARD_DENY_BANK] = { KS_TESTCARD_DENY_BANK, "05", "Do not honour", NULL },
};
static const struct reason deny_unknown = { KS_TESTCARD_DENY_BANK, "14", "Invalid card number", NULL };
static const struct reason deny_cvv = { KS_TESTCARD_DENY_BANK, "N7", "Decline for CVV2 failure", NULL };
static const struct reason deny_otp = { KS_TESTCARD_DENY_BANK, "", "", "3D Secure authentication failed" };

/* What each outcome answers (SPEC §3.3, §8). */
static const struct {
	enum ks_acquirer_result result;
	const char *status_code;
	bool approved; /* captured or authorized, with an approval code */
	const char *fraud_status;
	const char *message; /* NULL: "Deny by Bank [..] with code [..] ..." */
} outcomes[] = {
	[KS_TESTCARD_ACCEPT] = { KS_ACQUIRER_ACCEPTED, "200", true, "accept",
				 "Success, Credit Card transaction is successful" },
	[KS_TESTCARD_CHALLENGE] = { KS_ACQUIRER_CHALLENGED, "201", true, "challenge", "Challenge by FDS" },
	[KS_TESTCARD_DENY_FDS] = { KS_ACQUIRER_DECLINED, "202", false, "deny", "Denied by FDS" },
	[KS_TESTCARD_DENY_BANK] = { KS_ACQUIRER_DECLINED, "202", false, "accept", NULL },
};

/* eci by [brand is mastercard][how the cardholder was authenticated]. */
static const char *const eci_values[2][3] = {
	[0] = { [KS_TESTCARD_3DS_NONE] = "07", [KS_TESTCARD_3DS_FULL] = "05", [KS_TESTCARD_3DS_ATTEMPTED] = "06" },
	[1] = { [KS_TESTCARD_3DS_NONE] = "00", [KS_TESTCARD_3DS_FULL] = "02", [KS_TESTCARD_3DS_ATTEMPTED] = "01" },
};

static bool is_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Copies src into dst[size], cut to fit, optionally upper-cased. */
static void copy_name(char *dst, size_t size, const char *src, bool upper)
{
	size_t len = strnlen(src, size - 1);
	for (size_t i = 0; i < len; i++)
		dst[i] = upper && src[i] >= 'a' && src[i] <= 'z' ? (char)(src[i] - 'a' + 'A') : src[i];
	dst[len] = '\0';
}

int ks_acquirer_check_card(const char *number, const char *exp_month, const char *exp_year,
			   const char *cvv, int64_t now_ms, struct ks_errlist *errs)
{
	size_t before = errs->n;
	if (!number || !*number)
		ks_errlist_add(errs, "card_number is required");
	else if (!ks_card_number_wellformed(number))
		ks_errlist_add(errs, "card_number must be %d to %d digits", KS_CARD_NUMBER_MIN, KS_CARD_NUMBER_MAX);
	else if (!ks_card_luhn_ok(number))
		ks_errlist_add(errs, "card_number is not valid (Luhn check failed)");

	unsigned month, year;
	bool month_ok = ks_card_parse_exp_month(exp_month, &month) == 0;
	bool year_ok = ks_card_parse_exp_year(exp_year, &year) == 0;
	if (!month_ok)
		ks_errlist_add(errs, "card_exp_month must be a month from 01 to 12");
	if (!year_ok)
		ks_errlist_add(errs, "card_exp_year must be 2 or 4 digits");
	if (month_ok && year_ok && !ks_card_expiry_ok(month, year, now_ms))
		ks_errlist_add(errs, "card_exp_month and card_exp_year are in the past: the card has expired");

	enum ks_card_brand brand = ks_card_brand(number);
	if (!ks_card_cvv_wellformed(cvv, brand))
		ks_errlist_add(errs, "card_cvv must be %d digits", brand == KS_CARD_BRAND_AMEX ? 4 : 3);
	return errs->n > before ? KS_ERR_INVALID : KS_OK;
}

/* True when whitelist_bins lets the card through: a digit entry is a prefix
 * of the number, any other entry is the name of its issuing bank. */
static bool whitelisted(const struct ks_acquirer_options *cc, const char *number, const char *issuer)
{
	if (cc->n_whitelist_bins == 0)
		return true;
	for (size_t i = 0; i < cc->n_whitelist_bins; i++) {
		const char *entry = cc->whitelist_bins[i];
		if (!entry || !*entry)
			continue;
		if (is_digits(entry)) {
			if (strncmp(number, entry, strlen(entry)) == 0)
				return true;
		} else if (ks_testcard_name_eq(entry, issuer)) {
			return true;
		}
	}
	return false;
}

/* True when installment.terms offers term months to a card of issuer (NULL
 * for a card of no known bank): its bank's terms and the offline ones. */
static bool term_offered(const struct ks_acquirer_options *cc, const char *issuer, int term)
{
	for (size_t i = 0; i < cc->n_terms; i++) {
		const struct ks_acquirer_terms *t = &cc->terms[i];
		if (!ks_testcard_name_eq(t->bank, "offline") && !ks_testcard_name_eq(t->bank, issuer))
			continue;
		for (size_t j = 0; j < t->n_months; j++)
			if (t->months && t->months[j] == term)
				return true;
	}
	return false;
}

/* The rules of the transaction's credit_card options; number_ok says the
 * card number passed, so its issuer means something. */
static void check_options(const struct ks_acquirer_input *in, bool number_ok, struct ks_errlist *errs)
{
	const char *issuer = number_ok ? ks_testcard_issuer(in->card_number) : NULL;
	if (number_ok && !whitelisted(&in->cc, in->card_number, issuer))
		ks_errlist_add(errs, "card is not allowed by whitelist_bins");

	int term = in->installment_term;
	if (term < 0)
		ks_errlist_add(errs, "installment_term must be a positive number of months");
	else if (term > 0 && number_ok && !term_offered(&in->cc, issuer, term))
		ks_errlist_add(errs, "installment term %d is not offered for this card", term);
	else if (term == 0 && in->cc.installment_required)
		ks_errlist_add(errs, "an installment term is required");
}

/* The fields that do not depend on the outcome. */
static void fill_card(const struct ks_acquirer_input *in, const struct ks_testcard *card,
		      struct ks_acquirer_decision *out)
{
	const char *bank = in->cc.bank && *in->cc.bank ? in->cc.bank : ks_testcard_issuer(in->card_number);
	copy_name(out->bank, sizeof(out->bank), bank ? bank : KS_ACQUIRER_DEFAULT_BANK, false);
	ks_card_mask(in->card_number, out->masked_card, sizeof(out->masked_card));
	const char *brand = ks_card_brand_name(ks_card_brand(in->card_number));
	out->brand = brand ? brand : "";
	out->card_type = card && card->debit ? "debit" : "credit";
	out->installment_term = in->installment_term;
	out->approval_code[0] = '\0';
	out->eci = "";
	out->channel_response_code = "";
	out->channel_response_message = "";
}

/* The charge stops before the bank: the customer must pass the ACS page. */
static void need_3ds(struct ks_acquirer_decision *out)
{
	out->result = KS_ACQUIRER_NEEDS_3DS;
	out->status_code = "201";
	out->transaction_status = "pending";
	out->fraud_status = "accept";
	copy_name(out->status_message, sizeof(out->status_message), "3D Secure authentication is required", false);
}

/* Sets the outcome of r; auth is how the cardholder was authenticated. */
static void finish(const struct ks_acquirer_input *in, const struct reason *r, enum ks_testcard_3ds auth,
		   struct ks_acquirer_decision *out)
{
	bool mc = ks_card_brand(in->card_number) == KS_CARD_BRAND_MASTERCARD;
	out->result = outcomes[r->outcome].result;
	out->status_code = outcomes[r->outcome].status_code;
	out->fraud_status = outcomes[r->outcome].fraud_status;
	out->eci = eci_values[mc][auth];
	out->channel_response_code = r->code;
	out->channel_response_message = r->message;
	if (outcomes[r->outcome].approved) {
		out->transaction_status = in->cc.authorize ? "authorize" : "capture";
		uint32_t n = in->approval_random % 1000000u;
		for (int i = 5; i >= 0; i--, n /= 10)
			out->approval_code[i] = (char)('0' + n % 10);
		out->approval_code[6] = '\0';
	} else {
		out->transaction_status = "deny";
	}

	const char *msg = r->status ? r->status : outcomes[r->outcome].message;
	if (msg) {
		copy_name(out->status_message, sizeof(out->status_message), msg, false);
	} else {
		char bank[KS_ACQUIRER_BANK_MAX + 1];
		copy_name(bank, sizeof(bank), out->bank, true);
		snprintf(out->status_message, sizeof(out->status_message),
			 "Deny by Bank [%s] with code [%s] and message [%s]", bank, r->code, r->message);
	}
}

/* ks_acquirer_charge, and with completing set ks_acquirer_complete_3ds. */
static int decide(const struct ks_acquirer_input *in, bool completing, const char *otp,
		  struct ks_acquirer_decision *out, struct ks_errlist *errs)
{
	memset(out, 0, sizeof(*out));
	size_t before = errs->n;
	ks_acquirer_check_card(in->card_number, in->exp_month, in->exp_year, in->cvv, in->now_ms, errs);
	bool number_ok = ks_card_number_wellformed(in->card_number) && ks_card_luhn_ok(in->card_number);
	check_options(in, number_ok, errs);
	if (errs->n > before)
		return KS_ERR_INVALID;

	const struct ks_testcard *card = ks_testcard_lookup(in->card_number);
	fill_card(in, card, out);
	if (!card)
		finish(in, &deny_unknown, KS_TESTCARD_3DS_NONE, out);
	else if (strcmp(in->cvv, KS_ACQUIRER_CVV) != 0)
		finish(in, &deny_cvv, KS_TESTCARD_3DS_NONE, out);
	else if (!in->cc.secure || card->secure == KS_TESTCARD_3DS_NONE)
		finish(in, &row_reasons[card->outcome], KS_TESTCARD_3DS_NONE, out);
	else if (!completing)
		need_3ds(out);
	else if (!otp || strcmp(otp, KS_ACQUIRER_OTP) != 0)
		finish(in, &deny_otp, KS_TESTCARD_3DS_NONE, out);
	else
		finish(in, &row_reasons[card->outcome], card->secure, out);
	return KS_OK;
}

int ks_acquirer_charge(const struct ks_acquirer_input *in, struct ks_acquirer_decision *out,
		       struct ks_errlist *errs)
{
	return decide(in, false, NULL, out, errs);
}

int ks_acquirer_complete_3ds(const struct ks_acquirer_input *in, const char *otp,
			     struct ks_acquirer_decision *out, struct ks_errlist *errs)
{
	return decide(in, true, otp, out, errs);
}
