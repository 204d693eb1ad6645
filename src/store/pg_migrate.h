/* PostgreSQL schema migrations (store/pg_migrate.c). */
#ifndef KS_STORE_PG_MIGRATE_H
#define KS_STORE_PG_MIGRATE_H

#include <libpq-fe.h>
#include <stddef.h>

/* Applies the migrations of schema/pg/ that the database lacks, once even
 * when several nodes call it together. KS_OK or an error with err set. */
int ks_pg_migrate(PGconn *c, char *err, size_t errsz);

#endif
