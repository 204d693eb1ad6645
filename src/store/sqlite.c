/* This file contains the SQLite backend of the store: WAL mode, migrations on
 * open, one read connection per thread, and one writer thread that commits
 * queued write jobs in groups (one fsync for many jobs; DESIGN §5a). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/errors.h"
#include "store/faults.h"
#include "store/sqlite_jobs.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/embed.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/xalloc.h"

extern const struct ks_embedded ks_schema_sqlite[];

/* Most jobs one transaction takes: bounds a batch's latency. */
#define BATCH_MAX 512

enum read_stmt {
	R_ENV_BY_HASH,
	R_ENV_BY_MERCHANT,
	R_ENV_BY_CLIENT_KEY,
	R_IDEM_GET,
	R_ORDER_COUNT,
	R_ORDER_BY_TOKEN,
	R_PAYMENT_GET,
	R_PAYMENT_LATEST,
	R_ORDER_BY_REF,
	R_SAVED_CARD,
	R_SAVED_CARDS_OF_USER,
	R_OUTBOX_DUE,
	R_PAYMENTS_DUE,
	R_OUTBOX_STATS,
	R_NUMBER_FIND,
	R_ACCOUNT_BY_EMAIL,
	R_ACCOUNT_BY_ID,
	R_SESSION_GET,
	R_TXN_HISTORY,
	R_TXN_DELIVERIES,
	R_TXN_STATS,
	R__COUNT
};

#define ENV_COLUMNS                                                                      \
	"e.id, e.merchant_id, m.code, e.kind, e.server_key, e.client_key, m.name, e.recurring," \
	" e.notification_url, e.notification_emails, e.finish_url, e.unfinish_url, e.error_url," \
	" e.active_channels, e.language, e.secure_3ds, e.clock_offset_ms"
#define ENV_NCOLS 17
#define ENV_FROM " FROM environments e JOIN merchants m ON m.id = e.merchant_id"
/* the furthest any environment's clock has moved: one look-up in its index */
#define MAX_OFFSET "(SELECT max(clock_offset_ms) FROM environments)"

static const char *const read_sql[R__COUNT] = {
	[R_ENV_BY_HASH] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE e.server_key_hash = ?1",
	[R_ENV_BY_MERCHANT] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE m.code = ?1 AND e.kind = ?2",
	[R_ENV_BY_CLIENT_KEY] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE e.client_key = ?1",
	[R_IDEM_GET] = "SELECT http_status, body FROM idempotency_keys"
		       " WHERE env_id = ?1 AND key = ?2 AND expires_at > ?3",
	[R_ORDER_COUNT] = "SELECT count(*) FROM orders WHERE env_id = ?1",
#define ORDER_SELECT "SELECT " ENV_COLUMNS ", o.id, o.token, o.order_id, o.gross_amount," \
		     " o.created_at, o.expires_at, o.enabled_payments, o.cc_secure," \
		     " o.cc_authorize, o.cc_save_card, o.finish_url, o.error_url, o.user_id," \
		     " o.request_json, coalesce(o.paid_payment_id, 0), o.notify_override," \
		     " o.notify_append, coalesce(o.bca_va, ''), coalesce(o.bni_va, '')," \
		     " coalesce(o.permata_va, ''), coalesce(o.permata_recipient, '')" \
		     " FROM orders o JOIN environments e ON e.id = o.env_id" \
		     " JOIN merchants m ON m.id = e.merchant_id"
	[R_ORDER_BY_TOKEN] = ORDER_SELECT " WHERE o.token = ?1",
	[R_ORDER_BY_REF] = ORDER_SELECT " WHERE o.id = ?1",
#define PAYMENT_SELECT "SELECT p.id, p.order_ref, p.env_id, p.transaction_id, p.payment_type," \
		       " p.status, coalesce(p.fraud_status, ''), p.status_code, p.status_message," \
		       " p.gross_amount, p.created_at, p.updated_at, p.details, coalesce(p.due_at, 0)" \
		       " FROM payments p"
	[R_PAYMENT_GET] = PAYMENT_SELECT " WHERE p.transaction_id = ?1",
	/* the order's newest attempt: ids grow with time */
	[R_PAYMENT_LATEST] = PAYMENT_SELECT " JOIN orders o ON o.id = p.order_ref"
			     " WHERE o.env_id = ?1 AND o.order_id = ?2 ORDER BY p.id DESC LIMIT 1",
#define SAVED_COLUMNS "env_id, token, coalesce(user_id, ''), masked_card, one_click, sealed," \
		      " created_at, expires_at FROM saved_cards"
	/* Due in its environment's time (real time ?1 plus the environment's
	 * clock offset); MAX_OFFSET bounds the index range first. A row waits
	 * while an earlier change of its transaction is pending. */
	[R_OUTBOX_DUE] = "SELECT o.id, o.env_id, o.transaction_id, o.kind, o.target, o.body, o.attempts,"
			 " env.clock_offset_ms FROM outbox o JOIN environments env ON env.id = o.env_id"
			 " WHERE o.state = 'pending' AND o.next_at <= ?1 + " MAX_OFFSET
			 " AND o.next_at <= ?1 + env.clock_offset_ms"
			 " AND o.id NOT IN (SELECT value FROM json_each(?3))" /* in flight */
			 " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 'pending'"
			 " AND e.transaction_id = o.transaction_id AND e.history_id < o.history_id)"
			 " ORDER BY o.next_at, o.id LIMIT ?2",
	[R_OUTBOX_STATS] = "SELECT count(*), coalesce(min(created_at), 0) FROM outbox"
			   " WHERE state = 'pending'",
	[R_PAYMENTS_DUE] = PAYMENT_SELECT " WHERE p.due_at <= ?1 + " MAX_OFFSET
			   " AND p.due_at <= ?1 + (SELECT clock_offset_ms FROM environments"
			   " WHERE id = p.env_id) ORDER BY p.due_at LIMIT ?2",
	/* the live row first (the oldest live one for KlikBCA ids), else the
	 * newest ended one */
	[R_NUMBER_FIND] = "SELECT p.transaction_id, n.live FROM payment_numbers n"
			  " JOIN payments p ON p.id = n.payment_id"
			  " WHERE n.channel = ?1 AND n.number = ?2"
			  " ORDER BY n.live DESC, CASE WHEN n.live = 1 THEN n.id ELSE -n.id END LIMIT 1",
	[R_SAVED_CARD] = "SELECT " SAVED_COLUMNS " WHERE env_id = ?1 AND token = ?2 AND expires_at > ?3",
	[R_SAVED_CARDS_OF_USER] = "SELECT " SAVED_COLUMNS " WHERE env_id = ?1 AND user_id = ?2"
				  " AND expires_at > ?3 ORDER BY id DESC",
#define ACCOUNT_SELECT "SELECT id, code, name, coalesce(email, ''), coalesce(password_hash, '')," \
		       " coalesce(url, ''), failed_logins, locked_until FROM merchants"
	[R_ACCOUNT_BY_EMAIL] = ACCOUNT_SELECT " WHERE email = ?1",
	[R_ACCOUNT_BY_ID] = ACCOUNT_SELECT " WHERE id = ?1",
	[R_SESSION_GET] = "SELECT merchant_id, csrf, expires_at FROM portal_sessions"
			  " WHERE id_hash = ?1 AND expires_at > ?2",
	[R_TXN_HISTORY] = "SELECT at, coalesce(from_status, ''), to_status, cause FROM status_history"
			  " WHERE payment_id = ?1 ORDER BY id",
	[R_TXN_DELIVERIES] = "SELECT o.id, o.kind, o.target, o.state, o.created_at, coalesce(a.at, 0),"
			     " coalesce(a.http_status, 0), coalesce(a.latency_ms, 0), coalesce(a.error, '')"
			     " FROM outbox o LEFT JOIN attempts a ON a.outbox_id = o.id"
			     " WHERE o.transaction_id = ?1 ORDER BY o.id, a.id",
	/* days in Asia/Jakarta (UTC+7, no daylight saving), grouped as day
	 * numbers and formatted once per group */
	[R_TXN_STATS] = "SELECT strftime('%Y-%m-%d', dayn * 86400, 'unixepoch'), payment_type, count(*),"
			" sum(ok), sum(ok * gross_amount) FROM"
			" (SELECT (created_at + 25200000) / 86400000 AS dayn, payment_type, gross_amount,"
			" status IN ('capture', 'settlement') AND coalesce(fraud_status, '') <> 'challenge' AS ok"
			" FROM payments WHERE env_id = ?1 AND created_at >= ?2 AND created_at < ?3)"
			" GROUP BY dayn, payment_type ORDER BY dayn, payment_type",
};

struct reader {
	sqlite3 *db;
	sqlite3_stmt *stmt[R__COUNT];
	struct sqlite_store *st;
	struct reader *prev, *next;
};

struct sqlite_store {
	struct ks_store base;
	char *path;
	struct ks_sqlite_writer w; /* the writer connection and statements */
	pthread_t writer;
	pthread_mutex_t mu; /* guards the queue, stopping and readers */
	pthread_cond_t cv;
	struct ks_store_write *head, *tail;
	int stopping;
	pthread_key_t reader_key;
	struct reader *readers;
	/* fault injection's disk full (store/faults.h): what the writer should
	 * do before its next batch, and the page limit to restore */
	atomic_int disk_full_req; /* DISK_* */
	long long max_pages_before;
};

enum { DISK_AS_IS, DISK_FULL, DISK_SPACE };

int ks_sqlite_open_conn(const char *path, sqlite3 **out, char *err, size_t errsz)
{
	sqlite3 *db = NULL;
	*out = NULL;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		snprintf(err, errsz, "cannot open database %s: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return KS_ERR_INTERNAL;
	}
	sqlite3_busy_timeout(db, 5000);
	/* synchronous=FULL: a commit is on disk before it returns (WAL fsync) */
	char *msg = NULL;
	if (sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			     " PRAGMA foreign_keys=ON;", NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errsz, "cannot set up database %s: %s", path, msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		return KS_ERR_INTERNAL;
	}
	*out = db;
	return KS_OK;
}

/* Applies the embedded migrations newer than PRAGMA user_version, in one
 * IMMEDIATE transaction so two processes starting together apply them once. */
static int migrate(sqlite3 *db, char *err, size_t errsz)
{
	int rc = KS_OK;
	char *msg = NULL;
	sqlite3_stmt *v = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &v, NULL) != SQLITE_OK ||
	    sqlite3_step(v) != SQLITE_ROW)
		goto fail;
	int have = sqlite3_column_int(v, 0);
	sqlite3_finalize(v);
	v = NULL;
	int known = 0;
	while (ks_schema_sqlite[known].name)
		known++;
	if (have > known) {
		snprintf(err, errsz, "database schema version %d is newer than this kasir (%d)",
			 have, known);
		rc = KS_ERR_INTERNAL;
		goto out;
	}
	for (int i = have; i < known; i++) {
		if (sqlite3_exec(db, ks_schema_sqlite[i].data, NULL, NULL, &msg) != SQLITE_OK)
			goto fail;
		ks_log(KS_LOG_INFO, NULL, "database migrated to schema %d (%s)", i + 1,
		       ks_schema_sqlite[i].name);
	}
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d; COMMIT;", known);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	goto out;
fail:
	snprintf(err, errsz, "database migration failed: %s", msg ? msg : sqlite3_errmsg(db));
	rc = KS_ERR_INTERNAL;
out:
	if (rc)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_free(msg);
	sqlite3_finalize(v);
	return rc;
}

int ks_sqlite_rc(int src)
{
	switch (src & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		return KS_OK;
	case SQLITE_CONSTRAINT:
		return KS_ERR_CONFLICT;
	/* busy, locked or full pass: 503 with Retry-After. An I/O error is
	 * not a state to wait out: 500. */
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
		return KS_ERR_UNAVAILABLE;
	case SQLITE_IOERR:
		return KS_ERR_INTERNAL;
	default:
		return KS_ERR_INTERNAL;
	}
}

/* ---- the writer thread ---- */

static long long pragma_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK && sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Applies a disk-full request: max_page_count cannot go below the current
 * size, so asking for 1 caps the database where it stands. */
static void apply_disk_request(struct sqlite_store *st)
{
	int req = atomic_exchange(&st->disk_full_req, DISK_AS_IS);
	if (req == DISK_FULL) {
		if (st->max_pages_before <= 0)
			st->max_pages_before = pragma_int(st->w.db, "PRAGMA max_page_count");
		long long now = pragma_int(st->w.db, "PRAGMA max_page_count = 1");
		ks_log(KS_LOG_WARN, NULL, "fault injection: database capped at %lld pages", now);
	} else if (req == DISK_SPACE && st->max_pages_before > 0) {
		char sql[64];
		snprintf(sql, sizeof(sql), "PRAGMA max_page_count = %lld", st->max_pages_before);
		pragma_int(st->w.db, sql);
		st->max_pages_before = 0;
		ks_log(KS_LOG_WARN, NULL, "fault injection: database cap lifted");
	}
}

int ks_store_sqlite_disk_full(struct ks_store *base, bool full)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	atomic_store(&st->disk_full_req, full ? DISK_FULL : DISK_SPACE);
	return KS_OK;
}

static void run_batch(struct sqlite_store *st, struct ks_store_write *batch)
{
	apply_disk_request(st);
	int rc = ks_sqlite_exec(&st->w, "BEGIN IMMEDIATE");
	for (struct ks_store_write *w = batch; w; w = w->next) {
		if (rc) {
			w->rc = rc;
			continue;
		}
		/* a savepoint per job: one job's constraint failure does not
		 * undo the others in its group */
		int src = ks_sqlite_exec(&st->w, "SAVEPOINT job");
		w->rc = src ? src : ks_sqlite_job_apply(&st->w, w);
		if (w->rc && sqlite3_get_autocommit(st->w.db)) {
			/* SQLite rolled the whole transaction back itself (disk
			 * full, I/O error): the jobs before this one are lost
			 * too, and the ones after must not run outside it */
			rc = w->rc;
			for (struct ks_store_write *x = batch; x != w; x = x->next)
				x->rc = rc;
			continue;
		}
		if (w->rc)
			ks_sqlite_exec(&st->w, "ROLLBACK TO job");
		ks_sqlite_exec(&st->w, "RELEASE job");
	}
	if (!rc) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		rc = ks_sqlite_exec(&st->w, "COMMIT");
		clock_gettime(CLOCK_MONOTONIC, &t1);
		size_t jobs = 0;
		for (struct ks_store_write *w = batch; w; w = w->next)
			jobs++;
		ks_metrics_commit(jobs, (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
					       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		if (rc) {
			ks_log(KS_LOG_ERROR, NULL, "commit failed: %s", sqlite3_errmsg(st->w.db));
			ks_sqlite_exec(&st->w, "ROLLBACK");
			for (struct ks_store_write *w = batch; w; w = w->next)
				if (w->rc == KS_OK)
					w->rc = rc;
		}
	}
	while (batch) {
		struct ks_store_write *next = batch->next;
		batch->next = NULL;
		batch->done(batch, batch->arg); /* may free batch */
		batch = next;
	}
}

static void *writer_main(void *arg)
{
	struct sqlite_store *st = arg;
	for (;;) {
		pthread_mutex_lock(&st->mu);
		while (!st->head && !st->stopping)
			pthread_cond_wait(&st->cv, &st->mu);
		if (!st->head) {
			pthread_mutex_unlock(&st->mu);
			break;
		}
		/* take up to BATCH_MAX jobs off the front of the queue */
		struct ks_store_write *batch = st->head, *last = st->head;
		int n = 1;
		while (last->next && n < BATCH_MAX) {
			last = last->next;
			n++;
		}
		st->head = last->next;
		if (!st->head)
			st->tail = NULL;
		last->next = NULL;
		pthread_mutex_unlock(&st->mu);
		run_batch(st, batch);
	}
	return NULL;
}

static void sqlite_submit(struct ks_store *base, struct ks_store_write *w)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	pthread_mutex_lock(&st->mu);
	if (st->tail)
		st->tail->next = w;
	else
		st->head = w;
	st->tail = w;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

/* ---- readers: one connection per thread ---- */

static void reader_free(struct reader *r)
{
	for (int i = 0; i < R__COUNT; i++)
		sqlite3_finalize(r->stmt[i]);
	sqlite3_close(r->db);
	free(r);
}

static void reader_unlink(struct sqlite_store *st, struct reader *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		st->readers = r->next;
	if (r->next)
		r->next->prev = r->prev;
}

/* pthread key destructor: the thread that owned the reader exits */
static void reader_destroy(void *arg)
{
	struct reader *r = arg;
	pthread_mutex_lock(&r->st->mu);
	reader_unlink(r->st, r);
	pthread_mutex_unlock(&r->st->mu);
	reader_free(r);
}

static struct reader *reader_get(struct sqlite_store *st)
{
	struct reader *r = pthread_getspecific(st->reader_key);
	if (r)
		return r;
	char err[256];
	sqlite3 *db;
	if (ks_sqlite_open_conn(st->path, &db, err, sizeof(err))) {
		ks_log(KS_LOG_ERROR, NULL, "%s", err);
		return NULL;
	}
	r = ks_xcalloc(1, sizeof(*r));
	r->db = db;
	r->st = st;
	for (int i = 0; i < R__COUNT; i++) {
		if (sqlite3_prepare_v3(db, read_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &r->stmt[i], NULL) != SQLITE_OK) {
			ks_log(KS_LOG_ERROR, NULL, "cannot prepare read statement: %s",
			       sqlite3_errmsg(db));
			reader_free(r);
			return NULL;
		}
	}
	pthread_mutex_lock(&st->mu);
	r->next = st->readers;
	if (r->next)
		r->next->prev = r;
	st->readers = r;
	pthread_mutex_unlock(&st->mu);
	pthread_setspecific(st->reader_key, r);
	return r;
}

static void copy_text(char *dst, size_t size, sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

static char *dup_text(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? ks_xstrdup((const char *)t) : NULL;
}

/* The ENV_COLUMNS of the current row, from column 0. */
static void env_columns(sqlite3_stmt *s, struct ks_env *out)
{
	out->id = sqlite3_column_int64(s, 0);
	out->merchant_id = sqlite3_column_int64(s, 1);
	copy_text(out->merchant_code, sizeof(out->merchant_code), s, 2);
	out->kind = sqlite3_column_int(s, 3) ? KS_ENV_PRODUCTION : KS_ENV_SANDBOX;
	copy_text(out->server_key, sizeof(out->server_key), s, 4);
	copy_text(out->client_key, sizeof(out->client_key), s, 5);
	copy_text(out->merchant_name, sizeof(out->merchant_name), s, 6);
	out->recurring = sqlite3_column_int(s, 7) != 0;
	copy_text(out->notification_url, sizeof(out->notification_url), s, 8);
	copy_text(out->notification_emails, sizeof(out->notification_emails), s, 9);
	copy_text(out->finish_url, sizeof(out->finish_url), s, 10);
	copy_text(out->unfinish_url, sizeof(out->unfinish_url), s, 11);
	copy_text(out->error_url, sizeof(out->error_url), s, 12);
	out->active_channels = ks_paymethod_set_parse((const char *)sqlite3_column_text(s, 13));
	copy_text(out->language, sizeof(out->language), s, 14);
	out->secure_3ds = sqlite3_column_int(s, 15) != 0;
	out->clock_offset_ms = sqlite3_column_int64(s, 16);
}

static int read_env(sqlite3_stmt *s, struct ks_env *out)
{
	int src = sqlite3_step(s);
	int rc = KS_OK;
	if (src == SQLITE_ROW) {
		env_columns(s, out);
	} else {
		rc = src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int sqlite_env_by_key_hash(struct ks_store *base, const unsigned char hash[32],
				  struct ks_env *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ENV_BY_HASH];
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_STATIC);
	return read_env(s, out);
}

static int sqlite_env_by_merchant(struct ks_store *base, const char *code, enum ks_env_kind kind,
				  struct ks_env *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ENV_BY_MERCHANT];
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, (int)kind);
	return read_env(s, out);
}

static int sqlite_env_by_client_key(struct ks_store *base, const char *key, struct ks_env *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ENV_BY_CLIENT_KEY];
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	return read_env(s, out);
}

static int sqlite_idem_get(struct ks_store *base, int64_t env_id, const char *key, int64_t now_ms,
			   int *status, char **body)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_IDEM_GET];
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_ms);
	int src = sqlite3_step(s);
	int rc = KS_OK;
	if (src == SQLITE_ROW) {
		*status = sqlite3_column_int(s, 0);
		*body = ks_xstrdup((const char *)sqlite3_column_text(s, 1));
	} else {
		rc = src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int sqlite_order_count(struct ks_store *base, int64_t env_id, int64_t *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ORDER_COUNT];
	sqlite3_bind_int64(s, 1, env_id);
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return src == SQLITE_ROW ? KS_OK : ks_sqlite_rc(src);
}

/* Reads one ORDER_SELECT row from a bound statement. */
static int read_order(sqlite3_stmt *s, struct ks_order *out)
{
	int src = sqlite3_step(s);
	int rc = KS_OK;
	if (src == SQLITE_ROW) {
		env_columns(s, &out->env);
		out->id = sqlite3_column_int64(s, ENV_NCOLS + 0);
		copy_text(out->token, sizeof(out->token), s, ENV_NCOLS + 1);
		copy_text(out->order_id, sizeof(out->order_id), s, ENV_NCOLS + 2);
		out->gross_amount = sqlite3_column_int64(s, ENV_NCOLS + 3);
		out->created_ms = sqlite3_column_int64(s, ENV_NCOLS + 4);
		out->expires_ms = sqlite3_column_int64(s, ENV_NCOLS + 5);
		out->enabled_payments =
			ks_paymethod_set_parse((const char *)sqlite3_column_text(s, ENV_NCOLS + 6));
		out->cc_secure = sqlite3_column_int(s, ENV_NCOLS + 7) != 0;
		out->cc_authorize = sqlite3_column_int(s, ENV_NCOLS + 8) != 0;
		out->cc_save_card = sqlite3_column_int(s, ENV_NCOLS + 9) != 0;
		out->finish_url = dup_text(s, ENV_NCOLS + 10);
		out->error_url = dup_text(s, ENV_NCOLS + 11);
		out->user_id = dup_text(s, ENV_NCOLS + 12);
		out->request_json = dup_text(s, ENV_NCOLS + 13);
		out->paid_payment_id = sqlite3_column_int64(s, ENV_NCOLS + 14);
		out->notify_override = dup_text(s, ENV_NCOLS + 15);
		out->notify_append = dup_text(s, ENV_NCOLS + 16);
		copy_text(out->bca_va, sizeof(out->bca_va), s, ENV_NCOLS + 17);
		copy_text(out->bni_va, sizeof(out->bni_va), s, ENV_NCOLS + 18);
		copy_text(out->permata_va, sizeof(out->permata_va), s, ENV_NCOLS + 19);
		copy_text(out->permata_recipient, sizeof(out->permata_recipient), s, ENV_NCOLS + 20);
	} else {
		rc = src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int sqlite_order_by_token(struct ks_store *base, const char *token, struct ks_order *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ORDER_BY_TOKEN];
	sqlite3_bind_text(s, 1, token, -1, SQLITE_STATIC);
	return read_order(s, out);
}

static int sqlite_order_by_ref(struct ks_store *base, int64_t ref, struct ks_order *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_ORDER_BY_REF];
	sqlite3_bind_int64(s, 1, ref);
	return read_order(s, out);
}

/* Steps a bound PAYMENT_SELECT statement once: KS_OK with *out filled,
 * KS_ERR_NOT_FOUND at the end, or an error. Does not reset it. */
static int read_payment_row(sqlite3_stmt *s, struct ks_payment *out)
{
	int src = sqlite3_step(s);
	int rc = KS_OK;
	if (src == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->order_ref = sqlite3_column_int64(s, 1);
		out->env_id = sqlite3_column_int64(s, 2);
		copy_text(out->transaction_id, sizeof(out->transaction_id), s, 3);
		copy_text(out->payment_type, sizeof(out->payment_type), s, 4);
		copy_text(out->status, sizeof(out->status), s, 5);
		copy_text(out->fraud_status, sizeof(out->fraud_status), s, 6);
		copy_text(out->status_code, sizeof(out->status_code), s, 7);
		copy_text(out->status_message, sizeof(out->status_message), s, 8);
		out->gross_amount = sqlite3_column_int64(s, 9);
		out->created_ms = sqlite3_column_int64(s, 10);
		out->updated_ms = sqlite3_column_int64(s, 11);
		out->details = dup_text(s, 12);
		out->due_ms = sqlite3_column_int64(s, 13);
	} else {
		rc = src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
	}
	return rc;
}

/* One row, then the statement is reset for its next use. */
static int read_payment(sqlite3_stmt *s, struct ks_payment *out)
{
	int rc = read_payment_row(s, out);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc;
}

static int sqlite_payment_get(struct ks_store *base, const char *transaction_id,
			      struct ks_payment *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_PAYMENT_GET];
	sqlite3_bind_text(s, 1, transaction_id, -1, SQLITE_STATIC);
	return read_payment(s, out);
}

static int sqlite_payments_due(struct ks_store *base, int64_t now_ms, struct ks_payment *out,
			       size_t max, size_t *n)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_PAYMENTS_DUE];
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	int rc = KS_OK;
	while (*n < max) {
		memset(&out[*n], 0, sizeof(out[*n]));
		rc = read_payment_row(s, &out[*n]);
		if (rc)
			break;
		(*n)++;
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return rc == KS_ERR_NOT_FOUND ? KS_OK : rc;
}

static int sqlite_payment_latest(struct ks_store *base, int64_t env_id, const char *order_id,
				 struct ks_payment *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_PAYMENT_LATEST];
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, order_id, -1, SQLITE_STATIC);
	return read_payment(s, out);
}

static int sqlite_number_find(struct ks_store *base, const char *channel, const char *number,
			      struct ks_number_hit *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_NUMBER_FIND];
	sqlite3_bind_text(s, 1, channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, number, -1, SQLITE_STATIC);
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		copy_text(out->transaction_id, sizeof(out->transaction_id), s, 0);
		out->live = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_ROW ? KS_OK : src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
}

static void saved_columns(sqlite3_stmt *s, struct ks_saved_card *out)
{
	out->env_id = sqlite3_column_int64(s, 0);
	copy_text(out->token, sizeof(out->token), s, 1);
	copy_text(out->user_id, sizeof(out->user_id), s, 2);
	copy_text(out->masked_card, sizeof(out->masked_card), s, 3);
	out->one_click = sqlite3_column_int(s, 4);
	int n = sqlite3_column_bytes(s, 5);
	out->sealed_len = n > 0 && n <= KS_SEALED_MAX ? (size_t)n : 0;
	if (out->sealed_len)
		memcpy(out->sealed, sqlite3_column_blob(s, 5), out->sealed_len);
	out->created_ms = sqlite3_column_int64(s, 6);
	out->expires_ms = sqlite3_column_int64(s, 7);
}

static int sqlite_saved_card_get(struct ks_store *base, int64_t env_id, const char *token,
				 int64_t now_ms, struct ks_saved_card *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_SAVED_CARD];
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, token, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_ms);
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW)
		saved_columns(s, out);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_ROW ? KS_OK : src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
}

static int sqlite_saved_cards_of_user(struct ks_store *base, int64_t env_id, const char *user_id,
				      int64_t now_ms, struct ks_saved_card *out, size_t max,
				      size_t *n)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_SAVED_CARDS_OF_USER];
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_text(s, 2, user_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, now_ms);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		saved_columns(s, &out[(*n)++]);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_ROW || src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

static int sqlite_outbox_stats(struct ks_store *base, int64_t *depth, int64_t *oldest_ms)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_OUTBOX_STATS];
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		*depth = sqlite3_column_int64(s, 0);
		*oldest_ms = sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return src == SQLITE_ROW ? KS_OK : ks_sqlite_rc(src);
}

static int sqlite_outbox_due(struct ks_store *base, int64_t now_ms, const int64_t *busy,
			     size_t nbusy, struct ks_outbox_row *out, size_t max, size_t *n)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	/* the ids being delivered, as a JSON array for json_each */
	char *ids = ks_xmalloc(nbusy * 21 + 3);
	size_t len = 0;
	ids[len++] = '[';
	for (size_t i = 0; i < nbusy; i++)
		len += (size_t)snprintf(ids + len, 22, "%s%lld", i ? "," : "", (long long)busy[i]);
	ids[len++] = ']';
	ids[len] = '\0';
	sqlite3_stmt *s = r->stmt[R_OUTBOX_DUE];
	sqlite3_bind_int64(s, 1, now_ms);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	sqlite3_bind_text(s, 3, ids, (int)len, free);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		struct ks_outbox_row *o = &out[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(s, 0);
		o->env_id = sqlite3_column_int64(s, 1);
		copy_text(o->transaction_id, sizeof(o->transaction_id), s, 2);
		copy_text(o->kind, sizeof(o->kind), s, 3);
		o->target = dup_text(s, 4);
		o->body = dup_text(s, 5);
		o->attempts = sqlite3_column_int(s, 6);
		o->clock_offset_ms = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	return src == SQLITE_ROW || src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

/* ---- the portal ---- */

static int sqlite_account_get(struct ks_store *base, const char *email, int64_t merchant_id,
			      struct ks_account *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[email ? R_ACCOUNT_BY_EMAIL : R_ACCOUNT_BY_ID];
	if (email)
		sqlite3_bind_text(s, 1, email, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, merchant_id);
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		out->merchant_id = sqlite3_column_int64(s, 0);
		copy_text(out->code, sizeof(out->code), s, 1);
		copy_text(out->name, sizeof(out->name), s, 2);
		copy_text(out->email, sizeof(out->email), s, 3);
		copy_text(out->password_hash, sizeof(out->password_hash), s, 4);
		copy_text(out->url, sizeof(out->url), s, 5);
		out->failed_logins = sqlite3_column_int(s, 6);
		out->locked_until_ms = sqlite3_column_int64(s, 7);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_ROW ? KS_OK : src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
}

static int sqlite_session_get(struct ks_store *base, const unsigned char id_hash[32],
			      int64_t now_ms, struct ks_session *out)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_SESSION_GET];
	sqlite3_bind_blob(s, 1, id_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, now_ms);
	int src = sqlite3_step(s);
	if (src == SQLITE_ROW) {
		out->merchant_id = sqlite3_column_int64(s, 0);
		copy_text(out->csrf, sizeof(out->csrf), s, 1);
		out->expires_ms = sqlite3_column_int64(s, 2);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_ROW ? KS_OK : src == SQLITE_DONE ? KS_ERR_NOT_FOUND : ks_sqlite_rc(src);
}

static const char *text_or_empty(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	return t ? (const char *)t : "";
}

/* The list's SQL depends on which filters are set, so it is built and
 * prepared per call (tens of microseconds; each shape has an index). */
static int sqlite_txn_list(struct ks_store *base, const struct ks_txn_filter *f,
			   void (*row)(void *arg, const struct ks_txn_row *r), void *arg)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	char sql[1024];
	int n = snprintf(sql, sizeof(sql),
		"SELECT p.id, p.transaction_id, o.order_id, p.payment_type, p.status,"
		" coalesce(p.fraud_status, ''), p.gross_amount, p.created_at,"
		" trim(coalesce(json_extract(o.request_json, '$.customer_details.first_name'), '') || ' ' ||"
		" coalesce(json_extract(o.request_json, '$.customer_details.last_name'), ''))"
		" FROM payments p JOIN orders o ON o.id = p.order_ref WHERE p.env_id = ?1");
	if (f->order_id)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND o.env_id = ?1 AND o.order_id = ?2");
	if (f->status)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND p.status = ?3");
	if (f->method)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND p.payment_type = ?4");
	if (f->from_ms)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND p.created_at >= ?5");
	if (f->to_ms)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n, " AND p.created_at < ?6");
	if (f->before_id)
		n += snprintf(sql + n, sizeof(sql) - (size_t)n,
			      " AND (p.created_at < ?7 OR (p.created_at = ?7 AND p.id < ?8))");
	snprintf(sql + n, sizeof(sql) - (size_t)n,
		 " ORDER BY p.created_at DESC, p.id DESC LIMIT ?9");
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v2(r->db, sql, -1, &s, NULL) != SQLITE_OK) {
		ks_log(KS_LOG_ERROR, NULL, "cannot prepare the transaction list: %s",
		       sqlite3_errmsg(r->db));
		return KS_ERR_INTERNAL;
	}
	sqlite3_bind_int64(s, 1, f->env_id);
	if (f->order_id)
		sqlite3_bind_text(s, 2, f->order_id, -1, SQLITE_STATIC);
	if (f->status)
		sqlite3_bind_text(s, 3, f->status, -1, SQLITE_STATIC);
	if (f->method)
		sqlite3_bind_text(s, 4, f->method, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, f->from_ms);
	sqlite3_bind_int64(s, 6, f->to_ms);
	sqlite3_bind_int64(s, 7, f->before_ms);
	sqlite3_bind_int64(s, 8, f->before_id);
	sqlite3_bind_int64(s, 9, f->limit);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_txn_row t = {
			.id = sqlite3_column_int64(s, 0),
			.transaction_id = text_or_empty(s, 1),
			.order_id = text_or_empty(s, 2),
			.payment_type = text_or_empty(s, 3),
			.status = text_or_empty(s, 4),
			.fraud_status = text_or_empty(s, 5),
			.gross_amount = sqlite3_column_int64(s, 6),
			.created_ms = sqlite3_column_int64(s, 7),
			.customer = text_or_empty(s, 8),
		};
		row(arg, &t);
	}
	sqlite3_finalize(s);
	return src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

static int sqlite_txn_history(struct ks_store *base, int64_t payment_id,
			      void (*row)(void *arg, const struct ks_history_row *r), void *arg)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_TXN_HISTORY];
	sqlite3_bind_int64(s, 1, payment_id);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_history_row h = {
			.at_ms = sqlite3_column_int64(s, 0),
			.from_status = text_or_empty(s, 1),
			.to_status = text_or_empty(s, 2),
			.cause = text_or_empty(s, 3),
		};
		row(arg, &h);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

static int sqlite_txn_deliveries(struct ks_store *base, const char *transaction_id,
				 void (*row)(void *arg, const struct ks_delivery_row *r), void *arg)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_TXN_DELIVERIES];
	sqlite3_bind_text(s, 1, transaction_id, -1, SQLITE_STATIC);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_delivery_row d = {
			.outbox_id = sqlite3_column_int64(s, 0),
			.kind = text_or_empty(s, 1),
			.target = text_or_empty(s, 2),
			.state = text_or_empty(s, 3),
			.created_ms = sqlite3_column_int64(s, 4),
			.attempt_at_ms = sqlite3_column_int64(s, 5),
			.http_status = sqlite3_column_int(s, 6),
			.latency_ms = sqlite3_column_int64(s, 7),
			.error = text_or_empty(s, 8),
		};
		row(arg, &d);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

static int sqlite_txn_stats(struct ks_store *base, int64_t env_id, int64_t from_ms, int64_t to_ms,
			    void (*row)(void *arg, const struct ks_stat_row *r), void *arg)
{
	struct reader *r = reader_get((struct sqlite_store *)base);
	if (!r)
		return KS_ERR_UNAVAILABLE;
	sqlite3_stmt *s = r->stmt[R_TXN_STATS];
	sqlite3_bind_int64(s, 1, env_id);
	sqlite3_bind_int64(s, 2, from_ms);
	sqlite3_bind_int64(s, 3, to_ms);
	int src;
	while ((src = sqlite3_step(s)) == SQLITE_ROW) {
		struct ks_stat_row t = {
			.day = text_or_empty(s, 0),
			.payment_type = text_or_empty(s, 1),
			.count = sqlite3_column_int64(s, 2),
			.succeeded = sqlite3_column_int64(s, 3),
			.volume = sqlite3_column_int64(s, 4),
		};
		row(arg, &t);
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return src == SQLITE_DONE ? KS_OK : ks_sqlite_rc(src);
}

/* ---- open and close ---- */

static void sqlite_close(struct ks_store *base)
{
	struct sqlite_store *st = (struct sqlite_store *)base;
	pthread_mutex_lock(&st->mu);
	st->stopping = 1;
	pthread_cond_signal(&st->cv);
	pthread_mutex_unlock(&st->mu);
	pthread_join(st->writer, NULL); /* completes what is queued first */
	ks_sqlite_writer_release(&st->w);
	/* this thread's reader, and any whose thread is still alive */
	pthread_setspecific(st->reader_key, NULL);
	while (st->readers) {
		struct reader *r = st->readers;
		reader_unlink(st, r);
		reader_free(r);
	}
	pthread_key_delete(st->reader_key);
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->cv);
	free(st->path);
	free(st);
}

static int sqlite_open(const char *path, struct ks_store **out, char *err, size_t errsz)
{
	*out = NULL;
	if (!*path) {
		snprintf(err, errsz, "database path is empty (expected sqlite:PATH)");
		return KS_ERR_INVALID;
	}
	sqlite3 *db;
	int rc = ks_sqlite_open_conn(path, &db, err, errsz);
	if (rc)
		return rc;
	rc = migrate(db, err, errsz);
	struct sqlite_store *st = ks_xcalloc(1, sizeof(*st));
	if (!rc)
		rc = ks_sqlite_writer_init(&st->w, db, err, errsz);
	if (rc) {
		sqlite3_close(db);
		free(st);
		return rc;
	}
	st->base.ops = &ks_store_sqlite_ops;
	st->path = ks_xstrdup(path);
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	if (pthread_key_create(&st->reader_key, reader_destroy) != 0 ||
	    pthread_create(&st->writer, NULL, writer_main, st) != 0) {
		snprintf(err, errsz, "cannot start the database writer thread");
		ks_sqlite_writer_release(&st->w);
		free(st->path);
		free(st);
		return KS_ERR_INTERNAL;
	}
	*out = &st->base;
	return KS_OK;
}

const struct ks_store_ops ks_store_sqlite_ops = {
	.scheme = "sqlite",
	.open = sqlite_open,
	.close = sqlite_close,
	.env_by_key_hash = sqlite_env_by_key_hash,
	.env_by_merchant = sqlite_env_by_merchant,
	.env_by_client_key = sqlite_env_by_client_key,
	.idem_get = sqlite_idem_get,
	.submit = sqlite_submit,
	.order_count = sqlite_order_count,
	.order_by_token = sqlite_order_by_token,
	.payment_get = sqlite_payment_get,
	.payment_latest = sqlite_payment_latest,
	.order_by_ref = sqlite_order_by_ref,
	.outbox_due = sqlite_outbox_due,
	.outbox_stats = sqlite_outbox_stats,
	.payments_due = sqlite_payments_due,
	.number_find = sqlite_number_find,
	.saved_card_get = sqlite_saved_card_get,
	.saved_cards_of_user = sqlite_saved_cards_of_user,
	.account_get = sqlite_account_get,
	.session_get = sqlite_session_get,
	.txn_list = sqlite_txn_list,
	.txn_history = sqlite_txn_history,
	.txn_deliveries = sqlite_txn_deliveries,
	.txn_stats = sqlite_txn_stats,
};
