/* The PostgreSQL store's shared state (used only by store/pg*.c): the
 * store, its per-thread read connections and its writer connection. */
#ifndef KS_STORE_PG_STORE_H
#define KS_STORE_PG_STORE_H

#include <libpq-fe.h>
#include <pthread.h>

#include "store/pg_conn.h"
#include "store/store.h"

struct pg_reader {
	PGconn *c;
	struct pg_store *st;
	struct pg_reader *prev, *next;
};

/* The writer's connection, made again after it drops. */
struct pg_writer {
	const char *url;
	PGconn *c;
	int64_t retry_at_ms; /* no new connection attempt before (monotonic) */
};

/* Writer threads, each with its connection: while one waits for its
 * commit to reach the disk, the next takes the following group (PostgreSQL
 * flushes the WAL of concurrent commits together). */
#define PG_WRITERS 2

struct pg_store {
	struct ks_store base;
	char *url;
	int lease_s; /* how long claimed background work stays this node's */
	struct pg_writer w[PG_WRITERS];
	pthread_t writer[PG_WRITERS];
	int nwriters; /* started */
	pthread_mutex_t mu; /* guards the queue, stopping and readers */
	pthread_cond_t cv;
	struct ks_store_write *head, *tail;
	int queued;       /* jobs in the queue */
	int busy_writers; /* writers running a group */
	int stopping;
	pthread_key_t reader_key;
	struct pg_reader *readers;
};

/* This thread's read connection, made on first use; NULL when the
 * database cannot be reached. */
struct pg_reader *ks_pg_reader_get(struct pg_store *st);
/* Drops a reader whose connection broke; the next call makes a new one. */
void ks_pg_reader_drop(struct pg_store *st, struct pg_reader *r);

/* Runs a statement on this thread's read connection (autocommit); NULL
 * with *rc set on failure, a broken connection dropped. */
PGresult *ks_pg_query(struct ks_store *st, enum pg_stmt s, const struct pg_params *p, int *rc);

/* Applies a group of write jobs in one durable transaction and completes
 * each (store/pg_jobs.c). */
void ks_pg_run_batch(struct pg_writer *w, struct ks_store_write *batch);

#endif
