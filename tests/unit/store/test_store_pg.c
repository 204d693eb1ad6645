/* What only the PostgreSQL store promises, for several kasir nodes on one
 * database: migrations applied once when nodes start together, due work
 * claimed by one node until its lease runs out, and reads that come back
 * after the connection drops. Skipped without KS_TEST_PG_URL. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/ids.h"
#include "store/store.h"
#include "util/embed.h"
#include "util/log.h"
#include "pgtest.h"

extern const struct ks_embedded ks_schema_pg[];

static char url[256];

static void setup(void)
{
	if (!ks_pgtest_server())
		cr_skip_test("KS_TEST_PG_URL is not set");
	cr_assert(sodium_init() >= 0);
	ks_log_threshold = KS_LOG_ERROR;
	cr_assert_eq(ks_pgtest_create(url, sizeof(url)), 0);
}

static void teardown(void)
{
	if (ks_pgtest_server())
		ks_pgtest_drop(url);
}

TestSuite(store_pg, .init = setup, .fini = teardown);

static struct ks_store *open_store(void)
{
	char err[256];
	struct ks_store *st = NULL;
	cr_assert_eq(ks_store_open(url, &st, err, sizeof(err)), KS_OK, "%s", err);
	return st;
}

struct opener {
	pthread_t t;
	int rc;
	struct ks_store *st;
};

static void *open_thread(void *arg)
{
	struct opener *o = arg;
	char err[256];
	o->rc = ks_store_open(url, &o->st, err, sizeof(err));
	return NULL;
}

/* a count from the database, through libpq directly */
static long count_of(const char *sql)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "psql -qAt '%s' -c \"%s\"", url, sql);
	FILE *f = popen(cmd, "r");
	cr_assert_not_null(f);
	long n = -1;
	cr_assert_eq(fscanf(f, "%ld", &n), 1);
	pclose(f);
	return n;
}

Test(store_pg, nodes_starting_together_migrate_once)
{
	struct opener o[4];
	for (int i = 0; i < 4; i++)
		cr_assert_eq(pthread_create(&o[i].t, NULL, open_thread, &o[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(o[i].t, NULL);
		cr_expect_eq(o[i].rc, KS_OK);
	}
	for (int i = 0; i < 4; i++)
		ks_store_close(o[i].st);
	long files = 0;
	while (ks_schema_pg[files].name)
		files++;
	cr_expect_eq(count_of("SELECT count(*) FROM kasir_migrations"), files,
		     "each migration recorded once");
	cr_expect_eq(count_of("SELECT count(*) FROM kasir_migrations WHERE name LIKE '001%'"), 1);
}

/* A merchant, an order (row 1) and a payment with one notification. */
static int64_t seed(struct ks_store *st, int64_t due_ms)
{
	struct ks_merchant_new m = { .name = "Toko" };
	const char *conflict;
	cr_assert_eq(ks_merchant_create(st, &m, NULL, NULL, NULL, &conflict), KS_OK);
	struct ks_env env;
	cr_assert_eq(ks_store_env_by_server_key(st, m.server_key[0], &env), KS_OK);
	struct ks_snap_req req = { .gross_amount = 10000 };
	snprintf(req.order_id, sizeof(req.order_id), "ORDER-1");
	struct ks_store_write w = { .kind = KS_WRITE_ORDER_CREATE };
	w.u.order.env_id = env.id;
	ks_uuid_v7_new(1700000000000, w.u.order.token);
	w.u.order.req = &req;
	w.u.order.created_ms = 1700000000000;
	w.u.order.expires_ms = 1800000000000;
	w.u.order.request_json = "{}";
	w.u.order.request_len = 2;
	cr_assert_eq(ks_store_write_sync(st, &w), KS_OK);
	struct ks_payment p = { .order_ref = 1, .env_id = env.id, .gross_amount = 10000,
				.created_ms = 1700000000000, .due_ms = due_ms };
	snprintf(p.transaction_id, sizeof(p.transaction_id), "tx-1");
	snprintf(p.payment_type, sizeof(p.payment_type), "bank_transfer");
	snprintf(p.status, sizeof(p.status), "pending");
	snprintf(p.status_code, sizeof(p.status_code), "201");
	snprintf(p.status_message, sizeof(p.status_message), "ok");
	struct ks_outbox_new note = { .kind = "http", .target = "http://127.0.0.1:9/n",
				      .body = "{}" };
	struct ks_store_write pw = { .kind = KS_WRITE_PAYMENT_CREATE };
	pw.u.payment.p = &p;
	pw.u.payment.cause = "charge";
	pw.u.payment.outbox = &note;
	pw.u.payment.n_outbox = 1;
	cr_assert_eq(ks_store_write_sync(st, &pw), KS_OK);
	return env.id;
}

/* busy: the row id 1 is being delivered by this node */
static size_t due_rows_busy(struct ks_store *st, int busy)
{
	struct ks_outbox_row rows[4];
	size_t n = 0;
	const int64_t ids[] = { 1 };
	cr_assert_eq(ks_store_outbox_due(st, 1700000001000, ids, busy ? 1 : 0, rows, 4, &n), KS_OK);
	for (size_t i = 0; i < n; i++)
		ks_outbox_row_release(&rows[i]);
	return n;
}

static size_t due_rows(struct ks_store *st)
{
	return due_rows_busy(st, 0);
}

Test(store_pg, a_notification_is_claimed_by_one_node_until_its_lease_ends)
{
	setenv("KASIR_PG_LEASE_S", "1", 1);
	struct ks_store *a = open_store(), *b = open_store();
	seed(a, 0);
	cr_expect_eq(due_rows(a), 1, "node a claims the row");
	cr_expect_eq(due_rows(b), 0, "node b skips it while a holds the lease");
	cr_expect_eq(due_rows_busy(a, 1), 0, "a does not claim what it is delivering");
	/* a row a claimed but did not start (its merchant had no free slot),
	 * or whose result it could not write, is a's to take again at once */
	cr_expect_eq(due_rows(a), 1, "a takes its own claim again");
	cr_expect_eq(due_rows(b), 0, "and b still skips it");
	usleep(1300 * 1000);
	cr_expect_eq(due_rows(b), 1, "after the lease, b takes the work over");
	/* b records the delivery: the row is done for every node */
	struct ks_store_write w = { .kind = KS_WRITE_OUTBOX_RESULT };
	w.u.outbox_result = (struct ks_outbox_result){ .outbox_id = 1, .at_ms = 1700000002000,
		.target = "http://127.0.0.1:9/n", .http_status = 200, .state = "done" };
	cr_expect_eq(ks_store_write_sync(b, &w), KS_OK);
	usleep(1300 * 1000);
	cr_expect_eq(due_rows(a), 0);
	cr_expect_eq(due_rows(b), 0);
	ks_store_close(a);
	ks_store_close(b);
}

Test(store_pg, a_timed_transition_is_claimed_by_one_node)
{
	setenv("KASIR_PG_LEASE_S", "1", 1);
	struct ks_store *a = open_store(), *b = open_store();
	seed(a, 1700000000500);
	struct ks_payment p[2];
	size_t n = 0;
	cr_assert_eq(ks_store_payments_due(a, 1700000001000, p, 2, &n), KS_OK);
	cr_expect_eq(n, 1);
	for (size_t i = 0; i < n; i++)
		ks_payment_release(&p[i]);
	cr_assert_eq(ks_store_payments_due(b, 1700000001000, p, 2, &n), KS_OK);
	cr_expect_eq(n, 0, "held by a");
	/* a's scheduler, whose write failed, tries again on its next pass */
	cr_assert_eq(ks_store_payments_due(a, 1700000001000, p, 2, &n), KS_OK);
	cr_expect_eq(n, 1, "a takes its own claim again");
	for (size_t i = 0; i < n; i++)
		ks_payment_release(&p[i]);
	cr_assert_eq(ks_store_payments_due(b, 1700000001000, p, 2, &n), KS_OK);
	cr_expect_eq(n, 0, "still held by a");
	/* a applies it: the next due time is b's to claim at once */
	struct ks_store_write w = { .kind = KS_WRITE_PAYMENT_CHANGE };
	w.u.change = (struct ks_payment_change){ .transaction_id = "tx-1", .order_ref = 1,
		.from_status = "pending", .to_status = "pending", .status_code = "201",
		.status_message = "ok", .at_ms = 1700000001000, .due_ms = 1700000001500,
		.cause = "test" };
	cr_assert_eq(ks_store_write_sync(a, &w), KS_OK);
	cr_assert_eq(ks_store_payments_due(b, 1700000002000, p, 2, &n), KS_OK);
	cr_expect_eq(n, 1, "the change ended a's lease");
	for (size_t i = 0; i < n; i++)
		ks_payment_release(&p[i]);
	ks_store_close(a);
	ks_store_close(b);
}

Test(store_pg, reads_and_writes_come_back_after_the_connection_drops)
{
	struct ks_store *st = open_store();
	int64_t env_id = seed(st, 0);
	int64_t n;
	cr_assert_eq(ks_store_order_count(st, env_id, &n), KS_OK);
	cr_assert_eq(ks_pgtest_exec(url, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
					 " WHERE application_name = 'kasir' AND datname = current_database()"),
		     0);
	/* the read in flight fails cleanly (the HTTP layer answers 503) */
	cr_expect_eq(ks_store_order_count(st, env_id, &n), KS_ERR_UNAVAILABLE);
	cr_expect_eq(ks_store_order_count(st, env_id, &n), KS_OK, "reconnected");
	cr_expect_eq(n, 1);
	struct ks_store_write w = { .kind = KS_WRITE_ENV_SETTINGS };
	w.u.settings = (struct ks_env_settings){ .env_id = env_id, .recurring = 1 };
	/* each writer connection fails the group it was given when it broke
	 * (whether that commit happened is unknown), then connects again */
	int rc = KS_ERR_UNAVAILABLE, tries = 0;
	while (rc == KS_ERR_UNAVAILABLE && tries++ < 4)
		rc = ks_store_write_sync(st, &w);
	cr_expect_eq(rc, KS_OK, "the writers reconnected");
	cr_expect(tries <= 3, "at most one failed group per writer: %d tries", tries);
	ks_store_close(st);
}

Test(store_pg, a_dead_nodes_claims_are_free_at_once)
{
	setenv("KASIR_PG_LEASE_S", "600", 1);
	struct ks_store *a = open_store(), *b = open_store();
	seed(a, 0);
	cr_expect_eq(due_rows(a), 1, "node a claims the row");
	cr_expect_eq(due_rows(b), 0, "a's lease is 10 minutes");
	ks_store_close(a); /* its session ends, as at a kill -9 */
	int n = 0;
	for (int i = 0; i < 50 && n == 0; i++) {
		n = (int)due_rows(b);
		if (!n)
			usleep(20 * 1000); /* the server notices the closed session */
	}
	cr_expect_eq(n, 1, "b takes a's work over without waiting for the lease");
	ks_store_close(b);
}

Test(store_pg, a_card_token_is_taken_once_by_any_node_until_it_expires)
{
	struct ks_store *a = open_store(), *b = open_store();
	cr_assert(ks_store_has_vault(a));
	unsigned char sealed[64], got[64];
	size_t len;
	memset(sealed, 9, sizeof(sealed));
	cr_assert_eq(ks_store_vault_put(a, "tok-1", sealed, sizeof(sealed), 2000, 1000), KS_OK);
	cr_assert_eq(ks_store_vault_put(a, "tok-2", sealed, sizeof(sealed), 2000, 1000), KS_OK);
	cr_expect_eq(ks_store_vault_put(b, "tok-1", sealed, sizeof(sealed), 2000, 1000),
		     KS_ERR_CONFLICT, "ids are unique");
	cr_assert_eq(ks_store_vault_take(b, "tok-1", 1500, got, sizeof(got), &len), KS_OK,
		     "made on a, taken on b");
	cr_expect_eq(len, sizeof(sealed));
	cr_expect_eq(memcmp(got, sealed, len), 0);
	cr_expect_eq(ks_store_vault_take(a, "tok-1", 1500, got, sizeof(got), &len),
		     KS_ERR_NOT_FOUND, "single use");
	cr_expect_eq(ks_store_vault_take(a, "tok-2", 2000, got, sizeof(got), &len),
		     KS_ERR_NOT_FOUND, "expired");
	ks_store_close(a);
	ks_store_close(b);
}
