/* The sandbox test cards of the original document (SPEC §7.1, "Kartu Umum"
 * and "Kartu Spesifik per Bank") as one static table, and the BIN table that
 * names the issuing bank of a card number. Pure data and look-ups. */
#ifndef KS_CORE_TESTCARDS_H
#define KS_CORE_TESTCARDS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/card.h"

/* 3-D Secure enrolment of a test card. */
enum ks_testcard_3ds {
	KS_TESTCARD_3DS_NONE = 0,  /* not a 3-D Secure test card */
	KS_TESTCARD_3DS_FULL,      /* "Authentikasi Penuh": full authentication */
	KS_TESTCARD_3DS_ATTEMPTED, /* "Authentikasi Sebagian": attempted */
};

/* What the sandbox does with a charge on the card. */
enum ks_testcard_outcome {
	KS_TESTCARD_ACCEPT = 0,
	KS_TESTCARD_CHALLENGE, /* challenged by fraud detection (FDS) */
	KS_TESTCARD_DENY_FDS,  /* denied by fraud detection */
	KS_TESTCARD_DENY_BANK, /* denied by the issuing bank */
};

struct ks_testcard {
	const char *number; /* digits only */
	enum ks_card_brand brand;
	/* issuing bank as whitelist_bins and installment.terms name it (bca,
	 * bni, bri, cimb, mandiri, maybank); NULL for the general cards */
	const char *bank;
	bool debit; /* card_type "debit" (Mandiri Debit); otherwise "credit" */
	enum ks_testcard_3ds secure;
	enum ks_testcard_outcome outcome;
	const char *row; /* the row of the original, e.g. "BNI Private Label success" */
};

/* The test card with exactly this number (digits only: callers strip
 * spaces), or NULL. Returns a pointer into static storage. */
const struct ks_testcard *ks_testcard_lookup(const char *digits);

/* Number of rows in the table, and row i (NULL when i is out of range);
 * static storage. Lets tests walk every row. */
size_t ks_testcard_count(void);
const struct ks_testcard *ks_testcard_at(size_t i);

/* The issuing bank of a card number from its BIN, as a bank name of
 * ks_testcard_is_bank_name, or NULL when no bank-specific test card shares
 * its prefix (every general test card gives NULL). Static storage.
 *
 * The table is derived from the bank-specific cards of the original: the
 * first 6 digits of each, except where 6 digits are shared with a card of
 * another issuer (CIMB's Mastercards share 548116 with the general card
 * 5481 1611 1111 1081), where the first 8 digits of each card are used. */
const char *ks_testcard_issuer(const char *digits);

/* True when name is a bank whitelist_bins may name (bni, bca, mandiri,
 * cimb, bri, maybank), compared without regard to ASCII case. */
bool ks_testcard_is_bank_name(const char *name);

/* True when a and b are equal without regard to ASCII case (no locale).
 * Either may be NULL, which equals nothing. */
bool ks_testcard_name_eq(const char *a, const char *b);

#endif
