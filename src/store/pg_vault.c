/* This file contains the PostgreSQL card vault: sealed, single-use,
 * short-lived entries that any node can take (api/vault.c seals them).
 * Each put or take runs in autocommit on the thread's read connection: its
 * own durable transaction, answered before the request is. */
#include "core/errors.h"
#include "store/pg_read.h"
#include "store/pg_store.h"

int ks_pg_vault_put(struct ks_store *st, const char *id, const unsigned char *sealed, size_t len,
		    int64_t expires_ms, int64_t now_ms)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, id);
	ks_pg_bytea(&p, sealed, len);
	ks_pg_i64(&p, expires_ms);
	ks_pg_i64(&p, now_ms);
	int rc;
	PQclear(ks_pg_query(st, PG_VAULT_PUT, &p, &rc));
	return rc;
}

int ks_pg_vault_take(struct ks_store *st, const char *id, int64_t now_ms, unsigned char *out,
		     size_t max, size_t *len)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, id);
	ks_pg_i64(&p, now_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_VAULT_TAKE, &p, &rc);
	if (!r)
		return rc;
	/* an expired entry is deleted all the same, and not answered */
	if (PQntuples(r) == 1 && PQgetvalue(r, 0, 1)[0] == 't')
		*len = ks_pg_bytea_at(r, 0, 0, out, max);
	PQclear(r);
	return *len ? KS_OK : KS_ERR_NOT_FOUND;
}
