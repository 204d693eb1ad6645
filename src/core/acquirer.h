/* The sandbox card acquirer (SPEC §2.4, §5.3, §7.1, §8): from a card, the
 * transaction's credit_card options and the clock, the decision a Midtrans
 * charge answers with. Pure: no I/O, no clock, no randomness of its own.
 *
 * Choices the original leaves open, made here:
 * - eci, by brand and how the cardholder was authenticated: full 3-D Secure
 *   "05" (mastercard "02"), attempted "06" (mastercard "01"), no ACS step
 *   or a failed one "07" (mastercard "00"). amex, jcb and cards of no known
 *   brand use the visa values.
 * - bank (the acquiring bank): credit_card.bank when given, else the issuing
 *   bank from the BIN (ks_testcard_issuer), else "bni", the bank of the
 *   original's example result for 4811 1111 1111 1114.
 * - Both 3-D Secure enrolments (full and attempted) take the ACS step when
 *   secure is on; every other card is charged at once.
 * - A well-formed CVV other than 123, or a card that passes Luhn but is not
 *   a test card, is denied by the bank at once, before any ACS step.
 * - An expired card and a card outside whitelist_bins are validation
 *   errors (400), like a bad number, so the page can say what to fix.
 * - installment.terms: a bank's terms apply to the cards that bank issues,
 *   "offline" terms to every card; the terms offered are their union.
 * - channel_response_code/message: "00" Approved (accept, challenge), "05"
 *   Do not honour (a deny-by-bank test card), "14" Invalid card number (not
 *   a test card), "N7" Decline for CVV2 failure (wrong CVV); "" when the bank
 *   was never asked (deny by FDS, failed 3-D Secure). */
#ifndef KS_CORE_ACQUIRER_H
#define KS_CORE_ACQUIRER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/card.h"
#include "core/errlist.h"

/* The OTP the sandbox ACS page accepts (SPEC §7.1). */
#define KS_ACQUIRER_OTP "112233"
/* The CVV every sandbox test card has. */
#define KS_ACQUIRER_CVV "123"
/* Acquiring bank when neither credit_card.bank nor the BIN names one. */
#define KS_ACQUIRER_DEFAULT_BANK "bni"
#define KS_ACQUIRER_BANK_MAX 23

/* One entry of installment.terms: a bank name or "offline", and its month
 * counts. Borrowed from the caller. */
struct ks_acquirer_terms {
	const char *bank;
	const int *months;
	size_t n_months;
};

/* The transaction's credit_card options (SPEC §2.4), as validated when the
 * token was created. Every pointer is borrowed from the caller. */
struct ks_acquirer_options {
	bool secure;
	const char *bank; /* acquiring bank; NULL when absent */
	bool authorize;	  /* type "authorize": pre-authorization (SPEC §5.3) */
	/* card-number prefixes of up to 8 digits or bank names (bni, bca,
	 * mandiri, cimb, bri, maybank); n_whitelist_bins 0 allows every card */
	const char *const *whitelist_bins;
	size_t n_whitelist_bins;
	const struct ks_acquirer_terms *terms;
	size_t n_terms;
	bool installment_required;
};

/* One charge attempt. The strings are borrowed; NULL counts as absent. */
struct ks_acquirer_input {
	const char *card_number; /* digits only; callers strip spaces */
	const char *exp_month;	 /* card_exp_month, "1".."12" or "01".."12" */
	const char *exp_year;	 /* card_exp_year, "yy" or "yyyy" */
	const char *cvv;
	int64_t now_ms; /* the caller's clock, ms since the epoch */
	int installment_term; /* months chosen by the customer; 0 = none */
	/* a random number from the caller; its last 6 decimal digits become
	 * the approval code, so tests can fix it */
	uint32_t approval_random;
	struct ks_acquirer_options cc;
};

enum ks_acquirer_result {
	KS_ACQUIRER_INVALID = 0, /* validation error (400); see errs */
	KS_ACQUIRER_ACCEPTED,	 /* 200: capture, or authorize for pre-auth */
	KS_ACQUIRER_CHALLENGED,	 /* 201: held by fraud detection */
	KS_ACQUIRER_DECLINED,	 /* 202: deny, by fraud detection or by the bank */
	KS_ACQUIRER_NEEDS_3DS,	 /* 201 pending: send the customer to the ACS page */
};

/* The decision. Every string field is static storage or a buffer inside
 * the struct, never NULL after success; "" means the field is left out of
 * the Transaction Result (SPEC §3.3). */
struct ks_acquirer_decision {
	enum ks_acquirer_result result;
	const char *status_code;	/* "200", "201", "202" */
	char status_message[128];	/* e.g. "Deny by Bank [BNI] with code [05] and message [Do not honour]" */
	const char *transaction_status; /* capture, authorize, deny; pending before 3-D Secure */
	const char *fraud_status;	/* accept, challenge, deny */
	char approval_code[7];		/* 6 digits for accepted and challenged, else "" */
	char masked_card[KS_CARD_MASKED_SIZE]; /* "481111-1114" */
	char bank[KS_ACQUIRER_BANK_MAX + 1];   /* acquiring bank, as given (cut to fit) */
	const char *brand;		       /* visa, mastercard, amex, jcb; "" when unknown */
	const char *card_type;		       /* credit or debit */
	const char *eci;		       /* "" until 3-D Secure is done */
	const char *channel_response_code;
	const char *channel_response_message;
	int installment_term; /* the term charged, 0 = none */
};

/* Validates the card fields alone, as card tokenization does: card_number
 * (12 to 19 digits, Luhn), card_exp_month, card_exp_year (and that the
 * card has not expired at now_ms), card_cvv (3 digits, 4 for amex).
 * Appends one message per failed rule to errs, naming the field. Returns
 * KS_OK or KS_ERR_INVALID. */
int ks_acquirer_check_card(const char *number, const char *exp_month, const char *exp_year,
			   const char *cvv, int64_t now_ms, struct ks_errlist *errs);

/* Charges a card (SPEC §7.1): validates the card, whitelist_bins and the
 * installment rules, then decides from the test-card table. Clears *out on
 * entry. Returns KS_OK with the decision in *out (result ACCEPTED,
 * CHALLENGED, DECLINED or NEEDS_3DS); or KS_ERR_INVALID with one message
 * per failed rule appended to errs and *out left cleared (result
 * KS_ACQUIRER_INVALID). The caller releases errs. */
int ks_acquirer_charge(const struct ks_acquirer_input *in, struct ks_acquirer_decision *out,
		       struct ks_errlist *errs);

/* Completes the 3-D Secure step of a charge that answered NEEDS_3DS: called
 * again with the same input and the OTP the customer typed on the ACS
 * page. OTP KS_ACQUIRER_OTP gives the card's own outcome, with the eci of
 * its enrolment; any other OTP (NULL included) is denied: status_code
 * "202", transaction_status deny, fraud_status accept. When the input needs
 * no ACS step it answers as ks_acquirer_charge does and ignores otp.
 * Returns and clears as ks_acquirer_charge. */
int ks_acquirer_complete_3ds(const struct ks_acquirer_input *in, const char *otp,
			     struct ks_acquirer_decision *out, struct ks_errlist *errs);

#endif
