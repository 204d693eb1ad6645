/* This file contains the tests of the non-card channels (core/channel.h):
 * number composition and custom VA normalisation (SPEC §2.5), payment
 * codes, pending lifetimes (SPEC §4.2), every sandbox credential rule
 * (SPEC §7.3, §7.4) and the reading of charge bodies. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/channel.h"
#include "core/errors.h"
#include "rowtest.h"

#define RANDOM "31415926535897932384"

/* ---- numbers ---- */

struct number_row {
	enum ks_chan chan;
	const char *custom; /* NULL: random */
	const char *want;
};

static const struct number_row number_rows[] = {
	{ KS_CHAN_PERMATA_VA, NULL, "8778003141592653" },
	{ KS_CHAN_PERMATA_VA, "7", "8778000000000007" },
	{ KS_CHAN_PERMATA_VA, "1234567890", "8778001234567890" },
	{ KS_CHAN_PERMATA_VA, "123456789012", "8778001234567890" },
	{ KS_CHAN_BCA_VA, NULL, "31415926535" },
	{ KS_CHAN_BCA_VA, "12345", "00000012345" },
	{ KS_CHAN_BCA_VA, "123456789012345", "12345678901" },
	{ KS_CHAN_BNI_VA, NULL, "9880012331415926" },
	{ KS_CHAN_BNI_VA, "12", "9880012300000012" },
	{ KS_CHAN_BNI_VA, "123456789", "9880012312345678" },
	{ KS_CHAN_ECHANNEL, NULL, "314159265358" },
	{ KS_CHAN_ECHANNEL, "", "314159265358" },
	{ KS_CHAN_INDOMARET, NULL, "31415926535897" },
	{ KS_CHAN_KIOSON, NULL, "31415926535897" },
};

ParameterizedTestParameters(channel, compose)
{
	return ROWTEST_PARAMS(number_rows);
}

ParameterizedTest(size_t *i, channel, compose)
{
	const struct number_row *r = &number_rows[*i];
	char out[KS_CHAN_NUMBER_MAX + 1];
	cr_assert(ks_chan_number_compose(r->chan, r->custom, RANDOM, out), "row %zu", *i);
	cr_expect_str_eq(out, r->want, "row %zu", *i);
}

Test(channel, compose_refuses)
{
	char out[KS_CHAN_NUMBER_MAX + 1];
	cr_expect_not(ks_chan_number_compose(KS_CHAN_BCA_VA, "12a4", RANDOM, out));
	cr_expect_str_eq(out, "");
	cr_expect_not(ks_chan_number_compose(KS_CHAN_BCA_VA, NULL, "123", out), "too few random digits");
	cr_expect_not(ks_chan_number_compose(KS_CHAN_BCA_VA, NULL, "1234567890x", out));
	cr_expect_not(ks_chan_number_compose(KS_CHAN_GCI, NULL, RANDOM, out), "no number");
	cr_expect_not(ks_chan_number_compose(KS_CHAN_BCA_KLIKBCA, NULL, RANDOM, out));
	cr_expect_not(ks_chan_number_compose((enum ks_chan)99, NULL, RANDOM, out));
}

Test(channel, random_digits)
{
	char a[15], b[15];
	ks_chan_random_digits(a, 14);
	ks_chan_random_digits(b, 14);
	cr_expect_eq(strlen(a), 14);
	cr_expect(strspn(a, "0123456789") == 14);
	cr_expect_str_neq(a, b, "random codes differ (1 in 10^14 to fail)");
	char out[KS_CHAN_NUMBER_MAX + 1];
	cr_expect(ks_chan_number_compose(KS_CHAN_INDOMARET, NULL, a, out));
	cr_expect_str_eq(out, a, "a payment code is its random digits");
}

/* ---- lifetimes ---- */

#define H (INT64_C(3600) * 1000)
#define NOW (INT64_C(1800000000) * 1000)

struct due_row {
	enum ks_chan chan;
	int64_t order_expires;
	bool request_expiry;
	int64_t want;
};

static const struct due_row due_rows[] = {
	{ KS_CHAN_PERMATA_VA, NOW + 48 * H, false, NOW + 24 * H },
	{ KS_CHAN_BCA_VA, NOW + 48 * H, false, NOW + 24 * H },
	{ KS_CHAN_BNI_VA, NOW + 10 * H, false, NOW + 24 * H }, /* the token's own lifetime does not bound it */
	{ KS_CHAN_ECHANNEL, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_INDOMARET, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_KIOSON, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_CIMB_CLICKS, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_BRI_EPAY, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_BCA_KLIKBCA, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_BCA_KLIKPAY, NOW + 24 * H, false, NOW + 2 * H },
	{ KS_CHAN_MANDIRI_ECASH, NOW + 1 * H, false, NOW + 2 * H },
	{ KS_CHAN_ECHANNEL, NOW + 5 * H, true, NOW + 5 * H }, /* the request's expiry wins */
	{ KS_CHAN_PERMATA_VA, NOW + H / 2, true, NOW + H / 2 },
};

ParameterizedTestParameters(channel, due)
{
	return ROWTEST_PARAMS(due_rows);
}

ParameterizedTest(size_t *i, channel, due)
{
	const struct due_row *r = &due_rows[*i];
	cr_expect_eq(ks_chan_due(r->chan, NOW, r->order_expires, r->request_expiry), r->want,
		     "row %zu", *i);
}

/* ---- credentials ---- */

struct cred_row {
	const char *a, *b, *c;
	enum ks_cred want;
	size_t errors;
};

static const struct cred_row clickpay_rows[] = {
	{ "4111111111111111", "000000", NULL, KS_CRED_OK, 0 },
	{ "4111 1111 1111 1111", "000000", NULL, KS_CRED_OK, 0 },
	{ "411111111111", "000000", NULL, KS_CRED_OK, 0 },  /* as the original prints it */
	{ "4111111111111111", "111111", NULL, KS_CRED_FAIL, 0 },
	{ "4111111111111111", "123456", NULL, KS_CRED_FAIL, 0 },
	{ "4011111111111112", "000000", NULL, KS_CRED_FAIL, 0 }, /* not the test card */
	{ "4111", "000000", NULL, KS_CRED_FAIL, 1 },
	{ "4111-1111-1111-1111", "000000", NULL, KS_CRED_FAIL, 1 },
	{ "4111111111111111", "00000", NULL, KS_CRED_FAIL, 1 },
	{ "4111111111111111", "00000a", NULL, KS_CRED_FAIL, 1 },
	{ "x", "y", NULL, KS_CRED_FAIL, 2 },
};

ParameterizedTestParameters(channel, clickpay)
{
	return ROWTEST_PARAMS(clickpay_rows);
}

ParameterizedTest(size_t *i, channel, clickpay)
{
	const struct cred_row *r = &clickpay_rows[*i];
	struct ks_errlist e = KS_ERRLIST_INIT;
	cr_expect_eq(ks_cred_clickpay(r->a, r->b, &e), r->want, "row %zu", *i);
	cr_expect_eq(e.n, r->errors, "row %zu", *i);
	ks_errlist_release(&e);
}

static const struct cred_row phone_rows[] = {
	/* a = telkomsel customer or dompetku msisdn; b "t" or "d" */
	{ "081111111", "t", NULL, KS_CRED_OK, 0 },
	{ "0822222222", "t", NULL, KS_CRED_FAIL, 0 },
	{ "081111112", "t", NULL, KS_CRED_FAIL, 0 },
	{ "0811", "t", NULL, KS_CRED_FAIL, 1 },
	{ "08111111a", "t", NULL, KS_CRED_FAIL, 1 },
	{ "08123456789", "d", NULL, KS_CRED_OK, 0 },
	{ "08123456788", "d", NULL, KS_CRED_FAIL, 0 },
	{ "081111111", "d", NULL, KS_CRED_FAIL, 0 },
	{ "+628123456789", "d", NULL, KS_CRED_FAIL, 1 },
	{ "0812345678901234", "d", NULL, KS_CRED_FAIL, 1 },
};

ParameterizedTestParameters(channel, phones)
{
	return ROWTEST_PARAMS(phone_rows);
}

ParameterizedTest(size_t *i, channel, phones)
{
	const struct cred_row *r = &phone_rows[*i];
	struct ks_errlist e = KS_ERRLIST_INIT;
	enum ks_cred got = r->b[0] == 't' ? ks_cred_telkomsel(r->a, &e) : ks_cred_dompetku(r->a, &e);
	cr_expect_eq(got, r->want, "row %zu", *i);
	cr_expect_eq(e.n, r->errors, "row %zu", *i);
	ks_errlist_release(&e);
}

static const struct cred_row ecash_rows[] = {
	{ "0987654321", "12345", "12123434", KS_CRED_OK, 0 },
	{ "0987654320", "12345", "12123434", KS_CRED_FAIL, 0 },
	{ "0987654321", "12346", "12123434", KS_CRED_FAIL, 0 },
	{ "0987654321", "12345", "12123435", KS_CRED_FAIL, 0 },
	{ "0987654321", "12345", NULL, KS_CRED_FAIL, 0 },
	{ NULL, NULL, NULL, KS_CRED_FAIL, 0 },
};

ParameterizedTestParameters(channel, ecash)
{
	return ROWTEST_PARAMS(ecash_rows);
}

ParameterizedTest(size_t *i, channel, ecash)
{
	const struct cred_row *r = &ecash_rows[*i];
	cr_expect_eq(ks_cred_ecash(r->a, r->b, r->c), r->want, "row %zu", *i);
}

Test(channel, bank_logins)
{
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_CIMB_CLICKS, "testuser00"), KS_CRED_OK);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_CIMB_CLICKS, "testuser01"), KS_CRED_FAIL);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_CIMB_CLICKS, "testuser03"), KS_CRED_UNKNOWN);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_BRI_EPAY, "testuser00"), KS_CRED_OK);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_BRI_EPAY, "testuser03"), KS_CRED_FAIL);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_BRI_EPAY, "testuser01"), KS_CRED_UNKNOWN);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_BRI_EPAY, "TESTUSER00"), KS_CRED_UNKNOWN);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_BRI_EPAY, NULL), KS_CRED_UNKNOWN);
	cr_expect_eq(ks_cred_bank_login(KS_CHAN_GCI, "testuser00"), KS_CRED_UNKNOWN);
}

Test(channel, klikbca_user)
{
	char out[13];
	cr_expect(ks_cred_klikbca_user("budi123", out));
	cr_expect_str_eq(out, "BUDI123");
	cr_expect(ks_cred_klikbca_user("ABCDEFGHIJKL", out));
	cr_expect_not(ks_cred_klikbca_user("ABCDEFGHIJKLM", out), "13 characters");
	cr_expect_str_eq(out, "");
	cr_expect_not(ks_cred_klikbca_user("", out));
	cr_expect_not(ks_cred_klikbca_user("bu di", out));
	cr_expect_not(ks_cred_klikbca_user(NULL, out));
}

/* ---- charge bodies ---- */

struct body_row {
	const char *json;
	int rc;
	enum ks_chan chan;
	enum ks_chan_outcome outcome;
	const char *error; /* a substring of the first message */
};

static const struct body_row body_rows[] = {
	{ "{\"payment_type\":\"bank_transfer\",\"bank_transfer\":{\"bank\":\"permata\"}}", KS_OK, KS_CHAN_PERMATA_VA, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bank_transfer\",\"bank_transfer\":{\"bank\":\"bca\"}}", KS_OK, KS_CHAN_BCA_VA, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bank_transfer\",\"bank_transfer\":{\"bank\":\"bni\"}}", KS_OK, KS_CHAN_BNI_VA, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bank_transfer\"}", KS_ERR_INVALID, 0, 0, "bank_transfer.bank must be one of permata, bca, bni" },
	{ "{\"payment_type\":\"echannel\"}", KS_OK, KS_CHAN_ECHANNEL, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"cstore\",\"cstore\":{\"store\":\"indomaret\"}}", KS_OK, KS_CHAN_INDOMARET, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"cstore\",\"cstore\":{\"store\":\"kioson\"}}", KS_OK, KS_CHAN_KIOSON, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"cstore\",\"cstore\":{\"store\":1}}", KS_ERR_INVALID, 0, 0, "cstore.store" },
	{ "{\"payment_type\":\"bca_klikbca\",\"bca_klikbca\":{\"user_id\":\"u1\"}}", KS_OK, KS_CHAN_BCA_KLIKBCA, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bca_klikbca\"}", KS_ERR_INVALID, KS_CHAN_BCA_KLIKBCA, 0, "bca_klikbca.user_id is required" },
	{ "{\"payment_type\":\"mandiri_clickpay\",\"mandiri_clickpay\":{\"card_number\":\"4111111111111111\",\"token\":\"000000\"}}", KS_OK, KS_CHAN_MANDIRI_CLICKPAY, KS_CHAN_SUCCESS, NULL },
	{ "{\"payment_type\":\"mandiri_clickpay\",\"mandiri_clickpay\":{\"card_number\":\"4111111111111111\",\"token\":\"111111\"}}", KS_OK, KS_CHAN_MANDIRI_CLICKPAY, KS_CHAN_DENIED, NULL },
	{ "{\"payment_type\":\"telkomsel_cash\",\"telkomsel_cash\":{\"customer\":\"081111111\"}}", KS_OK, KS_CHAN_TELKOMSEL_CASH, KS_CHAN_SUCCESS, NULL },
	{ "{\"payment_type\":\"telkomsel_cash\",\"telkomsel_cash\":{\"customer\":\"0822222222\"}}", KS_OK, KS_CHAN_TELKOMSEL_CASH, KS_CHAN_DENIED, NULL },
	{ "{\"payment_type\":\"indosat_dompetku\",\"indosat_dompetku\":{\"msisdn\":\"08123456789\"}}", KS_OK, KS_CHAN_INDOSAT_DOMPETKU, KS_CHAN_SUCCESS, NULL },
	{ "{\"payment_type\":\"indosat_dompetku\",\"indosat_dompetku\":{\"msisdn\":\"0812\"}}", KS_ERR_INVALID, KS_CHAN_INDOSAT_DOMPETKU, 0, "indosat_dompetku.msisdn" },
	{ "{\"payment_type\":\"cimb_clicks\"}", KS_OK, KS_CHAN_CIMB_CLICKS, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bri_epay\"}", KS_OK, KS_CHAN_BRI_EPAY, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"bca_klikpay\"}", KS_OK, KS_CHAN_BCA_KLIKPAY, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"gci\"}", KS_OK, KS_CHAN_GCI, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"danamon_online\"}", KS_OK, KS_CHAN_DANAMON_ONLINE, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"mandiri_ecash\"}", KS_OK, KS_CHAN_MANDIRI_ECASH, KS_CHAN_PENDING, NULL },
	{ "{\"payment_type\":\"permata_va\"}", KS_ERR_INVALID, 0, 0, "payment_type must be one of" },
	{ "{\"payment_type\":\"indomaret\"}", KS_ERR_INVALID, 0, 0, "payment_type must be one of" },
	{ "{\"payment_type\":\"credit\"}", KS_ERR_INVALID, 0, 0, "payment_type must be one of" },
	{ "{}", KS_ERR_INVALID, 0, 0, "payment_type is required" },
};

ParameterizedTestParameters(channel, bodies)
{
	return ROWTEST_PARAMS(body_rows);
}

ParameterizedTest(size_t *i, channel, bodies)
{
	const struct body_row *r = &body_rows[*i];
	json_t *body = json_loads(r->json, 0, NULL);
	cr_assert(body, "row %zu parses", *i);
	struct ks_chan_charge c;
	struct ks_errlist e = KS_ERRLIST_INIT;
	int rc = ks_chan_charge_parse(body, &c, &e);
	cr_expect_eq(rc, r->rc, "row %zu", *i);
	if (rc == KS_OK) {
		cr_expect_eq(c.chan, r->chan, "row %zu", *i);
		cr_expect_eq(c.outcome, r->outcome, "row %zu", *i);
		cr_expect_eq(e.n, 0);
	} else {
		cr_assert_gt(e.n, 0, "row %zu", *i);
		cr_expect(strstr(e.msgs[0], r->error) != NULL, "row %zu: %s", *i, e.msgs[0]);
		if (r->chan)
			cr_expect(c.known && c.chan == r->chan, "row %zu knows its channel", *i);
	}
	ks_errlist_release(&e);
	json_decref(body);
}

Test(channel, names_and_messages)
{
	for (int i = 0; i < KS_CHAN__COUNT; i++) {
		enum ks_chan c;
		cr_assert(ks_chan_parse(ks_chan_name((enum ks_chan)i), &c));
		cr_expect_eq(c, (enum ks_chan)i);
		cr_expect(ks_chan_allowed_by(c) != 0);
		cr_expect(ks_chan_label(c) != NULL);
		cr_expect(ks_chan_message(c, KS_CHAN_SUCCESS) != NULL);
		cr_expect_str_eq(ks_chan_message(c, KS_CHAN_DENIED), "Transaction is denied");
	}
	cr_expect(ks_chan_allowed_by(KS_CHAN_PERMATA_VA) & KS_PM_BIT(KS_PM_OTHER_VA),
		  "other banks are paid through Permata");
	cr_expect_str_eq(ks_chan_payment_type(KS_CHAN_KIOSON), "cstore");
	cr_expect_str_eq(ks_chan_payment_type(KS_CHAN_BNI_VA), "bank_transfer");
	cr_expect_null(ks_chan_name((enum ks_chan)KS_CHAN__COUNT));
	enum ks_chan c;
	cr_expect_not(ks_chan_parse("other_va", &c));
	cr_expect_not(ks_chan_parse(NULL, &c));
}
