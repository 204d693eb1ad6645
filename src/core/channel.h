/* The payment channels other than cards (SPEC §4, §7.2–§7.5): how each is
 * charged, the number it issues (VA number, bill key, payment code), its
 * default pending lifetime, and the sandbox test credentials. Pure: the
 * random digits come from the caller (ks_chan_random_digits). */
#ifndef KS_CORE_CHANNEL_H
#define KS_CORE_CHANNEL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/errlist.h"
#include "core/paymethod.h"

/* How a channel is paid after the charge. */
enum ks_chan_kind {
	KS_CHAN_KIND_NUMBER,     /* a number paid on its simulator page (VA, bill, store) */
	KS_CHAN_KIND_KLIKBCA,    /* the user id, paid on the KlikBCA simulator */
	KS_CHAN_KIND_REDIRECT,   /* a redirect to a simulated bank page */
	KS_CHAN_KIND_CREDENTIAL, /* decided at the charge by the test credentials */
};

/* X(enum suffix, name, payment_type, kind) */
#define KS_CHAN_MAP(X)                                                        \
	X(PERMATA_VA, "permata_va", "bank_transfer", KS_CHAN_KIND_NUMBER)     \
	X(BCA_VA, "bca_va", "bank_transfer", KS_CHAN_KIND_NUMBER)             \
	X(BNI_VA, "bni_va", "bank_transfer", KS_CHAN_KIND_NUMBER)             \
	X(ECHANNEL, "echannel", "echannel", KS_CHAN_KIND_NUMBER)              \
	X(INDOMARET, "indomaret", "cstore", KS_CHAN_KIND_NUMBER)              \
	X(KIOSON, "kioson", "cstore", KS_CHAN_KIND_NUMBER)                    \
	X(BCA_KLIKBCA, "bca_klikbca", "bca_klikbca", KS_CHAN_KIND_KLIKBCA)    \
	X(CIMB_CLICKS, "cimb_clicks", "cimb_clicks", KS_CHAN_KIND_REDIRECT)   \
	X(BRI_EPAY, "bri_epay", "bri_epay", KS_CHAN_KIND_REDIRECT)            \
	X(BCA_KLIKPAY, "bca_klikpay", "bca_klikpay", KS_CHAN_KIND_REDIRECT)   \
	X(GCI, "gci", "gci", KS_CHAN_KIND_REDIRECT)                           \
	X(DANAMON_ONLINE, "danamon_online", "danamon_online", KS_CHAN_KIND_REDIRECT) \
	X(MANDIRI_ECASH, "mandiri_ecash", "mandiri_ecash", KS_CHAN_KIND_REDIRECT) \
	X(MANDIRI_CLICKPAY, "mandiri_clickpay", "mandiri_clickpay", KS_CHAN_KIND_CREDENTIAL) \
	X(TELKOMSEL_CASH, "telkomsel_cash", "telkomsel_cash", KS_CHAN_KIND_CREDENTIAL) \
	X(INDOSAT_DOMPETKU, "indosat_dompetku", "indosat_dompetku", KS_CHAN_KIND_CREDENTIAL)

enum ks_chan {
#define KS_CHAN_ENUM(id, name, type, kind) KS_CHAN_##id,
	KS_CHAN_MAP(KS_CHAN_ENUM)
#undef KS_CHAN_ENUM
	KS_CHAN__COUNT
};

/* Number layouts (docs/simulators.md): a fixed prefix, then the custom or
 * random part. */
#define KS_CHAN_PERMATA_PREFIX "877800" /* + 10 digits = 16 */
#define KS_CHAN_BNI_PREFIX "98800123"   /* "988" + client id 00123, + 8 digits = 16 */
#define KS_CHAN_BILLER_CODE "70012"     /* Mandiri Bill Payment (echannel) */
#define KS_CHAN_NUMBER_MAX 24

#define KS_CHAN_LIFETIME_VA_MS (INT64_C(24) * 3600 * 1000)
#define KS_CHAN_LIFETIME_SHORT_MS (INT64_C(2) * 3600 * 1000)

/* What the charge of a channel decided. */
enum ks_chan_outcome {
	KS_CHAN_PENDING, /* 201: waiting for the customer */
	KS_CHAN_SUCCESS, /* 200 settlement */
	KS_CHAN_DENIED,  /* 202 deny */
};

/* A validated non-card charge body. */
struct ks_chan_charge {
	enum ks_chan chan;
	bool known; /* chan is set (even when a credential field is wrong) */
	enum ks_chan_outcome outcome;
	char user_id[13];  /* bca_klikbca: the KlikBCA user id, upper-cased */
	char masked[16];   /* mandiri_clickpay: the masked card number */
};

/* Name of a channel ("permata_va"); NULL when out of range. */
const char *ks_chan_name(enum ks_chan c);
/* payment_type of its results ("bank_transfer"); NULL when out of range. */
const char *ks_chan_payment_type(enum ks_chan c);
enum ks_chan_kind ks_chan_kind(enum ks_chan c);
/* The channel a name gives; false when unknown. */
bool ks_chan_parse(const char *name, enum ks_chan *out);
/* The enabled_payments methods any of which allows the channel (permata
 * serves other_va too). */
ks_paymethod_set ks_chan_allowed_by(enum ks_chan c);
/* Human name for pages ("Permata Virtual Account"). */
const char *ks_chan_label(enum ks_chan c);
/* "bca", "bni", "permata" for the VAs, the store for cstore, else NULL. */
const char *ks_chan_bank(enum ks_chan c);
/* status_message of the charge's answer for an outcome (static). */
const char *ks_chan_message(enum ks_chan c, enum ks_chan_outcome o);

/* Reads a non-card Core API charge body (payment_type and its object):
 * KS_OK with *out set, or KS_ERR_INVALID with every failed rule in errs
 * (each naming its field). The credentials of SPEC §7.3–§7.4 decide the
 * outcome of the credential channels; the others are pending. */
int ks_chan_charge_parse(const json_t *body, struct ks_chan_charge *out, struct ks_errlist *errs);

/* ---- numbers ---- */

/* How many digits follow the prefix (the custom or random part); 0 for
 * channels that issue no number. */
size_t ks_chan_number_digits(enum ks_chan c);
/* Composes the channel's number into out (KS_CHAN_NUMBER_MAX + 1 bytes):
 * its prefix, then custom normalised to the part's width (SPEC §2.5: cut
 * from the end, padded with leading zeros) when custom is a non-empty
 * digit string, else the first digits of random (at least
 * ks_chan_number_digits ASCII digits). Returns false (out "") for a
 * channel without numbers or a custom part that is not digits. */
bool ks_chan_number_compose(enum ks_chan c, const char *custom, const char *random, char *out);
/* n random ASCII digits and a NUL into out (libsodium). */
void ks_chan_random_digits(char *out, size_t n);

/* The payment deadline of a pending payment made at now_ms: the channel's
 * default lifetime (bank transfer 24 h, the rest 2 h, SPEC §4.2); when the
 * request set expiry (SPEC §2.6), the order's expiry instead. The token's
 * default lifetime bounds only the choice of a method, not the payment. */
int64_t ks_chan_due(enum ks_chan c, int64_t now_ms, int64_t order_expires_ms,
		    bool request_expiry);

/* ---- sandbox credentials (SPEC §7.3, §7.4) ---- */

/* The outcome of entered credentials. */
enum ks_cred {
	KS_CRED_OK,      /* succeeds */
	KS_CRED_FAIL,    /* the test credential that fails (deny) */
	KS_CRED_UNKNOWN, /* no such user: nothing changes (bank logins) */
};

/* Mandiri Clickpay: the test card 4111 1111 1111 1111 (spaces allowed, or
 * its first 12 digits as the original prints it) with token 000000
 * succeeds; token 111111, or another card number, fails. card must be 12
 * or 16 digits and token 6 digits, else errors are added (and FAIL
 * returned); a NULL one fails without an error (the caller reports it
 * missing). */
enum ks_cred ks_cred_clickpay(const char *card, const char *token, struct ks_errlist *errs);
/* Telkomsel Cash: 081111111 succeeds; any other number (0822222222 is the
 * documented one) fails. Adds an error when customer is not 6-15 digits. */
enum ks_cred ks_cred_telkomsel(const char *customer, struct ks_errlist *errs);
/* Indosat Dompetku: 08123456789 succeeds, anything else fails. Adds an
 * error when msisdn is not 6-15 digits. */
enum ks_cred ks_cred_dompetku(const char *msisdn, struct ks_errlist *errs);
/* Mandiri e-cash: 0987654321, PIN 12345, OTP 12123434 succeed; anything
 * else fails. */
enum ks_cred ks_cred_ecash(const char *phone, const char *pin, const char *otp);
/* CIMB Clicks and BRI ePay logins: testuser00 succeeds; testuser01 (CIMB)
 * or testuser03 (BRI) fails; any other user is unknown. */
enum ks_cred ks_cred_bank_login(enum ks_chan c, const char *user);
/* A KlikBCA user id: 1-12 letters and digits, upper-cased into out (13
 * bytes). False when it is not one. */
bool ks_cred_klikbca_user(const char *in, char *out);

#endif
