/* PostgreSQL connections for the store (used only by store/pg*.c): connect
 * with kasir's session settings and every statement prepared, run prepared
 * statements with parameters, read typed values, map errors. */
#ifndef KS_STORE_PG_CONN_H
#define KS_STORE_PG_CONN_H

#include <libpq-fe.h>
#include <stddef.h>
#include <stdint.h>

#include "store/pg_sql.h"

#define PG_PARAMS_MAX 24

/* The parameters of one statement; values are borrowed or kept in buf. */
struct pg_params {
	int n;
	const char *v[PG_PARAMS_MAX];
	int len[PG_PARAMS_MAX];
	int fmt[PG_PARAMS_MAX]; /* 0 text, 1 binary */
	char buf[PG_PARAMS_MAX][24];
};

void ks_pg_params_init(struct pg_params *p);
/* Text or SQL NULL (v NULL). */
void ks_pg_text(struct pg_params *p, const char *v);
/* Text, or SQL NULL when v is NULL or "". */
void ks_pg_opt(struct pg_params *p, const char *v);
/* n bytes of text, sent as they are (may lack a terminating NUL). */
void ks_pg_textn(struct pg_params *p, const char *v, size_t n);
void ks_pg_i64(struct pg_params *p, int64_t v);
void ks_pg_bytea(struct pg_params *p, const unsigned char *v, size_t n);

/* Connects to url (a postgres:// or postgresql:// URL) with durable
 * commits. Returns NULL with a message in err when it cannot. */
PGconn *ks_pg_connect(const char *url, char *err, size_t errsz);
/* Prepares every statement of store/pg_sql.c on c (the schema must be
 * there). KS_OK or an error with err set. */
int ks_pg_prepare_all(PGconn *c, char *err, size_t errsz);
/* Both: what the readers and the writer use. */
PGconn *ks_pg_connect_prepared(const char *url, char *err, size_t errsz);

/* Runs a prepared statement; the result is the caller's to PQclear. */
PGresult *ks_pg_run(PGconn *c, enum pg_stmt s, const struct pg_params *p);
/* Sends a prepared statement without waiting (pipeline mode). */
int ks_pg_send(PGconn *c, enum pg_stmt s, const struct pg_params *p);
/* Runs SQL without parameters; KS_OK or a KS_ERR_* code. */
int ks_pg_exec(PGconn *c, const char *sql);

/* KS_OK when r succeeded, else the KS_ERR_* code for its error: a
 * constraint is KS_ERR_CONFLICT, a lost or refused connection, a server
 * shutting down or a serialization failure KS_ERR_UNAVAILABLE. Logs what
 * is not a constraint. */
int ks_pg_rc(PGconn *c, const PGresult *r);
/* Whether the connection is gone (to be dropped and made again). */
int ks_pg_broken(PGconn *c);

/* Typed values of a result cell. */
int64_t ks_pg_i64_at(const PGresult *r, int row, int col);
void ks_pg_copy(char *dst, size_t size, const PGresult *r, int row, int col);
/* A malloc'ed copy, NULL for SQL NULL. */
char *ks_pg_dup(const PGresult *r, int row, int col);
/* Decodes a bytea cell into out (max bytes); its length, 0 if too long. */
size_t ks_pg_bytea_at(const PGresult *r, int row, int col, unsigned char *out, size_t max);

#endif
