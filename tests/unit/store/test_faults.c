/* The fault-injecting store (store/faults.c) over a real SQLite store: the
 * plan's window and filter, the error codes, write jobs that fail without
 * reaching the backend, and the real SQLITE_FULL cap. */
#include <criterion/criterion.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "store/faults.h"
#include "store/store.h"
#include "util/log.h"

static char dir[64];
static struct ks_store *st;
static struct ks_env env;

static void setup(void)
{
	cr_assert(sodium_init() >= 0);
	ks_log_threshold = KS_LOG_ERROR + 1; /* the injected faults log warnings */
	snprintf(dir, sizeof(dir), "/tmp/kasir-faults-XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	char url[128], err[256];
	snprintf(url, sizeof(url), "sqlite:%s/k.db", dir);
	struct ks_store *inner;
	cr_assert_eq(ks_store_open(url, &inner, err, sizeof(err)), KS_OK, "%s", err);
	st = ks_store_faults_wrap(inner);
	cr_assert_not_null(st);
	struct ks_merchant_new m = { .name = "Toko" };
	const char *conflict;
	cr_assert_eq(ks_merchant_create(st, &m, NULL, NULL, NULL, &conflict), KS_OK);
	cr_assert_eq(ks_store_env_by_client_key(st, m.client_key[KS_ENV_SANDBOX], &env), KS_OK);
}

static void teardown(void)
{
	ks_store_close(st);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_expect_eq(system(cmd), 0);
}

TestSuite(faults, .init = setup, .fini = teardown);

static void plan(uint64_t call, uint64_t count, enum ks_fault_error e, const char *calls)
{
	struct ks_fault_plan p = { .fail_call = call, .count = count, .error = e };
	snprintf(p.calls, sizeof(p.calls), "%s", calls);
	cr_assert_eq(ks_store_faults_set(st, &p), KS_OK);
}

Test(faults, fails_the_window_of_matching_calls_only)
{
	struct ks_env out;
	plan(2, 2, KS_FAULT_IO, "env_by_client_key");
	int rc[5];
	for (int i = 0; i < 5; i++) {
		/* a call of another name in between never counts */
		cr_expect_eq(ks_store_env_by_merchant(st, env.merchant_code, KS_ENV_SANDBOX, &out), KS_OK);
		rc[i] = ks_store_env_by_client_key(st, env.client_key, &out);
	}
	cr_expect_eq(rc[0], KS_OK);
	cr_expect_eq(rc[1], KS_ERR_INTERNAL);
	cr_expect_eq(rc[2], KS_ERR_INTERNAL);
	cr_expect_eq(rc[3], KS_OK);
	cr_expect_eq(rc[4], KS_OK);
	struct ks_fault_stats s;
	cr_assert_eq(ks_store_faults_stats(st, &s), KS_OK);
	cr_expect_eq(s.matched, 5);
	cr_expect_eq(s.injected, 2);
}

Test(faults, full_is_unavailable_and_count_zero_is_off)
{
	struct ks_env out;
	plan(1, 1, KS_FAULT_FULL, "read");
	cr_expect_eq(ks_store_env_by_client_key(st, env.client_key, &out), KS_ERR_UNAVAILABLE);
	plan(1, 0, KS_FAULT_FULL, "all");
	cr_expect_eq(ks_store_env_by_client_key(st, env.client_key, &out), KS_OK);
}

static struct ks_store_write settings_write(const char *url)
{
	struct ks_store_write w = { .kind = KS_WRITE_ENV_SETTINGS };
	w.u.settings = (struct ks_env_settings){ .env_id = env.id, .recurring = -1,
						 .notification_url = url };
	return w;
}

Test(faults, a_failed_write_completes_with_the_error_and_changes_nothing)
{
	plan(1, 1, KS_FAULT_IO, "env_settings");
	struct ks_store_write w = settings_write("https://merchant.example/a");
	cr_expect_eq(ks_store_write_sync(st, &w), KS_ERR_INTERNAL);
	struct ks_env out;
	cr_assert_eq(ks_store_env_by_client_key(st, env.client_key, &out), KS_OK);
	cr_expect_str_empty(out.notification_url);
	w = settings_write("https://merchant.example/b");
	cr_expect_eq(ks_store_write_sync(st, &w), KS_OK, "the next write goes through");
	cr_assert_eq(ks_store_env_by_client_key(st, env.client_key, &out), KS_OK);
	cr_expect_str_eq(out.notification_url, "https://merchant.example/b");
}

Test(faults, filters_are_checked)
{
	cr_expect(ks_store_faults_filter_ok("all"));
	cr_expect(ks_store_faults_filter_ok("write"));
	cr_expect(ks_store_faults_filter_ok("payment_change"));
	cr_expect(ks_store_faults_filter_ok("order_by_token"));
	cr_expect(ks_store_faults_filter_ok("number_find"));
	cr_expect_not(ks_store_faults_filter_ok("teleport"));
	cr_expect_not(ks_store_faults_filter_ok(""));
}

Test(faults, a_plain_store_is_not_a_fault_store)
{
	char url[128], err[256];
	snprintf(url, sizeof(url), "sqlite:%s/plain.db", dir);
	struct ks_store *plain;
	cr_assert_eq(ks_store_open(url, &plain, err, sizeof(err)), KS_OK, "%s", err);
	struct ks_fault_plan p = { .fail_call = 1, .count = 1 };
	cr_expect_eq(ks_store_faults_set(plain, &p), KS_ERR_NOT_FOUND);
	struct ks_fault_stats s;
	cr_expect_eq(ks_store_faults_stats(plain, &s), KS_ERR_NOT_FOUND);
	ks_store_close(plain);
}
