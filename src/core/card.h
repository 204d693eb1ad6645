/* Card number rules of the sandbox acquirer (SPEC §3.3, §7.1): the Luhn
 * check, the brand from the leading digits, the masked form, and the expiry
 * and CVV rules. Pure: no I/O, no clock (the caller passes the time). */
#ifndef KS_CORE_CARD_H
#define KS_CORE_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A card number is 12 to 19 digits (ISO/IEC 7812 PANs in use). */
#define KS_CARD_NUMBER_MIN 12
#define KS_CARD_NUMBER_MAX 19
/* "481111-1114" and its NUL. */
#define KS_CARD_MASKED_SIZE 12
/* The expiry printed in the original document for every test card. */
#define KS_CARD_DOC_EXP_MONTH 1
#define KS_CARD_DOC_EXP_YEAR 2020

enum ks_card_brand {
	KS_CARD_BRAND_UNKNOWN = 0, /* e.g. the BNI private-label cards (1946...) */
	KS_CARD_BRAND_VISA,
	KS_CARD_BRAND_MASTERCARD,
	KS_CARD_BRAND_AMEX,
	KS_CARD_BRAND_JCB,
};

/* True when number is KS_CARD_NUMBER_MIN to KS_CARD_NUMBER_MAX ASCII digits
 * and nothing else (callers strip spaces first). NULL is not well formed. */
bool ks_card_number_wellformed(const char *number);

/* True when number is one or more ASCII digits whose Luhn (mod 10) checksum
 * is right. False for NULL, "" or any non-digit; the length is not checked. */
bool ks_card_luhn_ok(const char *number);

/* The brand from the leading digits: visa 4; mastercard 51-55 and
 * 2221-2720; amex 34 and 37; jcb 3528-3589; otherwise unknown. number
 * should be digits; NULL or a short number gives unknown. */
enum ks_card_brand ks_card_brand(const char *number);

/* The brand as Midtrans writes it ("visa", "mastercard", "amex", "jcb");
 * static storage. NULL for KS_CARD_BRAND_UNKNOWN or an out-of-range value. */
const char *ks_card_brand_name(enum ks_card_brand brand);

/* Writes the masked card of SPEC §3.3, the first 6 digits, "-" and the last
 * 4 ("481111-1114"), into out (size bytes, at least KS_CARD_MASKED_SIZE).
 * Returns 0, or -1 with out set to "" (when size allows) when number is not
 * 10 or more digits or out is too small. */
int ks_card_mask(const char *number, char *out, size_t size);

/* Parses card_exp_month: one or two ASCII digits with a value from 1 to 12
 * ("1", "01", "12"). Returns 0 and sets *month, or -1 with *month 0. */
int ks_card_parse_exp_month(const char *s, unsigned *month);

/* Parses card_exp_year: two digits (yy, meaning 20yy) or four digits
 * (yyyy). Returns 0 and sets *year to the full year, or -1 with *year 0. */
int ks_card_parse_exp_year(const char *s, unsigned *year);

/* True when a card expiring at the end of month/year (as parsed above) may
 * still be charged at now_ms (ms since the epoch): either the documented
 * test expiry 01/2020 exactly (SPEC §7.1), or a month not yet past. A card
 * is good through the last millisecond of its month in Asia/Jakarta
 * (UTC+7, the gateway's time zone). False for a month outside 1..12. */
bool ks_card_expiry_ok(unsigned month, unsigned year, int64_t now_ms);

/* True when cvv has the right shape for the brand: exactly 4 ASCII digits
 * for amex, exactly 3 for every other brand (unknown included). Whether it
 * is the right CVV is the acquirer's business. NULL is not well formed. */
bool ks_card_cvv_wellformed(const char *cvv, enum ks_card_brand brand);

#endif
