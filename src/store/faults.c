/* This file contains the fault-injecting store: a decorator over another
 * backend's ops table that forwards every call, except the ones its plan
 * says to fail (store/faults.h, docs/faults.md). A failed write job never
 * reaches the backend; it completes with the error on the decorator's own
 * thread, keeping the interface's promise that done runs on another thread
 * than the submitter's. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "store/faults.h"
#include "util/log.h"
#include "util/xalloc.h"

struct fault_store {
	struct ks_store base;
	struct ks_store *inner;
	/* fault_ops, plus the shared vault when the backend has one (the
	 * vault's presence is how callers tell the backends apart) */
	struct ks_store_ops ops;
	pthread_mutex_t mu; /* guards everything below */
	struct ks_fault_plan plan;
	struct ks_fault_stats stats;
	/* failed write jobs waiting for their done call */
	pthread_cond_t cv;
	struct ks_store_write *head, *tail;
	int stopping;
	pthread_t completer;
};

static const struct ks_store_ops fault_ops;

static const char *const write_names[] = {
	[KS_WRITE_MERCHANT_CREATE] = "merchant_create",
	[KS_WRITE_ORDER_CREATE] = "order_create",
	[KS_WRITE_PAYMENT_CREATE] = "payment_create",
	[KS_WRITE_PAYMENT_CHANGE] = "payment_change",
	[KS_WRITE_ENV_SETTINGS] = "env_settings",
	[KS_WRITE_OUTBOX_RESULT] = "outbox_result",
	[KS_WRITE_LOGIN] = "login",
	[KS_WRITE_SESSION_DELETE] = "session_delete",
	[KS_WRITE_ACCOUNT] = "account",
	[KS_WRITE_SERVER_KEY] = "server_key",
	[KS_WRITE_OUTBOX_RESEND] = "outbox_resend",
	[KS_WRITE_CLOCK_ADVANCE] = "clock_advance",
};

static const char *const read_names[] = {
	"env_by_key_hash", "env_by_merchant", "env_by_client_key", "idem_get",
	"order_count", "order_by_token", "payment_get", "payment_latest",
	"order_by_ref", "payments_due", "outbox_stats", "outbox_due",
	"saved_card_get", "saved_cards_of_user", "number_find",
	"account_get", "session_get", "txn_list", "txn_history", "txn_deliveries", "txn_stats",
	"vault_put", "vault_take",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

bool ks_store_faults_filter_ok(const char *name)
{
	if (!strcmp(name, "all") || !strcmp(name, "read") || !strcmp(name, "write"))
		return true;
	for (size_t i = 0; i < NELEM(write_names); i++)
		if (write_names[i] && !strcmp(name, write_names[i]))
			return true;
	for (size_t i = 0; i < NELEM(read_names); i++)
		if (!strcmp(name, read_names[i]))
			return true;
	return false;
}

/* Counts a call if the plan's filter matches it; returns the error to
 * inject, or KS_OK to forward the call. */
static int fault_check(struct fault_store *fs, bool is_write, const char *name)
{
	int rc = KS_OK;
	pthread_mutex_lock(&fs->mu);
	const char *f = fs->plan.calls;
	if (fs->plan.count && (!strcmp(f, "all") || !strcmp(f, is_write ? "write" : "read") ||
			       !strcmp(f, name))) {
		uint64_t n = ++fs->stats.matched;
		if (n >= fs->plan.fail_call && n - fs->plan.fail_call < fs->plan.count) {
			fs->stats.injected++;
			rc = fs->plan.error == KS_FAULT_FULL ? KS_ERR_UNAVAILABLE : KS_ERR_INTERNAL;
		}
	}
	pthread_mutex_unlock(&fs->mu);
	if (rc)
		ks_log(KS_LOG_WARN, NULL, "fault injection: %s fails with %s", name,
		       rc == KS_ERR_UNAVAILABLE ? "disk full" : "an I/O error");
	return rc;
}

static void *completer_main(void *arg)
{
	struct fault_store *fs = arg;
	pthread_mutex_lock(&fs->mu);
	for (;;) {
		while (!fs->head && !fs->stopping)
			pthread_cond_wait(&fs->cv, &fs->mu);
		if (!fs->head)
			break;
		struct ks_store_write *w = fs->head;
		fs->head = w->next;
		if (!fs->head)
			fs->tail = NULL;
		w->next = NULL;
		pthread_mutex_unlock(&fs->mu);
		w->done(w, w->arg); /* may free w */
		pthread_mutex_lock(&fs->mu);
	}
	pthread_mutex_unlock(&fs->mu);
	return NULL;
}

static void fault_submit(struct ks_store *base, struct ks_store_write *w)
{
	struct fault_store *fs = (struct fault_store *)base;
	const char *name = (size_t)w->kind < NELEM(write_names) ? write_names[w->kind] : "write";
	int rc = fault_check(fs, true, name ? name : "write");
	if (!rc) {
		fs->inner->ops->submit(fs->inner, w);
		return;
	}
	w->rc = rc;
	pthread_mutex_lock(&fs->mu);
	if (fs->tail)
		fs->tail->next = w;
	else
		fs->head = w;
	fs->tail = w;
	pthread_cond_signal(&fs->cv);
	pthread_mutex_unlock(&fs->mu);
}

/* A forwarding read: fail if the plan says so, else call the backend. */
#define READ_OP(name, params, args)                                        \
	static int fault_##name params                                     \
	{                                                                  \
		struct fault_store *fs = (struct fault_store *)base;       \
		int rc = fault_check(fs, false, #name);                    \
		return rc ? rc : fs->inner->ops->name args;                \
	}

READ_OP(env_by_key_hash, (struct ks_store *base, const unsigned char hash[32], struct ks_env *out),
	(fs->inner, hash, out))
READ_OP(env_by_merchant,
	(struct ks_store *base, const char *code, enum ks_env_kind kind, struct ks_env *out),
	(fs->inner, code, kind, out))
READ_OP(env_by_client_key, (struct ks_store *base, const char *key, struct ks_env *out),
	(fs->inner, key, out))
READ_OP(idem_get,
	(struct ks_store *base, int64_t env_id, const char *key, int64_t now_ms, int *status,
	 char **body),
	(fs->inner, env_id, key, now_ms, status, body))
READ_OP(order_count, (struct ks_store *base, int64_t env_id, int64_t *out),
	(fs->inner, env_id, out))
READ_OP(order_by_token, (struct ks_store *base, const char *token, struct ks_order *out),
	(fs->inner, token, out))
READ_OP(payment_get, (struct ks_store *base, const char *transaction_id, struct ks_payment *out),
	(fs->inner, transaction_id, out))
READ_OP(payment_latest,
	(struct ks_store *base, int64_t env_id, const char *order_id, struct ks_payment *out),
	(fs->inner, env_id, order_id, out))
READ_OP(order_by_ref, (struct ks_store *base, int64_t ref, struct ks_order *out),
	(fs->inner, ref, out))
READ_OP(payments_due,
	(struct ks_store *base, int64_t now_ms, struct ks_payment *out, size_t max, size_t *n),
	(fs->inner, now_ms, out, max, n))
READ_OP(outbox_stats, (struct ks_store *base, int64_t *depth, int64_t *oldest_ms),
	(fs->inner, depth, oldest_ms))
READ_OP(outbox_due,
	(struct ks_store *base, int64_t now_ms, const int64_t *busy, size_t nbusy,
	 struct ks_outbox_row *out, size_t max, size_t *n),
	(fs->inner, now_ms, busy, nbusy, out, max, n))
READ_OP(saved_card_get,
	(struct ks_store *base, int64_t env_id, const char *token, int64_t now_ms,
	 struct ks_saved_card *out),
	(fs->inner, env_id, token, now_ms, out))
READ_OP(saved_cards_of_user,
	(struct ks_store *base, int64_t env_id, const char *user_id, int64_t now_ms,
	 struct ks_saved_card *out, size_t max, size_t *n),
	(fs->inner, env_id, user_id, now_ms, out, max, n))
READ_OP(number_find,
	(struct ks_store *base, const char *channel, const char *number, struct ks_number_hit *out),
	(fs->inner, channel, number, out))
READ_OP(account_get,
	(struct ks_store *base, const char *email, int64_t merchant_id, struct ks_account *out),
	(fs->inner, email, merchant_id, out))
READ_OP(session_get,
	(struct ks_store *base, const unsigned char id_hash[32], int64_t now_ms,
	 struct ks_session *out),
	(fs->inner, id_hash, now_ms, out))
READ_OP(txn_list,
	(struct ks_store *base, const struct ks_txn_filter *f,
	 void (*row)(void *arg, const struct ks_txn_row *r), void *arg),
	(fs->inner, f, row, arg))
READ_OP(txn_history,
	(struct ks_store *base, int64_t payment_id,
	 void (*row)(void *arg, const struct ks_history_row *r), void *arg),
	(fs->inner, payment_id, row, arg))
READ_OP(txn_deliveries,
	(struct ks_store *base, const char *transaction_id,
	 void (*row)(void *arg, const struct ks_delivery_row *r), void *arg),
	(fs->inner, transaction_id, row, arg))
READ_OP(txn_stats,
	(struct ks_store *base, int64_t env_id, int64_t from_ms, int64_t to_ms,
	 void (*row)(void *arg, const struct ks_stat_row *r), void *arg),
	(fs->inner, env_id, from_ms, to_ms, row, arg))
READ_OP(vault_take,
	(struct ks_store *base, const char *id, int64_t now_ms, unsigned char *out, size_t max,
	 size_t *len),
	(fs->inner, id, now_ms, out, max, len))
#undef READ_OP

/* The shared vault's put is a write, but a synchronous one: it fails as a
 * read does when the plan names it. */
static int fault_vault_put(struct ks_store *base, const char *id, const unsigned char *sealed,
			   size_t len, int64_t expires_ms, int64_t now_ms)
{
	struct fault_store *fs = (struct fault_store *)base;
	int rc = fault_check(fs, false, "vault_put");
	return rc ? rc : fs->inner->ops->vault_put(fs->inner, id, sealed, len, expires_ms, now_ms);
}

static void fault_close(struct ks_store *base)
{
	struct fault_store *fs = (struct fault_store *)base;
	ks_store_close(fs->inner); /* its writes complete first */
	pthread_mutex_lock(&fs->mu);
	fs->stopping = 1;
	pthread_cond_signal(&fs->cv);
	pthread_mutex_unlock(&fs->mu);
	pthread_join(fs->completer, NULL); /* and so do the failed ones */
	pthread_mutex_destroy(&fs->mu);
	pthread_cond_destroy(&fs->cv);
	free(fs);
}

/* Never opened by URL: ks_store_faults_wrap builds it around a store. */
static int fault_open(const char *path, struct ks_store **out, char *err, size_t errsz)
{
	(void)path;
	(void)err;
	(void)errsz;
	*out = NULL;
	return KS_ERR_INVALID;
}

static const struct ks_store_ops fault_ops = {
	.scheme = "faults",
	.open = fault_open,
	.close = fault_close,
	.env_by_key_hash = fault_env_by_key_hash,
	.env_by_merchant = fault_env_by_merchant,
	.env_by_client_key = fault_env_by_client_key,
	.idem_get = fault_idem_get,
	.submit = fault_submit,
	.order_count = fault_order_count,
	.order_by_token = fault_order_by_token,
	.payment_get = fault_payment_get,
	.payment_latest = fault_payment_latest,
	.order_by_ref = fault_order_by_ref,
	.payments_due = fault_payments_due,
	.outbox_stats = fault_outbox_stats,
	.outbox_due = fault_outbox_due,
	.saved_card_get = fault_saved_card_get,
	.saved_cards_of_user = fault_saved_cards_of_user,
	.number_find = fault_number_find,
	.account_get = fault_account_get,
	.session_get = fault_session_get,
	.txn_list = fault_txn_list,
	.txn_history = fault_txn_history,
	.txn_deliveries = fault_txn_deliveries,
	.txn_stats = fault_txn_stats,
};

/* True when the decorator forwards every op the backend has. The table is
 * the scheme and then function pointers only, so a new op that was added
 * to it but not here shows as a NULL slot: refuse to start rather than
 * crash on the first call. */
static bool forwards_every_op(const struct ks_store_ops *ours, const struct ks_store_ops *backend)
{
	size_t n = (sizeof(struct ks_store_ops) - sizeof(const char *)) / sizeof(void (*)(void));
	const char *mine = (const char *)ours + sizeof(const char *);
	const char *theirs = (const char *)backend + sizeof(const char *);
	for (size_t i = 0; i < n; i++) {
		void (*a)(void), (*b)(void);
		memcpy(&a, mine + i * sizeof(a), sizeof(a));
		memcpy(&b, theirs + i * sizeof(b), sizeof(b));
		if (b && !a)
			return false;
	}
	return true;
}

struct ks_store *ks_store_faults_wrap(struct ks_store *inner)
{
	struct ks_store_ops ops = fault_ops;
	if (ks_store_has_vault(inner)) {
		ops.vault_put = fault_vault_put;
		ops.vault_take = fault_vault_take;
	}
	if (!forwards_every_op(&ops, inner->ops)) {
		ks_log(KS_LOG_ERROR, NULL, "fault injection: the decorator misses a store operation");
		return NULL;
	}
	struct fault_store *fs = ks_xcalloc(1, sizeof(*fs));
	fs->ops = ops;
	fs->base.ops = &fs->ops;
	fs->inner = inner;
	memcpy(fs->plan.calls, "all", 4);
	pthread_mutex_init(&fs->mu, NULL);
	pthread_cond_init(&fs->cv, NULL);
	if (pthread_create(&fs->completer, NULL, completer_main, fs) != 0) {
		pthread_mutex_destroy(&fs->mu);
		pthread_cond_destroy(&fs->cv);
		free(fs);
		return NULL;
	}
	return &fs->base;
}

int ks_store_faults_set(struct ks_store *st, const struct ks_fault_plan *plan)
{
	if (st->ops->close != fault_close)
		return KS_ERR_NOT_FOUND;
	struct fault_store *fs = (struct fault_store *)st;
	pthread_mutex_lock(&fs->mu);
	fs->plan = *plan;
	fs->plan.calls[sizeof(fs->plan.calls) - 1] = '\0';
	memset(&fs->stats, 0, sizeof(fs->stats));
	pthread_mutex_unlock(&fs->mu);
	return KS_OK;
}

int ks_store_faults_stats(struct ks_store *st, struct ks_fault_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (st->ops->close != fault_close)
		return KS_ERR_NOT_FOUND;
	struct fault_store *fs = (struct fault_store *)st;
	pthread_mutex_lock(&fs->mu);
	*out = fs->stats;
	pthread_mutex_unlock(&fs->mu);
	return KS_OK;
}

int ks_store_disk_full(struct ks_store *st, bool full)
{
	if (st->ops->close == fault_close)
		st = ((struct fault_store *)st)->inner;
	if (st->ops == &ks_store_sqlite_ops)
		return ks_store_sqlite_disk_full(st, full);
	return KS_ERR_INVALID;
}
