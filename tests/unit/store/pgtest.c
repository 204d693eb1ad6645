/* This file contains the test helpers that make and drop a PostgreSQL
 * database per test (tests/unit/store/pgtest.h). */
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgtest.h"

const char *ks_pgtest_server(void)
{
	const char *u = getenv("KS_TEST_PG_URL");
	return u && *u ? u : NULL;
}

int ks_pgtest_exec(const char *url, const char *sql)
{
	PGconn *c = PQconnectdb(url);
	int rc = -1;
	if (PQstatus(c) == CONNECTION_OK) {
		PGresult *r = PQexec(c, sql);
		rc = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK
			     ? 0
			     : -1;
		if (rc)
			fprintf(stderr, "pgtest: %s: %s", sql, PQresultErrorMessage(r));
		PQclear(r);
	} else {
		fprintf(stderr, "pgtest: %s", PQerrorMessage(c));
	}
	PQfinish(c);
	return rc;
}

/* url of the same server with another database name */
static void with_db(const char *server, const char *db, char *url, size_t size)
{
	const char *slash = strrchr(server, '/');
	snprintf(url, size, "%.*s/%s", (int)(slash - server), server, db);
}

int ks_pgtest_create(char *url, size_t size)
{
	const char *server = ks_pgtest_server();
	if (!server || sodium_init() < 0)
		return -1;
	char db[32], sql[96];
	snprintf(db, sizeof(db), "kt_%08x%08x", randombytes_random(), randombytes_random());
	snprintf(sql, sizeof(sql), "CREATE DATABASE %s", db);
	if (ks_pgtest_exec(server, sql))
		return -1;
	with_db(server, db, url, size);
	return 0;
}

void ks_pgtest_drop(const char *url)
{
	const char *server = ks_pgtest_server();
	const char *slash = strrchr(url, '/');
	if (!server || !slash)
		return;
	char sql[96];
	snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", slash + 1);
	ks_pgtest_exec(server, sql);
}
