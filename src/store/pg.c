/* This file contains the PostgreSQL backend of the store, for several kasir
 * nodes sharing one database: migrations under an advisory lock on open, one
 * read connection per thread, and one writer thread that commits queued
 * write jobs in groups, durably (synchronous_commit on; DESIGN §5a). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "store/pg_migrate.h"
#include "store/pg_read.h"
#include "store/pg_store.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Most jobs one transaction takes: bounds a group's latency. */
#define BATCH_MAX 512
/* Jobs that must wait before a second writer starts a group while the
 * first one commits. */
#define SECOND_WRITER_MIN 16
/* Default lease on claimed background work, in seconds: longer than any
 * delivery try (notify/) so a live node never loses a row it works on. */
#define LEASE_DEFAULT_S 120

struct writer_arg {
	struct pg_store *st;
	struct pg_writer *w;
};

static void *writer_main(void *arg)
{
	struct writer_arg wa = *(struct writer_arg *)arg;
	free(arg);
	struct pg_store *st = wa.st;
	pthread_mutex_lock(&st->mu);
	for (;;) {
		/* a second writer starts a group only once enough jobs wait:
		 * under light load one writer commits everything (a group of
		 * one), under heavy load both keep a commit in flight, each with
		 * a group worth its round trip */
		while (!st->stopping &&
		       (!st->head || (st->busy_writers > 0 && st->queued < SECOND_WRITER_MIN)))
			pthread_cond_wait(&st->cv, &st->mu);
		if (!st->head)
			break; /* stopping, and nothing left */
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
		st->queued -= n;
		st->busy_writers++;
		pthread_mutex_unlock(&st->mu);
		ks_pg_run_batch(wa.w, batch);
		pthread_mutex_lock(&st->mu);
		st->busy_writers--;
		pthread_cond_broadcast(&st->cv); /* the other writer may go */
	}
	pthread_mutex_unlock(&st->mu);
	return NULL;
}

static void pg_submit(struct ks_store *base, struct ks_store_write *w)
{
	struct pg_store *st = (struct pg_store *)base;
	pthread_mutex_lock(&st->mu);
	if (st->tail)
		st->tail->next = w;
	else
		st->head = w;
	st->tail = w;
	st->queued++;
	if (st->busy_writers == 0 || st->queued == SECOND_WRITER_MIN)
		pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
}

/* ---- readers: one connection per thread ---- */

static void reader_unlink(struct pg_store *st, struct pg_reader *r)
{
	if (r->prev)
		r->prev->next = r->next;
	else
		st->readers = r->next;
	if (r->next)
		r->next->prev = r->prev;
}

static void reader_free(struct pg_reader *r)
{
	PQfinish(r->c);
	free(r);
}

/* pthread key destructor: the thread that owned the reader exits */
static void reader_destroy(void *arg)
{
	struct pg_reader *r = arg;
	pthread_mutex_lock(&r->st->mu);
	reader_unlink(r->st, r);
	pthread_mutex_unlock(&r->st->mu);
	reader_free(r);
}

void ks_pg_reader_drop(struct pg_store *st, struct pg_reader *r)
{
	pthread_setspecific(st->reader_key, NULL);
	pthread_mutex_lock(&st->mu);
	reader_unlink(st, r);
	pthread_mutex_unlock(&st->mu);
	reader_free(r);
}

struct pg_reader *ks_pg_reader_get(struct pg_store *st)
{
	struct pg_reader *r = pthread_getspecific(st->reader_key);
	if (r)
		return r;
	char err[256];
	PGconn *c = ks_pg_connect_prepared(st->url, err, sizeof(err));
	if (!c) {
		ks_log(KS_LOG_WARN, NULL, "%s", err);
		return NULL;
	}
	r = ks_xcalloc(1, sizeof(*r));
	r->c = c;
	r->st = st;
	pthread_mutex_lock(&st->mu);
	r->next = st->readers;
	if (r->next)
		r->next->prev = r;
	st->readers = r;
	pthread_mutex_unlock(&st->mu);
	pthread_setspecific(st->reader_key, r);
	return r;
}

/* ---- open and close ---- */

static void pg_close(struct ks_store *base)
{
	struct pg_store *st = (struct pg_store *)base;
	pthread_mutex_lock(&st->mu);
	st->stopping = 1;
	pthread_cond_broadcast(&st->cv);
	pthread_mutex_unlock(&st->mu);
	/* each completes what is queued first */
	for (int i = 0; i < st->nwriters; i++)
		pthread_join(st->writer[i], NULL);
	for (int i = 0; i < PG_WRITERS; i++)
		PQfinish(st->w[i].c);
	pthread_setspecific(st->reader_key, NULL);
	while (st->readers) {
		struct pg_reader *r = st->readers;
		reader_unlink(st, r);
		reader_free(r);
	}
	pthread_key_delete(st->reader_key);
	pthread_mutex_destroy(&st->mu);
	pthread_cond_destroy(&st->cv);
	free(st->url);
	free(st);
}

/* KASIR_PG_LEASE_S: the lease, for tests that kill a node mid-work. */
static int lease_seconds(void)
{
	const char *v = getenv("KASIR_PG_LEASE_S");
	if (!v || !*v)
		return LEASE_DEFAULT_S;
	char *end;
	long s = strtol(v, &end, 10);
	if (*end || s < 1 || s > 3600) {
		ks_log(KS_LOG_WARN, NULL, "KASIR_PG_LEASE_S must be 1..3600 seconds; using %d",
		       LEASE_DEFAULT_S);
		return LEASE_DEFAULT_S;
	}
	return (int)s;
}

/* url is what follows "postgres:" or "postgresql:", e.g. "//host/db" */
static int open_url(const char *scheme, const char *rest, struct ks_store **out, char *err,
		    size_t errsz)
{
	*out = NULL;
	if (strncmp(rest, "//", 2) != 0) {
		snprintf(err, errsz, "database URL must look like %s://USER@HOST:PORT/DBNAME",
			 scheme);
		return KS_ERR_INVALID;
	}
	char *url = ks_xasprintf("%s:%s", scheme, rest);
	PGconn *c = ks_pg_connect(url, err, errsz);
	int rc = c ? ks_pg_migrate(c, err, errsz) : KS_ERR_UNAVAILABLE;
	if (!rc)
		rc = ks_pg_prepare_all(c, err, errsz);
	if (rc) {
		PQfinish(c);
		free(url);
		return rc;
	}
	struct pg_store *st = ks_xcalloc(1, sizeof(*st));
	st->base.ops = strcmp(scheme, "postgres") == 0 ? &ks_store_pg_ops : &ks_store_postgresql_ops;
	st->url = url;
	for (int i = 0; i < PG_WRITERS; i++)
		st->w[i].url = url;
	st->w[0].c = c; /* the others connect on their first group */
	st->lease_s = lease_seconds();
	pthread_mutex_init(&st->mu, NULL);
	pthread_cond_init(&st->cv, NULL);
	if (pthread_key_create(&st->reader_key, reader_destroy) != 0) {
		snprintf(err, errsz, "cannot make the reader key");
		PQfinish(c);
		free(url);
		free(st);
		return KS_ERR_INTERNAL;
	}
	for (int i = 0; i < PG_WRITERS; i++) {
		struct writer_arg *wa = ks_xcalloc(1, sizeof(*wa));
		wa->st = st;
		wa->w = &st->w[i];
		if (pthread_create(&st->writer[i], NULL, writer_main, wa) != 0) {
			free(wa);
			snprintf(err, errsz, "cannot start the database writer threads");
			pg_close(&st->base);
			return KS_ERR_INTERNAL;
		}
		st->nwriters++;
	}
	*out = &st->base;
	return KS_OK;
}

static int pg_open(const char *rest, struct ks_store **out, char *err, size_t errsz)
{
	return open_url("postgres", rest, out, err, errsz);
}

static int postgresql_open(const char *rest, struct ks_store **out, char *err, size_t errsz)
{
	return open_url("postgresql", rest, out, err, errsz);
}

/* One table per accepted URL scheme; both are the same backend. */
#define PG_OPS(name, scheme_name, opener)                                           \
	const struct ks_store_ops name = {                                          \
		.scheme = scheme_name,                                              \
		.open = opener,                                                     \
		.close = pg_close,                                                  \
		.env_by_key_hash = ks_pg_env_by_key_hash,                           \
		.env_by_merchant = ks_pg_env_by_merchant,                           \
		.env_by_client_key = ks_pg_env_by_client_key,                       \
		.idem_get = ks_pg_idem_get,                                         \
		.submit = pg_submit,                                                \
		.order_count = ks_pg_order_count,                                   \
		.order_by_token = ks_pg_order_by_token,                             \
		.payment_get = ks_pg_payment_get,                                   \
		.payment_latest = ks_pg_payment_latest,                             \
		.order_by_ref = ks_pg_order_by_ref,                                 \
		.outbox_due = ks_pg_outbox_due,                                     \
		.outbox_stats = ks_pg_outbox_stats,                                 \
		.payments_due = ks_pg_payments_due,                                 \
		.saved_card_get = ks_pg_saved_card_get,                             \
		.saved_cards_of_user = ks_pg_saved_cards_of_user,                   \
		.vault_put = ks_pg_vault_put,                                       \
		.vault_take = ks_pg_vault_take,                                     \
		.number_find = ks_pg_number_find,                                   \
		.account_get = ks_pg_account_get,                                   \
		.session_get = ks_pg_session_get,                                   \
		.txn_list = ks_pg_txn_list,                                         \
		.txn_history = ks_pg_txn_history,                                   \
		.txn_deliveries = ks_pg_txn_deliveries,                             \
		.txn_stats = ks_pg_txn_stats,                                       \
	}

PG_OPS(ks_store_pg_ops, "postgres", pg_open);
PG_OPS(ks_store_postgresql_ops, "postgresql", postgresql_open);
