/* This file contains the PostgreSQL schema migrations: the embedded files of
 * schema/pg/ not yet applied, each recorded by name, all in one transaction
 * under an advisory lock, so nodes that start together apply each once. */
#include <stdio.h>
#include <string.h>

#include "core/errors.h"
#include "store/pg_conn.h"
#include "store/pg_migrate.h"
#include "util/embed.h"
#include "util/log.h"

extern const struct ks_embedded ks_schema_pg[];

/* Any constant: the key of kasir's migration lock ("kasir" in ASCII). */
#define MIGRATION_LOCK "469786356082"

static int fail(PGconn *c, PGresult *r, const char *what, char *err, size_t errsz)
{
	const char *m = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
	snprintf(err, errsz, "database migration failed (%s): %.*s", what, (int)strcspn(m, "\n"), m);
	PQclear(r);
	PQclear(PQexec(c, "ROLLBACK"));
	return ks_pg_broken(c) ? KS_ERR_UNAVAILABLE : KS_ERR_INTERNAL;
}

static int ok(PGresult *r)
{
	ExecStatusType s = PQresultStatus(r);
	return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

int ks_pg_migrate(PGconn *c, char *err, size_t errsz)
{
	PGresult *r = PQexec(c, "BEGIN; SELECT pg_advisory_xact_lock(" MIGRATION_LOCK ");"
				"CREATE TABLE IF NOT EXISTS kasir_migrations ("
				" name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
	if (!ok(r))
		return fail(c, r, "lock", err, errsz);
	PQclear(r);
	for (int i = 0; ks_schema_pg[i].name; i++) {
		const char *name = ks_schema_pg[i].name;
		const char *vals[1] = { name };
		r = PQexecParams(c, "SELECT 1 FROM kasir_migrations WHERE name = $1", 1, NULL, vals,
				 NULL, NULL, 0);
		if (!ok(r))
			return fail(c, r, name, err, errsz);
		int have = PQntuples(r) > 0;
		PQclear(r);
		if (have)
			continue;
		r = PQexec(c, ks_schema_pg[i].data);
		if (!ok(r))
			return fail(c, r, name, err, errsz);
		PQclear(r);
		r = PQexecParams(c, "INSERT INTO kasir_migrations (name) VALUES ($1)", 1, NULL, vals,
				 NULL, NULL, 0);
		if (!ok(r))
			return fail(c, r, name, err, errsz);
		PQclear(r);
		ks_log(KS_LOG_INFO, NULL, "database migrated: %s", name);
	}
	r = PQexec(c, "COMMIT");
	if (!ok(r))
		return fail(c, r, "commit", err, errsz);
	PQclear(r);
	return KS_OK;
}
