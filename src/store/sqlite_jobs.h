/* The SQLite writer connection and the write jobs it applies (used only by
 * store/sqlite.c; split out to keep each file about one thing). */
#ifndef KS_STORE_SQLITE_JOBS_H
#define KS_STORE_SQLITE_JOBS_H

#include <sqlite3.h>
#include <stddef.h>

#include "store/store.h"

enum write_stmt {
	W_MERCHANT,
	W_ENV,
	W_ORDER,
	W_IDEM,
	W_PAYMENT,
	W_HISTORY,
	W_ORDER_CLAIM,
	W_PAYMENT_CHANGE,
	W_SAVED_CARD,
	W_ENV_SETTINGS,
	W_OUTBOX,
	W_ATTEMPT,
	W_OUTBOX_UPDATE,
	W_NUMBER,
	W_NUMBER_END,
	W_LOGIN_OK,
	W_LOGIN_FAIL,
	W_SESSION_INSERT,
	W_SESSION_DELETE,
	W_SESSIONS_EXPIRED,
	W_SESSIONS_END,
	W_ACCOUNT,
	W_SERVER_KEY,
	W_LAST_HISTORY,
	W_CLOCK_ADVANCE,
	W__COUNT
};

struct ks_sqlite_writer {
	sqlite3 *db; /* owned */
	sqlite3_stmt *stmt[W__COUNT];
};

/* Takes ownership of db and prepares the write statements. */
int ks_sqlite_writer_init(struct ks_sqlite_writer *w, sqlite3 *db, char *err, size_t errsz);
/* Finalizes the statements and closes the connection. */
void ks_sqlite_writer_release(struct ks_sqlite_writer *w);
/* Runs one SQL statement without results; KS_OK or a KS_ERR_* code. */
int ks_sqlite_exec(struct ks_sqlite_writer *w, const char *sql);
/* Applies one job inside the open transaction; KS_OK or a KS_ERR_* code
 * (the caller rolls back to the job's savepoint on error). */
int ks_sqlite_job_apply(struct ks_sqlite_writer *w, struct ks_store_write *job);

/* Opens a connection with kasir's pragmas (WAL, synchronous=FULL). */
int ks_sqlite_open_conn(const char *path, sqlite3 **out, char *err, size_t errsz);
/* Maps an SQLite result code to a KS_ERR_* code. */
int ks_sqlite_rc(int src);

#endif
