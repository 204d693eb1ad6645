/* This file contains the PostgreSQL reads: each on the calling thread's own
 * connection, a broken connection dropped (the read fails with
 * KS_ERR_UNAVAILABLE, the HTTP layer answers 503) and made again on the
 * next read; and the claims of due background work (docs/store.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "core/paymethod.h"
#include "store/pg_read.h"
#include "store/pg_store.h"
#include "util/xalloc.h"

PGresult *ks_pg_query(struct ks_store *base, enum pg_stmt s, const struct pg_params *p, int *rc)
{
	struct pg_store *st = (struct pg_store *)base;
	struct pg_reader *r = ks_pg_reader_get(st);
	if (!r) {
		*rc = KS_ERR_UNAVAILABLE;
		return NULL;
	}
	PGresult *res = ks_pg_run(r->c, s, p);
	*rc = ks_pg_rc(r->c, res);
	if (*rc) {
		PQclear(res);
		if (ks_pg_broken(r->c))
			ks_pg_reader_drop(st, r);
		return NULL;
	}
	return res;
}

/* The ENV_COLUMNS of a row, from column 0. */
static void env_columns(const PGresult *r, int row, struct ks_env *out)
{
	out->id = ks_pg_i64_at(r, row, 0);
	out->merchant_id = ks_pg_i64_at(r, row, 1);
	ks_pg_copy(out->merchant_code, sizeof(out->merchant_code), r, row, 2);
	out->kind = ks_pg_i64_at(r, row, 3) ? KS_ENV_PRODUCTION : KS_ENV_SANDBOX;
	ks_pg_copy(out->server_key, sizeof(out->server_key), r, row, 4);
	ks_pg_copy(out->client_key, sizeof(out->client_key), r, row, 5);
	ks_pg_copy(out->merchant_name, sizeof(out->merchant_name), r, row, 6);
	out->recurring = ks_pg_i64_at(r, row, 7) != 0;
	ks_pg_copy(out->notification_url, sizeof(out->notification_url), r, row, 8);
	ks_pg_copy(out->notification_emails, sizeof(out->notification_emails), r, row, 9);
	ks_pg_copy(out->finish_url, sizeof(out->finish_url), r, row, 10);
	ks_pg_copy(out->unfinish_url, sizeof(out->unfinish_url), r, row, 11);
	ks_pg_copy(out->error_url, sizeof(out->error_url), r, row, 12);
	out->active_channels = ks_paymethod_set_parse(PQgetvalue(r, row, 13));
	ks_pg_copy(out->language, sizeof(out->language), r, row, 14);
	out->secure_3ds = ks_pg_i64_at(r, row, 15) != 0;
	out->clock_offset_ms = ks_pg_i64_at(r, row, 16);
}

static int read_env(struct ks_store *base, enum pg_stmt s, const struct pg_params *p,
		    struct ks_env *out)
{
	int rc;
	PGresult *r = ks_pg_query(base, s, p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0)
		env_columns(r, 0, out);
	else
		rc = KS_ERR_NOT_FOUND;
	PQclear(r);
	return rc;
}

int ks_pg_env_by_key_hash(struct ks_store *st, const unsigned char hash[32], struct ks_env *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_bytea(&p, hash, 32);
	return read_env(st, PG_ENV_BY_HASH, &p, out);
}

int ks_pg_env_by_merchant(struct ks_store *st, const char *code, enum ks_env_kind kind,
			  struct ks_env *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, code);
	ks_pg_i64(&p, (int64_t)kind);
	return read_env(st, PG_ENV_BY_MERCHANT, &p, out);
}

int ks_pg_env_by_client_key(struct ks_store *st, const char *key, struct ks_env *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, key);
	return read_env(st, PG_ENV_BY_CLIENT_KEY, &p, out);
}

int ks_pg_idem_get(struct ks_store *st, int64_t env_id, const char *key, int64_t now_ms,
		   int *status, char **body)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	ks_pg_text(&p, key);
	ks_pg_i64(&p, now_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_IDEM_GET, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0) {
		*status = (int)ks_pg_i64_at(r, 0, 0);
		*body = ks_pg_dup(r, 0, 1);
	} else {
		rc = KS_ERR_NOT_FOUND;
	}
	PQclear(r);
	return rc;
}

int ks_pg_order_count(struct ks_store *st, int64_t env_id, int64_t *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	int rc;
	PGresult *r = ks_pg_query(st, PG_ORDER_COUNT, &p, &rc);
	if (!r)
		return rc;
	*out = ks_pg_i64_at(r, 0, 0);
	PQclear(r);
	return KS_OK;
}

static int read_order(struct ks_store *base, enum pg_stmt s, const struct pg_params *p,
		      struct ks_order *out)
{
	int rc;
	PGresult *r = ks_pg_query(base, s, p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) == 0) {
		PQclear(r);
		return KS_ERR_NOT_FOUND;
	}
	const int e = PG_ENV_NCOLS;
	env_columns(r, 0, &out->env);
	out->id = ks_pg_i64_at(r, 0, e + 0);
	ks_pg_copy(out->token, sizeof(out->token), r, 0, e + 1);
	ks_pg_copy(out->order_id, sizeof(out->order_id), r, 0, e + 2);
	out->gross_amount = ks_pg_i64_at(r, 0, e + 3);
	out->created_ms = ks_pg_i64_at(r, 0, e + 4);
	out->expires_ms = ks_pg_i64_at(r, 0, e + 5);
	out->enabled_payments = ks_paymethod_set_parse(PQgetvalue(r, 0, e + 6));
	out->cc_secure = ks_pg_i64_at(r, 0, e + 7) != 0;
	out->cc_authorize = ks_pg_i64_at(r, 0, e + 8) != 0;
	out->cc_save_card = ks_pg_i64_at(r, 0, e + 9) != 0;
	out->finish_url = ks_pg_dup(r, 0, e + 10);
	out->error_url = ks_pg_dup(r, 0, e + 11);
	out->user_id = ks_pg_dup(r, 0, e + 12);
	out->request_json = ks_pg_dup(r, 0, e + 13);
	out->paid_payment_id = ks_pg_i64_at(r, 0, e + 14);
	out->notify_override = ks_pg_dup(r, 0, e + 15);
	out->notify_append = ks_pg_dup(r, 0, e + 16);
	ks_pg_copy(out->bca_va, sizeof(out->bca_va), r, 0, e + 17);
	ks_pg_copy(out->bni_va, sizeof(out->bni_va), r, 0, e + 18);
	ks_pg_copy(out->permata_va, sizeof(out->permata_va), r, 0, e + 19);
	ks_pg_copy(out->permata_recipient, sizeof(out->permata_recipient), r, 0, e + 20);
	PQclear(r);
	return KS_OK;
}

int ks_pg_order_by_token(struct ks_store *st, const char *token, struct ks_order *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, token);
	return read_order(st, PG_ORDER_BY_TOKEN, &p, out);
}

int ks_pg_order_by_ref(struct ks_store *st, int64_t ref, struct ks_order *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, ref);
	return read_order(st, PG_ORDER_BY_REF, &p, out);
}

/* One PAYMENT_COLUMNS row. */
static void payment_row(const PGresult *r, int row, struct ks_payment *out)
{
	memset(out, 0, sizeof(*out));
	out->id = ks_pg_i64_at(r, row, 0);
	out->order_ref = ks_pg_i64_at(r, row, 1);
	out->env_id = ks_pg_i64_at(r, row, 2);
	ks_pg_copy(out->transaction_id, sizeof(out->transaction_id), r, row, 3);
	ks_pg_copy(out->payment_type, sizeof(out->payment_type), r, row, 4);
	ks_pg_copy(out->status, sizeof(out->status), r, row, 5);
	ks_pg_copy(out->fraud_status, sizeof(out->fraud_status), r, row, 6);
	ks_pg_copy(out->status_code, sizeof(out->status_code), r, row, 7);
	ks_pg_copy(out->status_message, sizeof(out->status_message), r, row, 8);
	out->gross_amount = ks_pg_i64_at(r, row, 9);
	out->created_ms = ks_pg_i64_at(r, row, 10);
	out->updated_ms = ks_pg_i64_at(r, row, 11);
	out->details = ks_pg_dup(r, row, 12);
	out->due_ms = ks_pg_i64_at(r, row, 13);
}

static int read_payment(struct ks_store *base, enum pg_stmt s, const struct pg_params *p,
			struct ks_payment *out)
{
	int rc;
	PGresult *r = ks_pg_query(base, s, p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0)
		payment_row(r, 0, out);
	else
		rc = KS_ERR_NOT_FOUND;
	PQclear(r);
	return rc;
}

int ks_pg_payment_get(struct ks_store *st, const char *transaction_id, struct ks_payment *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, transaction_id);
	return read_payment(st, PG_PAYMENT_GET, &p, out);
}

int ks_pg_payment_latest(struct ks_store *st, int64_t env_id, const char *order_id,
			 struct ks_payment *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	ks_pg_text(&p, order_id);
	return read_payment(st, PG_PAYMENT_LATEST, &p, out);
}

static void saved_row(const PGresult *r, int row, struct ks_saved_card *out)
{
	out->env_id = ks_pg_i64_at(r, row, 0);
	ks_pg_copy(out->token, sizeof(out->token), r, row, 1);
	ks_pg_copy(out->user_id, sizeof(out->user_id), r, row, 2);
	ks_pg_copy(out->masked_card, sizeof(out->masked_card), r, row, 3);
	out->one_click = (int)ks_pg_i64_at(r, row, 4);
	out->sealed_len = ks_pg_bytea_at(r, row, 5, out->sealed, KS_SEALED_MAX);
	out->created_ms = ks_pg_i64_at(r, row, 6);
	out->expires_ms = ks_pg_i64_at(r, row, 7);
}

int ks_pg_saved_card_get(struct ks_store *st, int64_t env_id, const char *token, int64_t now_ms,
			 struct ks_saved_card *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	ks_pg_text(&p, token);
	ks_pg_i64(&p, now_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_SAVED_CARD, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0)
		saved_row(r, 0, out);
	else
		rc = KS_ERR_NOT_FOUND;
	PQclear(r);
	return rc;
}

int ks_pg_saved_cards_of_user(struct ks_store *st, int64_t env_id, const char *user_id,
			      int64_t now_ms, struct ks_saved_card *out, size_t max, size_t *n)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	ks_pg_text(&p, user_id);
	ks_pg_i64(&p, now_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_SAVED_CARDS_OF_USER, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r) && *n < max; i++)
		saved_row(r, i, &out[(*n)++]);
	PQclear(r);
	return KS_OK;
}

int ks_pg_outbox_stats(struct ks_store *st, int64_t *depth, int64_t *oldest_ms)
{
	int rc;
	PGresult *r = ks_pg_query(st, PG_OUTBOX_STATS, NULL, &rc);
	if (!r)
		return rc;
	*depth = ks_pg_i64_at(r, 0, 0);
	*oldest_ms = ks_pg_i64_at(r, 0, 1);
	PQclear(r);
	return KS_OK;
}

int ks_pg_outbox_due(struct ks_store *base, int64_t now_ms, const int64_t *busy, size_t nbusy,
		     struct ks_outbox_row *out, size_t max, size_t *n)
{
	struct pg_store *st = (struct pg_store *)base;
	/* the ids being delivered, as an array literal: {1,2,3} */
	char *ids = ks_xmalloc(nbusy * 21 + 3);
	size_t len = 0;
	ids[len++] = '{';
	for (size_t i = 0; i < nbusy; i++)
		len += (size_t)snprintf(ids + len, 22, "%s%lld", i ? "," : "", (long long)busy[i]);
	ids[len++] = '}';
	ids[len] = '\0';
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, now_ms);
	ks_pg_i64(&p, (int64_t)max);
	ks_pg_text(&p, ids);
	ks_pg_i64(&p, st->lease_s);
	int rc;
	PGresult *r = ks_pg_query(base, PG_OUTBOX_CLAIM, &p, &rc);
	free(ids);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r) && *n < max; i++) {
		struct ks_outbox_row *o = &out[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = ks_pg_i64_at(r, i, 0);
		o->env_id = ks_pg_i64_at(r, i, 1);
		ks_pg_copy(o->transaction_id, sizeof(o->transaction_id), r, i, 2);
		ks_pg_copy(o->kind, sizeof(o->kind), r, i, 3);
		o->target = ks_pg_dup(r, i, 4);
		o->body = ks_pg_dup(r, i, 5);
		o->attempts = (int)ks_pg_i64_at(r, i, 6);
		o->clock_offset_ms = ks_pg_i64_at(r, i, 7);
	}
	PQclear(r);
	return KS_OK;
}

int ks_pg_payments_due(struct ks_store *base, int64_t now_ms, struct ks_payment *out, size_t max,
		       size_t *n)
{
	struct pg_store *st = (struct pg_store *)base;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, now_ms);
	ks_pg_i64(&p, (int64_t)max);
	ks_pg_i64(&p, st->lease_s);
	int rc;
	PGresult *r = ks_pg_query(base, PG_PAYMENTS_CLAIM, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r) && *n < max; i++)
		payment_row(r, i, &out[(*n)++]);
	PQclear(r);
	return KS_OK;
}

int ks_pg_number_find(struct ks_store *st, const char *channel, const char *number,
		      struct ks_number_hit *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, channel);
	ks_pg_text(&p, number);
	int rc;
	PGresult *r = ks_pg_query(st, PG_NUMBER_FIND, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0) {
		ks_pg_copy(out->transaction_id, sizeof(out->transaction_id), r, 0, 0);
		out->live = (int)ks_pg_i64_at(r, 0, 1);
	} else {
		rc = KS_ERR_NOT_FOUND;
	}
	PQclear(r);
	return rc;
}

/* ---- the portal ---- */

int ks_pg_account_get(struct ks_store *st, const char *email, int64_t merchant_id,
		      struct ks_account *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	if (email)
		ks_pg_text(&p, email);
	else
		ks_pg_i64(&p, merchant_id);
	int rc;
	PGresult *r = ks_pg_query(st, email ? PG_ACCOUNT_BY_EMAIL : PG_ACCOUNT_BY_ID, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0) {
		out->merchant_id = ks_pg_i64_at(r, 0, 0);
		ks_pg_copy(out->code, sizeof(out->code), r, 0, 1);
		ks_pg_copy(out->name, sizeof(out->name), r, 0, 2);
		ks_pg_copy(out->email, sizeof(out->email), r, 0, 3);
		ks_pg_copy(out->password_hash, sizeof(out->password_hash), r, 0, 4);
		ks_pg_copy(out->url, sizeof(out->url), r, 0, 5);
		out->failed_logins = (int)ks_pg_i64_at(r, 0, 6);
		out->locked_until_ms = ks_pg_i64_at(r, 0, 7);
	} else {
		rc = KS_ERR_NOT_FOUND;
	}
	PQclear(r);
	return rc;
}

int ks_pg_session_get(struct ks_store *st, const unsigned char id_hash[32], int64_t now_ms,
		      struct ks_session *out)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_bytea(&p, id_hash, 32);
	ks_pg_i64(&p, now_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_SESSION_GET, &p, &rc);
	if (!r)
		return rc;
	if (PQntuples(r) > 0) {
		out->merchant_id = ks_pg_i64_at(r, 0, 0);
		ks_pg_copy(out->csrf, sizeof(out->csrf), r, 0, 1);
		out->expires_ms = ks_pg_i64_at(r, 0, 2);
	} else {
		rc = KS_ERR_NOT_FOUND;
	}
	PQclear(r);
	return rc;
}

int ks_pg_txn_list(struct ks_store *st, const struct ks_txn_filter *f,
		   void (*row)(void *arg, const struct ks_txn_row *r), void *arg)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, f->env_id);
	ks_pg_text(&p, f->order_id); /* NULL: any */
	ks_pg_text(&p, f->status);
	ks_pg_text(&p, f->method);
	ks_pg_i64(&p, f->from_ms);
	ks_pg_i64(&p, f->to_ms);
	ks_pg_i64(&p, f->before_ms);
	ks_pg_i64(&p, f->before_id);
	ks_pg_i64(&p, f->limit);
	int rc;
	PGresult *r = ks_pg_query(st, PG_TXN_LIST, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		struct ks_txn_row t = {
			.id = ks_pg_i64_at(r, i, 0),
			.transaction_id = PQgetvalue(r, i, 1),
			.order_id = PQgetvalue(r, i, 2),
			.payment_type = PQgetvalue(r, i, 3),
			.status = PQgetvalue(r, i, 4),
			.fraud_status = PQgetvalue(r, i, 5),
			.gross_amount = ks_pg_i64_at(r, i, 6),
			.created_ms = ks_pg_i64_at(r, i, 7),
			.customer = PQgetvalue(r, i, 8),
		};
		row(arg, &t);
	}
	PQclear(r);
	return KS_OK;
}

int ks_pg_txn_history(struct ks_store *st, int64_t payment_id,
		      void (*row)(void *arg, const struct ks_history_row *r), void *arg)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, payment_id);
	int rc;
	PGresult *r = ks_pg_query(st, PG_TXN_HISTORY, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		struct ks_history_row h = {
			.at_ms = ks_pg_i64_at(r, i, 0),
			.from_status = PQgetvalue(r, i, 1),
			.to_status = PQgetvalue(r, i, 2),
			.cause = PQgetvalue(r, i, 3),
		};
		row(arg, &h);
	}
	PQclear(r);
	return KS_OK;
}

int ks_pg_txn_deliveries(struct ks_store *st, const char *transaction_id,
			 void (*row)(void *arg, const struct ks_delivery_row *r), void *arg)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, transaction_id);
	int rc;
	PGresult *r = ks_pg_query(st, PG_TXN_DELIVERIES, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		struct ks_delivery_row d = {
			.outbox_id = ks_pg_i64_at(r, i, 0),
			.kind = PQgetvalue(r, i, 1),
			.target = PQgetvalue(r, i, 2),
			.state = PQgetvalue(r, i, 3),
			.created_ms = ks_pg_i64_at(r, i, 4),
			.attempt_at_ms = ks_pg_i64_at(r, i, 5),
			.http_status = (int)ks_pg_i64_at(r, i, 6),
			.latency_ms = ks_pg_i64_at(r, i, 7),
			.error = PQgetvalue(r, i, 8),
		};
		row(arg, &d);
	}
	PQclear(r);
	return KS_OK;
}

int ks_pg_txn_stats(struct ks_store *st, int64_t env_id, int64_t from_ms, int64_t to_ms,
		    void (*row)(void *arg, const struct ks_stat_row *r), void *arg)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, env_id);
	ks_pg_i64(&p, from_ms);
	ks_pg_i64(&p, to_ms);
	int rc;
	PGresult *r = ks_pg_query(st, PG_TXN_STATS, &p, &rc);
	if (!r)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		struct ks_stat_row t = {
			.day = PQgetvalue(r, i, 0),
			.payment_type = PQgetvalue(r, i, 1),
			.count = ks_pg_i64_at(r, i, 2),
			.succeeded = ks_pg_i64_at(r, i, 3),
			.volume = ks_pg_i64_at(r, i, 4),
		};
		row(arg, &t);
	}
	PQclear(r);
	return KS_OK;
}
