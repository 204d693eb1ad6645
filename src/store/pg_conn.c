/* This file contains the PostgreSQL connection helpers: connecting with
 * durable commits and every statement prepared, parameters, typed values
 * and the mapping of server errors to kasir's codes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "store/pg_conn.h"
#include "util/log.h"
#include "util/xalloc.h"

void ks_pg_params_init(struct pg_params *p)
{
	p->n = 0;
}

static void add(struct pg_params *p, const char *v, int len, int fmt)
{
	if (p->n >= PG_PARAMS_MAX)
		abort(); /* a statement with more parameters is a programming error */
	p->v[p->n] = v;
	p->len[p->n] = len;
	p->fmt[p->n] = fmt;
	p->n++;
}

void ks_pg_text(struct pg_params *p, const char *v)
{
	add(p, v, 0, 0);
}

void ks_pg_opt(struct pg_params *p, const char *v)
{
	add(p, v && *v ? v : NULL, 0, 0);
}

void ks_pg_textn(struct pg_params *p, const char *v, size_t n)
{
	/* the binary form of text is its bytes */
	add(p, v, (int)n, 1);
}

void ks_pg_i64(struct pg_params *p, int64_t v)
{
	snprintf(p->buf[p->n], sizeof(p->buf[p->n]), "%lld", (long long)v);
	add(p, p->buf[p->n], 0, 0);
}

void ks_pg_bytea(struct pg_params *p, const unsigned char *v, size_t n)
{
	add(p, (const char *)v, (int)n, 1);
}

PGconn *ks_pg_connect(const char *url, char *err, size_t errsz)
{
	/* connect_timeout first, so the URL may set its own */
	const char *keys[] = { "connect_timeout", "dbname", "application_name", NULL };
	const char *vals[] = { "3", url, "kasir", NULL };
	PGconn *c = PQconnectdbParams(keys, vals, 1);
	if (!c || PQstatus(c) != CONNECTION_OK) {
		const char *m = c ? PQerrorMessage(c) : "out of memory";
		size_t n = strcspn(m, "\n");
		snprintf(err, errsz, "cannot connect to PostgreSQL: %.*s", (int)n, m);
		PQfinish(c);
		return NULL;
	}
	/* a commit returns only once it is on disk, whatever the server's
	 * default; times are milliseconds, so no time zone matters */
	if (ks_pg_exec(c, "SET synchronous_commit = on; SET client_min_messages = warning") != KS_OK) {
		snprintf(err, errsz, "cannot set up the PostgreSQL session: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	return c;
}

int ks_pg_prepare_all(PGconn *c, char *err, size_t errsz)
{
	for (int i = 0; i < PG_STMT__COUNT; i++) {
		char name[16];
		snprintf(name, sizeof(name), "k%d", i);
		PGresult *r = PQprepare(c, name, ks_pg_sql[i], 0, NULL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			const char *m = PQresultErrorMessage(r);
			size_t n = strcspn(m, "\n");
			snprintf(err, errsz, "cannot prepare statement %d: %.*s", i, (int)n, m);
			PQclear(r);
			return ks_pg_broken(c) ? KS_ERR_UNAVAILABLE : KS_ERR_INTERNAL;
		}
		PQclear(r);
	}
	return KS_OK;
}

PGconn *ks_pg_connect_prepared(const char *url, char *err, size_t errsz)
{
	PGconn *c = ks_pg_connect(url, err, errsz);
	if (c && ks_pg_prepare_all(c, err, errsz) != KS_OK) {
		PQfinish(c);
		c = NULL;
	}
	return c;
}

/* The portal's search has optional filters and a cursor: a plan made once
 * for any values (PostgreSQL's generic plan after five runs) cannot use the
 * index for the ones given, so a page deep in a million rows scanned up to
 * it. Planned for its values at each call instead: a fraction of a
 * millisecond, on a request a person makes. */
static int planned_per_call(enum pg_stmt s)
{
	return s == PG_TXN_LIST;
}

PGresult *ks_pg_run(PGconn *c, enum pg_stmt s, const struct pg_params *p)
{
	if (planned_per_call(s))
		return PQexecParams(c, ks_pg_sql[s], p ? p->n : 0, NULL, p ? p->v : NULL,
				    p ? p->len : NULL, p ? p->fmt : NULL, 0);
	char name[16];
	snprintf(name, sizeof(name), "k%d", (int)s);
	return PQexecPrepared(c, name, p ? p->n : 0, p ? p->v : NULL, p ? p->len : NULL,
			      p ? p->fmt : NULL, 0);
}

int ks_pg_send(PGconn *c, enum pg_stmt s, const struct pg_params *p)
{
	char name[16];
	snprintf(name, sizeof(name), "k%d", (int)s);
	return PQsendQueryPrepared(c, name, p->n, p->v, p->len, p->fmt, 0);
}

int ks_pg_exec(PGconn *c, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int rc = ks_pg_rc(c, r);
	PQclear(r);
	return rc;
}

int ks_pg_broken(PGconn *c)
{
	return !c || PQstatus(c) != CONNECTION_OK;
}

int ks_pg_rc(PGconn *c, const PGresult *r)
{
	ExecStatusType s = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_PIPELINE_SYNC)
		return KS_OK;
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	if (state && strncmp(state, "23", 2) == 0)
		return KS_ERR_CONFLICT; /* integrity constraint violation */
	const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
	size_t n = strcspn(m, "\n");
	/* class 08 connection, 57 operator intervention (shutdown), 53
	 * resources, 40 serialization failure or deadlock: retry later */
	if (ks_pg_broken(c) || !state || strncmp(state, "08", 2) == 0 ||
	    strncmp(state, "57", 2) == 0 || strncmp(state, "53", 2) == 0 ||
	    strncmp(state, "40", 2) == 0) {
		ks_log(KS_LOG_WARN, NULL, "database unavailable: %.*s", (int)n, m);
		return KS_ERR_UNAVAILABLE;
	}
	ks_log(KS_LOG_ERROR, NULL, "database error %s: %.*s", state, (int)n, m);
	return KS_ERR_INTERNAL;
}

int64_t ks_pg_i64_at(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

void ks_pg_copy(char *dst, size_t size, const PGresult *r, int row, int col)
{
	snprintf(dst, size, "%s", PQgetisnull(r, row, col) ? "" : PQgetvalue(r, row, col));
}

char *ks_pg_dup(const PGresult *r, int row, int col)
{
	return PQgetisnull(r, row, col) ? NULL : ks_xstrdup(PQgetvalue(r, row, col));
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

size_t ks_pg_bytea_at(const PGresult *r, int row, int col, unsigned char *out, size_t max)
{
	/* text results carry bytea in hex form: \x0a1b... */
	const char *v = PQgetvalue(r, row, col);
	size_t len = strlen(v);
	if (len < 2 || v[0] != '\\' || v[1] != 'x' || (len - 2) % 2 || (len - 2) / 2 > max)
		return 0;
	size_t n = (len - 2) / 2;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(v[2 + 2 * i]), lo = hexval(v[3 + 2 * i]);
		if (hi < 0 || lo < 0)
			return 0;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return n;
}
