/* This file contains the non-card payment channels of channel.h: their
 * table, the reading of their charge bodies, number composition, pending
 * lifetimes and the sandbox test credentials. */
#include <sodium.h>
#include <string.h>

#include "core/channel.h"
#include "core/errors.h"
#include "core/va.h"

static const struct chan_row {
	const char *name;
	const char *payment_type;
	enum ks_chan_kind kind;
	ks_paymethod_set allowed_by;
	const char *label;
	const char *bank;    /* VA bank or store */
	const char *prefix;  /* number prefix */
	size_t digits;       /* digits after the prefix; 0 = no number */
	int64_t lifetime_ms; /* default pending lifetime */
	const char *pending_msg;
	const char *success_msg;
} chans[KS_CHAN__COUNT] = {
#define PM(m) KS_PM_BIT(KS_PM_##m)
	[KS_CHAN_PERMATA_VA] = { "permata_va", "bank_transfer", KS_CHAN_KIND_NUMBER,
				 PM(PERMATA_VA) | PM(OTHER_VA), "Permata Virtual Account", "permata",
				 KS_CHAN_PERMATA_PREFIX, KS_VA_PERMATA_DIGITS, KS_CHAN_LIFETIME_VA_MS,
				 "Success, Bank Transfer transaction is created",
				 "Success, PERMATA VA transaction is successful" },
	[KS_CHAN_BCA_VA] = { "bca_va", "bank_transfer", KS_CHAN_KIND_NUMBER, PM(BCA_VA),
			     "BCA Virtual Account", "bca", "", KS_VA_BCA_DIGITS,
			     KS_CHAN_LIFETIME_VA_MS, "Success, Bank Transfer transaction is created",
			     "Success, BCA VA transaction is successful" },
	[KS_CHAN_BNI_VA] = { "bni_va", "bank_transfer", KS_CHAN_KIND_NUMBER, PM(BNI_VA),
			     "BNI Virtual Account", "bni", KS_CHAN_BNI_PREFIX, KS_VA_BNI_DIGITS,
			     KS_CHAN_LIFETIME_VA_MS, "Success, Bank Transfer transaction is created",
			     "Success, BNI VA transaction is successful" },
	[KS_CHAN_ECHANNEL] = { "echannel", "echannel", KS_CHAN_KIND_NUMBER, PM(ECHANNEL),
			       "Mandiri Bill Payment", NULL, "", 12, KS_CHAN_LIFETIME_SHORT_MS,
			       "OK, Mandiri Bill transaction is successful",
			       "Success, Mandiri Bill transaction is settled" },
	[KS_CHAN_INDOMARET] = { "indomaret", "cstore", KS_CHAN_KIND_NUMBER, PM(INDOMARET),
				"Indomaret", "indomaret", "", 14, KS_CHAN_LIFETIME_SHORT_MS,
				"Success, cstore transaction is successful",
				"Success, cstore transaction is settled" },
	[KS_CHAN_KIOSON] = { "kioson", "cstore", KS_CHAN_KIND_NUMBER, PM(KIOSON), "Kioson",
			     "kioson", "", 14, KS_CHAN_LIFETIME_SHORT_MS,
			     "Success, cstore transaction is successful",
			     "Success, cstore transaction is settled" },
	[KS_CHAN_BCA_KLIKBCA] = { "bca_klikbca", "bca_klikbca", KS_CHAN_KIND_KLIKBCA,
				  PM(BCA_KLIKBCA), "KlikBCA", NULL, NULL, 0,
				  KS_CHAN_LIFETIME_SHORT_MS,
				  "Success, KlikBCA transaction is created",
				  "Success, KlikBCA transaction is successful" },
	[KS_CHAN_CIMB_CLICKS] = { "cimb_clicks", "cimb_clicks", KS_CHAN_KIND_REDIRECT,
				  PM(CIMB_CLICKS), "CIMB Clicks", NULL, NULL, 0,
				  KS_CHAN_LIFETIME_SHORT_MS,
				  "Success, CIMB Clicks transaction is successful",
				  "Success, CIMB Clicks transaction is successful" },
	[KS_CHAN_BRI_EPAY] = { "bri_epay", "bri_epay", KS_CHAN_KIND_REDIRECT, PM(BRI_EPAY),
			       "BRI ePay", NULL, NULL, 0, KS_CHAN_LIFETIME_SHORT_MS,
			       "Success, BRI E-Pay transaction is successful",
			       "Success, BRI E-Pay transaction is successful" },
	[KS_CHAN_BCA_KLIKPAY] = { "bca_klikpay", "bca_klikpay", KS_CHAN_KIND_REDIRECT,
				  PM(BCA_KLIKPAY), "BCA KlikPay", NULL, NULL, 0,
				  KS_CHAN_LIFETIME_SHORT_MS, "OK, success do BCA KlikPay transaction",
				  "Success, BCA KlikPay transaction is successful" },
	[KS_CHAN_GCI] = { "gci", "gci", KS_CHAN_KIND_REDIRECT, PM(GCI), "GCI", NULL, NULL, 0,
			  KS_CHAN_LIFETIME_SHORT_MS, "Success, GCI transaction is created",
			  "Success, GCI transaction is successful" },
	[KS_CHAN_DANAMON_ONLINE] = { "danamon_online", "danamon_online", KS_CHAN_KIND_REDIRECT,
				     PM(DANAMON_ONLINE), "Danamon Online Banking", NULL, NULL, 0,
				     KS_CHAN_LIFETIME_SHORT_MS,
				     "Success, Danamon Online transaction is created",
				     "Success, Danamon Online transaction is successful" },
	[KS_CHAN_MANDIRI_ECASH] = { "mandiri_ecash", "mandiri_ecash", KS_CHAN_KIND_REDIRECT,
				    PM(MANDIRI_ECASH), "Mandiri e-cash", NULL, NULL, 0,
				    KS_CHAN_LIFETIME_SHORT_MS,
				    "Success, Mandiri E-Cash transaction is created",
				    "Success, Mandiri E-Cash transaction is successful" },
	[KS_CHAN_MANDIRI_CLICKPAY] = { "mandiri_clickpay", "mandiri_clickpay",
				       KS_CHAN_KIND_CREDENTIAL, PM(MANDIRI_CLICKPAY),
				       "Mandiri Clickpay", NULL, NULL, 0, 0, NULL,
				       "Success, Mandiri Clickpay transaction is successful" },
	[KS_CHAN_TELKOMSEL_CASH] = { "telkomsel_cash", "telkomsel_cash", KS_CHAN_KIND_CREDENTIAL,
				     PM(TELKOMSEL_CASH), "Telkomsel Cash", NULL, NULL, 0, 0, NULL,
				     "Success, Telkomsel Cash transaction is successful" },
	[KS_CHAN_INDOSAT_DOMPETKU] = { "indosat_dompetku", "indosat_dompetku",
				       KS_CHAN_KIND_CREDENTIAL, PM(INDOSAT_DOMPETKU),
				       "Indosat Dompetku", NULL, NULL, 0, 0, NULL,
				       "OK, Indosat Dompetku transaction is successful" },
#undef PM
};

#define DENIED_MSG "Transaction is denied"

static bool in_range(enum ks_chan c)
{
	return (unsigned)c < KS_CHAN__COUNT;
}

const char *ks_chan_name(enum ks_chan c)
{
	return in_range(c) ? chans[c].name : NULL;
}

const char *ks_chan_payment_type(enum ks_chan c)
{
	return in_range(c) ? chans[c].payment_type : NULL;
}

enum ks_chan_kind ks_chan_kind(enum ks_chan c)
{
	return in_range(c) ? chans[c].kind : KS_CHAN_KIND_CREDENTIAL;
}

bool ks_chan_parse(const char *name, enum ks_chan *out)
{
	*out = KS_CHAN_PERMATA_VA;
	if (!name)
		return false;
	for (unsigned i = 0; i < KS_CHAN__COUNT; i++) {
		if (strcmp(chans[i].name, name) == 0) {
			*out = (enum ks_chan)i;
			return true;
		}
	}
	return false;
}

ks_paymethod_set ks_chan_allowed_by(enum ks_chan c)
{
	return in_range(c) ? chans[c].allowed_by : 0;
}

const char *ks_chan_label(enum ks_chan c)
{
	return in_range(c) ? chans[c].label : NULL;
}

const char *ks_chan_bank(enum ks_chan c)
{
	return in_range(c) ? chans[c].bank : NULL;
}

const char *ks_chan_message(enum ks_chan c, enum ks_chan_outcome o)
{
	if (!in_range(c))
		return NULL;
	if (o == KS_CHAN_DENIED)
		return DENIED_MSG;
	if (o == KS_CHAN_SUCCESS)
		return chans[c].success_msg ? chans[c].success_msg : chans[c].pending_msg;
	return chans[c].pending_msg ? chans[c].pending_msg : chans[c].success_msg;
}

/* ---- charge bodies ---- */

/* The string member key of the object named parent in body; adds
 * "<parent>.<key> is required" when absent or not a string. */
static const char *member_string(const json_t *body, const char *parent, const char *key,
				 struct ks_errlist *errs)
{
	const json_t *obj = json_object_get(body, parent);
	const char *s = json_string_value(json_object_get(obj, key));
	if (!s)
		ks_errlist_add(errs, "%s.%s is required", parent, key);
	return s;
}

/* The channel of a bank_transfer body (bank_transfer.bank). */
static int bank_transfer_chan(const json_t *body, enum ks_chan *out, struct ks_errlist *errs)
{
	const char *bank = json_string_value(json_object_get(json_object_get(body, "bank_transfer"), "bank"));
	static const struct { const char *bank; enum ks_chan chan; } banks[] = {
		{ "permata", KS_CHAN_PERMATA_VA }, { "bca", KS_CHAN_BCA_VA }, { "bni", KS_CHAN_BNI_VA },
	};
	for (size_t i = 0; bank && i < sizeof(banks) / sizeof(banks[0]); i++) {
		if (strcmp(bank, banks[i].bank) == 0) {
			*out = banks[i].chan;
			return KS_OK;
		}
	}
	ks_errlist_add(errs, "bank_transfer.bank must be one of permata, bca, bni");
	return KS_ERR_INVALID;
}

static int cstore_chan(const json_t *body, enum ks_chan *out, struct ks_errlist *errs)
{
	const char *store = json_string_value(json_object_get(json_object_get(body, "cstore"), "store"));
	if (store && strcmp(store, "indomaret") == 0) {
		*out = KS_CHAN_INDOMARET;
		return KS_OK;
	}
	if (store && strcmp(store, "kioson") == 0) {
		*out = KS_CHAN_KIOSON;
		return KS_OK;
	}
	ks_errlist_add(errs, "cstore.store must be one of indomaret, kioson");
	return KS_ERR_INVALID;
}

static enum ks_chan_outcome outcome_of(enum ks_cred c)
{
	return c == KS_CRED_OK ? KS_CHAN_SUCCESS : KS_CHAN_DENIED;
}

/* The masked form of a Clickpay card: first 6 + last 4 digits. */
static void mask_digits(const char *card, char *out, size_t size)
{
	char d[20];
	size_t n = 0;
	for (; *card && n < sizeof(d) - 1; card++)
		if (*card >= '0' && *card <= '9')
			d[n++] = *card;
	d[n] = '\0';
	if (n >= 10 && size >= 12) {
		memcpy(out, d, 6);
		out[6] = '-';
		memcpy(out + 7, d + n - 4, 4);
		out[11] = '\0';
	} else if (size) {
		out[0] = '\0';
	}
}

/* Validates the credential fields of channel c and decides the outcome. */
static int credentials(const json_t *body, struct ks_chan_charge *out, struct ks_errlist *errs)
{
	size_t before = errs->n;
	enum ks_cred cred = KS_CRED_FAIL;
	const char *a, *b;
	switch (out->chan) {
	case KS_CHAN_MANDIRI_CLICKPAY:
		a = member_string(body, "mandiri_clickpay", "card_number", errs);
		b = member_string(body, "mandiri_clickpay", "token", errs);
		cred = ks_cred_clickpay(a, b, errs); /* NULLs: already "required" */
		if (a)
			mask_digits(a, out->masked, sizeof(out->masked));
		break;
	case KS_CHAN_TELKOMSEL_CASH:
		if ((a = member_string(body, "telkomsel_cash", "customer", errs)))
			cred = ks_cred_telkomsel(a, errs);
		break;
	case KS_CHAN_INDOSAT_DOMPETKU:
		if ((a = member_string(body, "indosat_dompetku", "msisdn", errs)))
			cred = ks_cred_dompetku(a, errs);
		break;
	case KS_CHAN_BCA_KLIKBCA:
		if ((a = member_string(body, "bca_klikbca", "user_id", errs)) &&
		    !ks_cred_klikbca_user(a, out->user_id))
			ks_errlist_add(errs, "bca_klikbca.user_id must be 1 to 12 letters or digits");
		break;
	default:
		break;
	}
	if (errs->n > before)
		return KS_ERR_INVALID;
	out->outcome = ks_chan_kind(out->chan) == KS_CHAN_KIND_CREDENTIAL ? outcome_of(cred)
									   : KS_CHAN_PENDING;
	return KS_OK;
}

int ks_chan_charge_parse(const json_t *body, struct ks_chan_charge *out, struct ks_errlist *errs)
{
	memset(out, 0, sizeof(*out));
	const char *type = json_string_value(json_object_get(body, "payment_type"));
	int rc;
	if (!type) {
		ks_errlist_add(errs, "payment_type is required");
		return KS_ERR_INVALID;
	}
	if (strcmp(type, "bank_transfer") == 0)
		rc = bank_transfer_chan(body, &out->chan, errs);
	else if (strcmp(type, "cstore") == 0)
		rc = cstore_chan(body, &out->chan, errs);
	else if (!ks_chan_parse(type, &out->chan) ||
		 strcmp(chans[out->chan].payment_type, type) != 0) {
		/* the VA and store names are tiles, not payment types */
		ks_errlist_add(errs, "payment_type must be one of the payment methods of SPEC 4.1");
		rc = KS_ERR_INVALID;
	} else {
		rc = KS_OK;
	}
	if (rc)
		return rc;
	out->known = true;
	return credentials(body, out, errs);
}

/* ---- numbers ---- */

size_t ks_chan_number_digits(enum ks_chan c)
{
	return in_range(c) ? chans[c].digits : 0;
}

bool ks_chan_number_compose(enum ks_chan c, const char *custom, const char *random, char *out)
{
	out[0] = '\0';
	size_t width = ks_chan_number_digits(c);
	if (!width)
		return false;
	const char *prefix = chans[c].prefix;
	size_t plen = strlen(prefix);
	if (custom && *custom) {
		if (!ks_va_is_digits(custom))
			return false;
		memcpy(out, prefix, plen);
		ks_va_normalise(custom, width, out + plen);
		return true;
	}
	if (!random || strlen(random) < width || !ks_va_is_digits(random))
		return false;
	memcpy(out, prefix, plen);
	memcpy(out + plen, random, width);
	out[plen + width] = '\0';
	return true;
}

void ks_chan_random_digits(char *out, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (char)('0' + randombytes_uniform(10));
	out[n] = '\0';
}

int64_t ks_chan_due(enum ks_chan c, int64_t now_ms, int64_t order_expires_ms,
		    bool request_expiry)
{
	if (request_expiry)
		return order_expires_ms;
	int64_t life = in_range(c) && chans[c].lifetime_ms ? chans[c].lifetime_ms
							   : KS_CHAN_LIFETIME_SHORT_MS;
	return now_ms + life;
}

/* ---- credentials ---- */

/* The digits of s with spaces removed into out (size bytes); false when
 * s holds anything else or too many digits. */
static bool digits_no_spaces(const char *s, char *out, size_t size)
{
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		if (*s < '0' || *s > '9' || n + 1 >= size)
			return false;
		out[n++] = *s;
	}
	out[n] = '\0';
	return n > 0;
}

static bool phone_ok(const char *s)
{
	size_t n = strlen(s);
	return n >= 6 && n <= 15 && ks_va_is_digits(s);
}

enum ks_cred ks_cred_clickpay(const char *card, const char *token, struct ks_errlist *errs)
{
	char d[24];
	bool card_ok = card && digits_no_spaces(card, d, sizeof(d)) &&
		       (strlen(d) == 12 || strlen(d) == 16);
	if (card && !card_ok)
		ks_errlist_add(errs, "mandiri_clickpay.card_number must be 12 or 16 digits");
	bool token_ok = token && strlen(token) == 6 && ks_va_is_digits(token);
	if (token && !token_ok)
		ks_errlist_add(errs, "mandiri_clickpay.token must be 6 digits");
	if (!card_ok || !token_ok)
		return KS_CRED_FAIL;
	bool test_card = strcmp(d, "4111111111111111") == 0 || strcmp(d, "411111111111") == 0;
	return test_card && strcmp(token, "000000") == 0 ? KS_CRED_OK : KS_CRED_FAIL;
}

enum ks_cred ks_cred_telkomsel(const char *customer, struct ks_errlist *errs)
{
	if (!phone_ok(customer)) {
		ks_errlist_add(errs, "telkomsel_cash.customer must be a phone number of 6 to 15 digits");
		return KS_CRED_FAIL;
	}
	return strcmp(customer, "081111111") == 0 ? KS_CRED_OK : KS_CRED_FAIL;
}

enum ks_cred ks_cred_dompetku(const char *msisdn, struct ks_errlist *errs)
{
	if (!phone_ok(msisdn)) {
		ks_errlist_add(errs, "indosat_dompetku.msisdn must be a phone number of 6 to 15 digits");
		return KS_CRED_FAIL;
	}
	return strcmp(msisdn, "08123456789") == 0 ? KS_CRED_OK : KS_CRED_FAIL;
}

enum ks_cred ks_cred_ecash(const char *phone, const char *pin, const char *otp)
{
	bool ok = phone && pin && otp && strcmp(phone, "0987654321") == 0 &&
		  strcmp(pin, "12345") == 0 && strcmp(otp, "12123434") == 0;
	return ok ? KS_CRED_OK : KS_CRED_FAIL;
}

enum ks_cred ks_cred_bank_login(enum ks_chan c, const char *user)
{
	if (!user)
		return KS_CRED_UNKNOWN;
	if (strcmp(user, "testuser00") == 0 && (c == KS_CHAN_CIMB_CLICKS || c == KS_CHAN_BRI_EPAY))
		return KS_CRED_OK;
	if ((c == KS_CHAN_CIMB_CLICKS && strcmp(user, "testuser01") == 0) ||
	    (c == KS_CHAN_BRI_EPAY && strcmp(user, "testuser03") == 0))
		return KS_CRED_FAIL;
	return KS_CRED_UNKNOWN;
}

bool ks_cred_klikbca_user(const char *in, char *out)
{
	size_t n = in ? strlen(in) : 0;
	out[0] = '\0';
	if (n < 1 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		char ch = in[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'))) {
			out[0] = '\0';
			return false;
		}
		out[i] = ch;
	}
	out[n] = '\0';
	return true;
}
