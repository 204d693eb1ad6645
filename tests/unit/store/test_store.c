/* The store contract suite: what every backend must do. Runs against SQLite
 * in a temporary folder, or, with KS_TEST_PG_URL set, against a fresh
 * PostgreSQL database per test (scripts/test.sh runs it both ways). */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/ids.h"
#include "store/store.h"
#include "util/log.h"
#include "pgtest.h"

static char dir[64];
static char url[256];
static struct ks_store *st;

static void setup(void)
{
	cr_assert(sodium_init() >= 0);
	ks_log_threshold = KS_LOG_WARN;
	dir[0] = '\0';
	if (ks_pgtest_server()) {
		cr_assert_eq(ks_pgtest_create(url, sizeof(url)), 0);
	} else {
		snprintf(dir, sizeof(dir), "/tmp/kasir-store-XXXXXX");
		cr_assert_not_null(mkdtemp(dir));
		snprintf(url, sizeof(url), "sqlite:%s/k.db", dir);
	}
	char err[256];
	cr_assert_eq(ks_store_open(url, &st, err, sizeof(err)), KS_OK, "%s", err);
}

static void teardown(void)
{
	ks_store_close(st);
	if (!dir[0]) {
		ks_pgtest_drop(url);
		return;
	}
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(store, .init = setup, .fini = teardown);

static struct ks_merchant_new make_merchant(const char *skey)
{
	struct ks_merchant_new m = { .name = "Toko" };
	const char *conflict;
	cr_assert_eq(ks_merchant_create(st, &m, NULL, skey, NULL, &conflict), KS_OK);
	return m;
}

Test(store, open_rejects_unknown_scheme)
{
	char err[256];
	struct ks_store *other;
	cr_expect_eq(ks_store_open("mysql://x", &other, err, sizeof(err)), KS_ERR_INVALID);
	cr_expect_null(other);
	cr_expect(strstr(err, "mysql") != NULL, "%s", err);
}

Test(store, reopen_keeps_schema_and_data)
{
	struct ks_merchant_new m = make_merchant(NULL);
	ks_store_close(st);
	char err[256];
	cr_assert_eq(ks_store_open(url, &st, err, sizeof(err)), KS_OK, "%s", err);
	struct ks_env env;
	cr_expect_eq(ks_store_env_by_server_key(st, m.server_key[0], &env), KS_OK);
}

Test(store, keys_find_their_environment)
{
	struct ks_merchant_new m = make_merchant("my-own-sandbox-key-1");
	struct ks_env sb, prod;
	cr_assert_eq(ks_store_env_by_server_key(st, "my-own-sandbox-key-1", &sb), KS_OK);
	cr_expect_eq(sb.kind, KS_ENV_SANDBOX);
	cr_expect_str_eq(sb.merchant_code, m.code);
	cr_expect_str_eq(sb.client_key, m.client_key[0]);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[1], &prod), KS_OK);
	cr_expect_eq(prod.kind, KS_ENV_PRODUCTION);
	cr_expect_neq(prod.id, sb.id);
	cr_expect_eq(prod.merchant_id, sb.merchant_id);
	cr_expect_eq(ks_store_env_by_server_key(st, "my-own-sandbox-key-2", &sb), KS_ERR_AUTH);
	cr_expect_eq(ks_store_env_by_server_key(st, "", &sb), KS_ERR_AUTH);
	cr_expect_eq(ks_store_env_by_merchant(st, m.code, KS_ENV_PRODUCTION, &sb), KS_OK);
	cr_expect_eq(sb.id, prod.id);
	cr_expect_eq(ks_store_env_by_merchant(st, "G999999999", KS_ENV_SANDBOX, &sb),
		     KS_ERR_NOT_FOUND);
}

Test(store, taken_server_key_is_a_conflict)
{
	make_merchant("shared-key-123456");
	struct ks_merchant_new m = { .name = "Other" };
	const char *conflict;
	cr_expect_eq(ks_merchant_create(st, &m, NULL, "shared-key-123456", NULL, &conflict),
		     KS_ERR_CONFLICT);
	cr_expect_str_eq(conflict, "server key");
}

static int create_order(int64_t env_id, const char *order_id, const char *idem)
{
	struct ks_snap_req req = { .gross_amount = 10000 };
	snprintf(req.order_id, sizeof(req.order_id), "%s", order_id);
	struct ks_store_write w = { .kind = KS_WRITE_ORDER_CREATE };
	struct ks_order_new *o = &w.u.order;
	o->env_id = env_id;
	ks_uuid_v7_new(1700000000000, o->token);
	o->req = &req;
	o->created_ms = 1700000000000;
	o->expires_ms = o->created_ms + KS_SNAP_DEFAULT_EXPIRY_MS;
	o->request_json = "{}";
	o->request_len = 2;
	o->idem_key = idem;
	o->idem_status = 201;
	o->idem_body = "{\"token\":\"t\"}";
	o->idem_expires_ms = 1700000300000;
	return ks_store_write_sync(st, &w);
}

Test(store, order_id_is_unique_per_environment)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb, prod;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[1], &prod), KS_OK);
	cr_expect_eq(create_order(sb.id, "ORDER-101", NULL), KS_OK);
	cr_expect_eq(create_order(sb.id, "ORDER-101", NULL), KS_ERR_DUPLICATE);
	cr_expect_eq(create_order(prod.id, "ORDER-101", NULL), KS_OK);
	int64_t n;
	cr_expect_eq(ks_store_order_count(st, sb.id, &n), KS_OK);
	cr_expect_eq(n, 1);
}

Test(store, idempotency_answer_is_kept_until_expiry)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_expect_eq(create_order(sb.id, "ORDER-1", "key-1"), KS_OK);
	int status;
	char *body;
	cr_assert_eq(ks_store_idem_get(st, sb.id, "key-1", 1700000299999, &status, &body), KS_OK);
	cr_expect_eq(status, 201);
	cr_expect_str_eq(body, "{\"token\":\"t\"}");
	free(body);
	cr_expect_eq(ks_store_idem_get(st, sb.id, "key-1", 1700000300000, &status, &body),
		     KS_ERR_NOT_FOUND, "expired");
	cr_expect_eq(ks_store_idem_get(st, sb.id, "key-2", 1700000000000, &status, &body),
		     KS_ERR_NOT_FOUND);
	/* a failed write keeps no answer */
	cr_expect_eq(create_order(sb.id, "ORDER-1", "key-3"), KS_ERR_DUPLICATE);
	cr_expect_eq(ks_store_idem_get(st, sb.id, "key-3", 1700000000000, &status, &body),
		     KS_ERR_NOT_FOUND);
}

/* A payment and its order, created directly (the payment page's write). */
static int create_payment(int64_t order_ref, int64_t env_id, const char *txid, const char *status,
			  int mark, const struct ks_saved_card *save)
{
	struct ks_payment p = { .order_ref = order_ref, .env_id = env_id, .gross_amount = 10000,
				.created_ms = 1700000000000, .details = (char *)"{\"bank\":\"bni\"}" };
	snprintf(p.transaction_id, sizeof(p.transaction_id), "%s", txid);
	snprintf(p.payment_type, sizeof(p.payment_type), "credit_card");
	snprintf(p.status, sizeof(p.status), "%s", status);
	snprintf(p.status_code, sizeof(p.status_code), "200");
	snprintf(p.status_message, sizeof(p.status_message), "ok");
	struct ks_store_write w = { .kind = KS_WRITE_PAYMENT_CREATE };
	w.u.payment.p = &p;
	w.u.payment.cause = "charge";
	w.u.payment.mark_processed = mark;
	w.u.payment.save = save;
	return ks_store_write_sync(st, &w);
}

Test(store, an_order_is_processed_by_one_payment)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-P", NULL), KS_OK);
	/* find the order through its token: create_order's token is random,
	 * so read the id back by paying against order row 1 */
	cr_expect_eq(create_payment(1, sb.id, "tx-deny", "deny", 0, NULL), KS_OK);
	cr_expect_eq(create_payment(1, sb.id, "tx-ok", "capture", 1, NULL), KS_OK);
	cr_expect_eq(create_payment(1, sb.id, "tx-twice", "capture", 1, NULL), KS_ERR_PROCESSED);
	struct ks_payment p;
	cr_assert_eq(ks_store_payment_get(st, "tx-ok", &p), KS_OK);
	cr_expect_str_eq(p.status, "capture");
	cr_expect_str_eq(p.details, "{\"bank\":\"bni\"}");
	ks_payment_release(&p);
	cr_expect_eq(ks_store_payment_get(st, "tx-twice", &p), KS_ERR_NOT_FOUND, "rolled back");
}

/* A pending payment holding number on channel (the non-card charge's write). */
static int create_numbered(int64_t env_id, const char *txid, const char *channel, const char *number)
{
	struct ks_payment p = { .order_ref = 1, .env_id = env_id, .gross_amount = 10000,
				.created_ms = 1700000000000 };
	snprintf(p.transaction_id, sizeof(p.transaction_id), "%s", txid);
	snprintf(p.payment_type, sizeof(p.payment_type), "bank_transfer");
	snprintf(p.status, sizeof(p.status), "pending");
	snprintf(p.status_code, sizeof(p.status_code), "201");
	snprintf(p.status_message, sizeof(p.status_message), "ok");
	struct ks_payment_number num = { channel, number };
	struct ks_store_write w = { .kind = KS_WRITE_PAYMENT_CREATE };
	w.u.payment.p = &p;
	w.u.payment.cause = "charge";
	w.u.payment.number = &num;
	int rc = ks_store_write_sync(st, &w);
	if (rc == KS_ERR_CONFLICT)
		cr_expect_str_eq(w.conflict, "payment number");
	return rc;
}

Test(store, live_numbers_are_unique_per_channel)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-N", NULL), KS_OK);
	cr_expect_eq(create_numbered(sb.id, "tx-a", "bca_va", "00000012345"), KS_OK);
	cr_expect_eq(create_numbered(sb.id, "tx-b", "bca_va", "00000012345"), KS_ERR_CONFLICT);
	struct ks_payment p;
	cr_expect_eq(ks_store_payment_get(st, "tx-b", &p), KS_ERR_NOT_FOUND, "rolled back whole");
	cr_expect_eq(create_numbered(sb.id, "tx-c", "bni_va", "00000012345"), KS_OK, "another channel");
	/* KlikBCA user ids repeat */
	cr_expect_eq(create_numbered(sb.id, "tx-k1", "bca_klikbca", "BUDI"), KS_OK);
	cr_expect_eq(create_numbered(sb.id, "tx-k2", "bca_klikbca", "BUDI"), KS_OK);
	struct ks_number_hit hit;
	cr_assert_eq(ks_store_number_find(st, "bca_klikbca", "BUDI", &hit), KS_OK);
	cr_expect_str_eq(hit.transaction_id, "tx-k1", "the oldest live one");
	cr_assert_eq(ks_store_number_find(st, "bca_va", "00000012345", &hit), KS_OK);
	cr_expect_str_eq(hit.transaction_id, "tx-a");
	cr_expect_eq(hit.live, 1);
	cr_expect_eq(ks_store_number_find(st, "bca_va", "99", &hit), KS_ERR_NOT_FOUND);

	/* paid: the number is free again, and still found (ended) until reused */
	struct ks_store_write w = { .kind = KS_WRITE_PAYMENT_CHANGE };
	w.u.change = (struct ks_payment_change){ .transaction_id = "tx-a", .order_ref = 1,
		.from_status = "pending", .to_status = "settlement", .fraud_status = "accept",
		.status_code = "200", .status_message = "ok", .at_ms = 1700000001000,
		.cause = "simulator" };
	cr_assert_eq(ks_store_write_sync(st, &w), KS_OK);
	cr_assert_eq(ks_store_number_find(st, "bca_va", "00000012345", &hit), KS_OK);
	cr_expect_str_eq(hit.transaction_id, "tx-a");
	cr_expect_eq(hit.live, 0);
	cr_expect_eq(create_numbered(sb.id, "tx-d", "bca_va", "00000012345"), KS_OK);
	cr_assert_eq(ks_store_number_find(st, "bca_va", "00000012345", &hit), KS_OK);
	cr_expect_str_eq(hit.transaction_id, "tx-d", "the live one first");
}

Test(store, payment_change_applies_only_from_its_state)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-C", NULL), KS_OK);
	cr_assert_eq(create_payment(1, sb.id, "tx-3ds", "pending", 0, NULL), KS_OK);
	struct ks_store_write w = { .kind = KS_WRITE_PAYMENT_CHANGE };
	w.u.change = (struct ks_payment_change){ .transaction_id = "tx-3ds", .order_ref = 1,
		.from_status = "pending", .to_status = "capture", .fraud_status = "accept",
		.status_code = "200", .status_message = "ok", .at_ms = 1700000001000,
		.cause = "3-D Secure", .mark_processed = 1 };
	cr_expect_eq(ks_store_write_sync(st, &w), KS_OK);
	cr_expect_eq(ks_store_write_sync(st, &w), KS_ERR_CONFLICT, "no longer pending");
	struct ks_payment p;
	cr_assert_eq(ks_store_payment_get(st, "tx-3ds", &p), KS_OK);
	cr_expect_str_eq(p.status, "capture");
	cr_expect_eq(p.updated_ms, 1700000001000);
	ks_payment_release(&p);
}

Test(store, saved_cards_by_token_and_user)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb, prod;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[1], &prod), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-S", NULL), KS_OK);
	struct ks_saved_card c = { .env_id = sb.id, .one_click = 1, .sealed_len = 50,
				   .created_ms = 1700000000000, .expires_ms = 1800000000000 };
	snprintf(c.token, sizeof(c.token), "481111-1114-x");
	snprintf(c.user_id, sizeof(c.user_id), "user-1");
	snprintf(c.masked_card, sizeof(c.masked_card), "481111-1114");
	memset(c.sealed, 7, c.sealed_len);
	cr_assert_eq(create_payment(1, sb.id, "tx-s", "capture", 1, &c), KS_OK);
	struct ks_saved_card got[4];
	size_t n;
	cr_assert_eq(ks_store_saved_card_get(st, sb.id, "481111-1114-x", 1700000000000, &got[0]), KS_OK);
	cr_expect_eq(got[0].one_click, 1);
	cr_expect_eq(got[0].sealed_len, 50);
	cr_expect_eq(got[0].sealed[49], 7);
	cr_expect_eq(ks_store_saved_card_get(st, prod.id, "481111-1114-x", 1700000000000, &got[0]),
		     KS_ERR_NOT_FOUND, "not across environments");
	cr_expect_eq(ks_store_saved_card_get(st, sb.id, "481111-1114-x", 1800000000000, &got[0]),
		     KS_ERR_NOT_FOUND, "expired");
	cr_assert_eq(ks_store_saved_cards_of_user(st, sb.id, "user-1", 1700000000000, got, 4, &n), KS_OK);
	cr_expect_eq(n, 1);
	cr_assert_eq(ks_store_saved_cards_of_user(st, sb.id, "user-2", 1700000000000, got, 4, &n), KS_OK);
	cr_expect_eq(n, 0);
}

/* ---- the portal's operations ---- */

static int login_result(int64_t merchant_id, int ok, const unsigned char *hash, int64_t at)
{
	struct ks_store_write w = { .kind = KS_WRITE_LOGIN };
	w.u.login = (struct ks_login_result){ .merchant_id = merchant_id, .ok = ok, .lock_after = 10,
		.lock_until_ms = at + 900000, .id_hash = hash, .csrf = "csrf-token", .at_ms = at,
		.expires_ms = at + 1000 };
	return ks_store_write_sync(st, &w);
}

Test(store, portal_log_in_lock_out_and_sessions)
{
	struct ks_merchant_new m = { .name = "Toko Masuk", .email = "a@toko.example",
				     .password_hash = "$argon2id$fake" };
	const char *conflict;
	cr_assert_eq(ks_merchant_create(st, &m, NULL, NULL, NULL, &conflict), KS_OK);
	struct ks_merchant_new again = { .name = "Toko Lain", .email = "a@toko.example" };
	cr_expect_eq(ks_merchant_create(st, &again, NULL, NULL, NULL, &conflict), KS_ERR_CONFLICT);
	cr_expect_str_eq(conflict, "email");
	struct ks_account a;
	cr_assert_eq(ks_store_account_by_email(st, "a@toko.example", &a), KS_OK);
	cr_expect_str_eq(a.code, m.code);
	cr_expect_str_eq(a.password_hash, "$argon2id$fake");
	struct ks_account none;
	cr_expect_eq(ks_store_account_by_email(st, "b@toko.example", &none), KS_ERR_NOT_FOUND);
	for (int i = 1; i <= 9; i++)
		cr_assert_eq(login_result(a.merchant_id, 0, NULL, 1000), KS_OK);
	cr_assert_eq(ks_store_account_by_id(st, a.merchant_id, &a), KS_OK);
	cr_expect_eq(a.failed_logins, 9);
	cr_expect_eq(a.locked_until_ms, 0);
	cr_assert_eq(login_result(a.merchant_id, 0, NULL, 2000), KS_OK); /* the 10th */
	cr_assert_eq(ks_store_account_by_id(st, a.merchant_id, &a), KS_OK);
	cr_expect_eq(a.locked_until_ms, 902000);
	cr_expect_eq(a.failed_logins, 0, "the count restarts after the lock");

	unsigned char hash[32];
	memset(hash, 7, sizeof(hash));
	cr_assert_eq(login_result(a.merchant_id, 1, hash, 3000), KS_OK);
	struct ks_session s;
	cr_assert_eq(ks_store_session_get(st, hash, 3999, &s), KS_OK);
	cr_expect_eq(s.merchant_id, a.merchant_id);
	cr_expect_str_eq(s.csrf, "csrf-token");
	cr_expect_eq(ks_store_session_get(st, hash, 4000, &s), KS_ERR_NOT_FOUND, "expired");
	struct ks_store_write w = { .kind = KS_WRITE_SESSION_DELETE };
	w.u.session_hash = hash;
	cr_assert_eq(ks_store_write_sync(st, &w), KS_OK);
	cr_expect_eq(ks_store_session_get(st, hash, 3500, &s), KS_ERR_NOT_FOUND, "logged out");
}

/* An account write: a new password (keeping one session) or a name. */
static int account_write(int64_t merchant_id, const char *password_hash,
			 const unsigned char *keep, const char *name)
{
	struct ks_store_write w = { .kind = KS_WRITE_ACCOUNT };
	w.u.account.merchant_id = merchant_id;
	w.u.account.password_hash = password_hash;
	w.u.account.keep_session = keep;
	w.u.account.name = name;
	return ks_store_write_sync(st, &w);
}

Test(store, a_new_password_ends_every_other_session)
{
	struct ks_merchant_new m = { .name = "Toko Sandi", .email = "sandi@toko.example",
				     .password_hash = "$argon2id$old" };
	const char *conflict;
	cr_assert_eq(ks_merchant_create(st, &m, NULL, NULL, NULL, &conflict), KS_OK);
	struct ks_account a;
	cr_assert_eq(ks_store_account_by_email(st, "sandi@toko.example", &a), KS_OK);
	unsigned char one[32], two[32], three[32];
	memset(one, 1, 32);
	memset(two, 2, 32);
	memset(three, 3, 32);
	cr_assert_eq(login_result(a.merchant_id, 1, one, 3000), KS_OK);
	cr_assert_eq(login_result(a.merchant_id, 1, two, 3000), KS_OK);
	cr_assert_eq(account_write(a.merchant_id, "$argon2id$new", two, NULL), KS_OK);
	struct ks_session s;
	cr_expect_eq(ks_store_session_get(st, one, 3500, &s), KS_ERR_NOT_FOUND, "ended");
	cr_expect_eq(ks_store_session_get(st, two, 3500, &s), KS_OK, "the one that changed it stays");
	cr_assert_eq(ks_store_account_by_id(st, a.merchant_id, &a), KS_OK);
	cr_expect_str_eq(a.password_hash, "$argon2id$new");
	/* the operator's reset (kasir merchant login) ends them all */
	cr_assert_eq(login_result(a.merchant_id, 1, three, 3000), KS_OK);
	cr_assert_eq(account_write(a.merchant_id, "$argon2id$reset", NULL, NULL), KS_OK);
	cr_expect_eq(ks_store_session_get(st, two, 3500, &s), KS_ERR_NOT_FOUND);
	cr_expect_eq(ks_store_session_get(st, three, 3500, &s), KS_ERR_NOT_FOUND);
	/* a name change leaves sessions alone */
	cr_assert_eq(login_result(a.merchant_id, 1, one, 3000), KS_OK);
	cr_assert_eq(account_write(a.merchant_id, NULL, NULL, "Toko Sandi Baru"), KS_OK);
	cr_expect_eq(ks_store_session_get(st, one, 3500, &s), KS_OK);
}

Test(store, a_new_server_key_retires_the_old_one)
{
	struct ks_merchant_new m = make_merchant("old-sandbox-key-1");
	struct ks_env sb;
	cr_assert_eq(ks_store_env_by_server_key(st, "old-sandbox-key-1", &sb), KS_OK);
	struct ks_store_write w = { .kind = KS_WRITE_SERVER_KEY };
	w.u.server_key = (struct ks_server_key_change){ .env_id = sb.id, .server_key = "new-sandbox-key-2" };
	cr_assert_eq(ks_store_write_sync(st, &w), KS_OK);
	cr_expect_eq(ks_store_env_by_server_key(st, "old-sandbox-key-1", &sb), KS_ERR_AUTH);
	cr_expect_eq(ks_store_env_by_server_key(st, "new-sandbox-key-2", &sb), KS_OK);
	/* another environment's key cannot be taken */
	w.u.server_key.server_key = m.server_key[1];
	cr_expect_eq(ks_store_write_sync(st, &w), KS_ERR_CONFLICT);
}

Test(store, snap_preferences_round_trip)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb, prod;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[1], &prod), KS_OK);
	cr_expect_eq(sb.active_channels, 0);
	cr_expect_str_eq(sb.language, "id");
	cr_expect_not(sb.secure_3ds);
	cr_expect(prod.secure_3ds, "production starts with 3-D Secure");
	struct ks_store_write w = { .kind = KS_WRITE_ENV_SETTINGS };
	w.u.settings = (struct ks_env_settings){ .env_id = sb.id, .recurring = -1, .secure_3ds = 1,
		.active_channels = "credit_card,bca_va", .language = "en" };
	cr_assert_eq(ks_store_write_sync(st, &w), KS_OK);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_expect_eq(sb.active_channels, KS_PM_BIT(KS_PM_CREDIT_CARD) | KS_PM_BIT(KS_PM_BCA_VA));
	cr_expect_str_eq(sb.language, "en");
	cr_expect(sb.secure_3ds);
}

struct listed {
	char ids[8][37];
	int64_t cursor_ms, cursor_id;
	int n;
};

static void collect(void *arg, const struct ks_txn_row *r)
{
	struct listed *l = arg;
	if (l->n < 8)
		snprintf(l->ids[l->n++], sizeof(l->ids[0]), "%s", r->transaction_id);
	l->cursor_ms = r->created_ms;
	l->cursor_id = r->id;
}

Test(store, transaction_list_filters_and_pages)
{
	struct ks_merchant_new m = make_merchant(NULL);
	struct ks_env sb, prod;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &sb), KS_OK);
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[1], &prod), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-L1", NULL), KS_OK);
	cr_assert_eq(create_order(sb.id, "ORDER-L2", NULL), KS_OK);
	cr_assert_eq(create_payment(1, sb.id, "tx-1", "deny", 0, NULL), KS_OK);
	cr_assert_eq(create_payment(1, sb.id, "tx-2", "capture", 1, NULL), KS_OK);
	cr_assert_eq(create_payment(2, sb.id, "tx-3", "capture", 1, NULL), KS_OK);
	struct listed l = { 0 };
	struct ks_txn_filter f = { .env_id = sb.id, .limit = 2 };
	cr_assert_eq(ks_store_txn_list(st, &f, collect, &l), KS_OK);
	cr_assert_eq(l.n, 2);
	cr_expect_str_eq(l.ids[0], "tx-3", "newest first");
	cr_expect_str_eq(l.ids[1], "tx-2");
	f.before_ms = l.cursor_ms;
	f.before_id = l.cursor_id;
	l = (struct listed){ 0 };
	cr_assert_eq(ks_store_txn_list(st, &f, collect, &l), KS_OK);
	cr_assert_eq(l.n, 1);
	cr_expect_str_eq(l.ids[0], "tx-1", "the next page goes on after the cursor");
	f = (struct ks_txn_filter){ .env_id = sb.id, .limit = 10, .status = "capture",
				    .order_id = "ORDER-L1" };
	l = (struct listed){ 0 };
	cr_assert_eq(ks_store_txn_list(st, &f, collect, &l), KS_OK);
	cr_assert_eq(l.n, 1);
	cr_expect_str_eq(l.ids[0], "tx-2");
	f = (struct ks_txn_filter){ .env_id = sb.id, .limit = 10, .from_ms = 1700000000001 };
	l = (struct listed){ 0 };
	cr_assert_eq(ks_store_txn_list(st, &f, collect, &l), KS_OK);
	cr_expect_eq(l.n, 0, "all were created before from");
	f = (struct ks_txn_filter){ .env_id = prod.id, .limit = 10 };
	l = (struct listed){ 0 };
	cr_assert_eq(ks_store_txn_list(st, &f, collect, &l), KS_OK);
	cr_expect_eq(l.n, 0, "nothing of sandbox shows in production");
}
