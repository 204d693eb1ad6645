/* Throw-away PostgreSQL databases for the store tests: with KS_TEST_PG_URL
 * set (scripts/test.sh starts a server with scripts/pg-dev.sh), each test
 * gets a database of its own, dropped at its end. */
#ifndef KS_TEST_STORE_PGTEST_H
#define KS_TEST_STORE_PGTEST_H

#include <stddef.h>

/* The server's URL, or NULL when the PostgreSQL run is off. */
const char *ks_pgtest_server(void);
/* Creates a fresh database and writes its URL to url. 0 on success. */
int ks_pgtest_create(char *url, size_t size);
/* Drops the database made by ks_pgtest_create (sessions still open on it
 * are ended). */
void ks_pgtest_drop(const char *url);
/* Runs one SQL command on the database at url; 0 on success. */
int ks_pgtest_exec(const char *url, const char *sql);

#endif
