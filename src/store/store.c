/* This file contains the store wrappers: backend choice by URL scheme, and
 * the one place every call passes through (asserts, and later tracing and
 * fault injection). */
#include <assert.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/errors.h"
#include "store/store.h"
#include "util/clock.h"

static const struct ks_store_ops *const backends[] = {
	&ks_store_sqlite_ops,
	&ks_store_pg_ops,
	&ks_store_postgresql_ops,
};

int ks_store_open(const char *url, struct ks_store **out, char *err, size_t errsz)
{
	*out = NULL;
	const char *colon = strchr(url, ':');
	if (!colon) {
		snprintf(err, errsz, "database URL must look like sqlite:PATH or postgres://USER@HOST:PORT/DBNAME");
		return KS_ERR_INVALID;
	}
	size_t slen = (size_t)(colon - url);
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		if (strlen(backends[i]->scheme) == slen && memcmp(url, backends[i]->scheme, slen) == 0)
			return backends[i]->open(colon + 1, out, err, errsz);
	}
	snprintf(err, errsz, "unsupported database '%.*s' (expected sqlite:PATH or postgres://...)", (int)slen, url);
	return KS_ERR_INVALID;
}

void ks_store_close(struct ks_store *st)
{
	if (st)
		st->ops->close(st);
}

void ks_store_key_hash(const char *key, unsigned char out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)key, strlen(key));
}

int64_t ks_env_now_ms(const struct ks_env *env)
{
	int64_t now = ks_clock_now_ms();
	return env->kind == KS_ENV_SANDBOX ? now + env->clock_offset_ms : now;
}

int ks_store_env_by_server_key(struct ks_store *st, const char *key, struct ks_env *out)
{
	unsigned char hash[32];
	memset(out, 0, sizeof(*out));
	size_t klen = strlen(key);
	if (klen == 0 || klen > KS_KEY_MAX)
		return KS_ERR_AUTH;
	ks_store_key_hash(key, hash);
	struct ks_env env;
	int rc = st->ops->env_by_key_hash(st, hash, &env);
	if (rc == KS_ERR_NOT_FOUND)
		return KS_ERR_AUTH;
	if (rc)
		return rc;
	/* The hash found the row; the key itself is still compared, in
	 * constant time, so a hash collision can never authenticate. */
	if (strlen(env.server_key) != klen || sodium_memcmp(env.server_key, key, klen) != 0)
		return KS_ERR_AUTH;
	*out = env;
	return KS_OK;
}

int ks_store_env_by_client_key(struct ks_store *st, const char *key, struct ks_env *out)
{
	memset(out, 0, sizeof(*out));
	if (!key || !*key || strlen(key) > KS_KEY_MAX)
		return KS_ERR_AUTH;
	int rc = st->ops->env_by_client_key(st, key, out);
	return rc == KS_ERR_NOT_FOUND ? KS_ERR_AUTH : rc;
}

int ks_store_env_by_merchant(struct ks_store *st, const char *code, enum ks_env_kind kind,
			     struct ks_env *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->env_by_merchant(st, code, kind, out);
}

int ks_store_idem_get(struct ks_store *st, int64_t env_id, const char *key, int64_t now_ms,
		      int *status, char **body)
{
	*status = 0;
	*body = NULL;
	return st->ops->idem_get(st, env_id, key, now_ms, status, body);
}

void ks_store_submit(struct ks_store *st, struct ks_store_write *w)
{
	assert(w->done);
	w->rc = 0;
	w->conflict = NULL;
	w->next = NULL;
	st->ops->submit(st, w);
}

struct sync_wait {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int done;
};

static void sync_done(struct ks_store_write *w, void *arg)
{
	(void)w;
	struct sync_wait *sw = arg;
	pthread_mutex_lock(&sw->mu);
	sw->done = 1;
	pthread_cond_signal(&sw->cv);
	pthread_mutex_unlock(&sw->mu);
}

int ks_store_write_sync(struct ks_store *st, struct ks_store_write *w)
{
	struct sync_wait sw = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0 };
	w->done = sync_done;
	w->arg = &sw;
	ks_store_submit(st, w);
	pthread_mutex_lock(&sw.mu);
	while (!sw.done)
		pthread_cond_wait(&sw.cv, &sw.mu);
	pthread_mutex_unlock(&sw.mu);
	return w->rc;
}

int ks_store_order_count(struct ks_store *st, int64_t env_id, int64_t *out)
{
	*out = 0;
	return st->ops->order_count(st, env_id, out);
}

void ks_order_release(struct ks_order *o)
{
	free(o->finish_url);
	free(o->error_url);
	free(o->user_id);
	free(o->notify_override);
	free(o->notify_append);
	free(o->request_json);
	memset(o, 0, sizeof(*o));
}

void ks_payment_release(struct ks_payment *p)
{
	free(p->details);
	memset(p, 0, sizeof(*p));
}

int ks_store_order_by_token(struct ks_store *st, const char *token, struct ks_order *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->order_by_token(st, token, out);
}

int ks_store_payment_get(struct ks_store *st, const char *transaction_id, struct ks_payment *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->payment_get(st, transaction_id, out);
}

int ks_store_saved_card_get(struct ks_store *st, int64_t env_id, const char *token,
			    int64_t now_ms, struct ks_saved_card *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->saved_card_get(st, env_id, token, now_ms, out);
}

int ks_store_saved_cards_of_user(struct ks_store *st, int64_t env_id, const char *user_id,
				 int64_t now_ms, struct ks_saved_card *out, size_t max, size_t *n)
{
	*n = 0;
	return st->ops->saved_cards_of_user(st, env_id, user_id, now_ms, out, max, n);
}

int ks_store_payment_latest(struct ks_store *st, int64_t env_id, const char *order_id,
			    struct ks_payment *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->payment_latest(st, env_id, order_id, out);
}

int ks_store_order_by_ref(struct ks_store *st, int64_t ref, struct ks_order *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->order_by_ref(st, ref, out);
}

void ks_outbox_row_release(struct ks_outbox_row *r)
{
	free(r->target);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

int ks_store_outbox_due(struct ks_store *st, int64_t now_ms, const int64_t *busy, size_t nbusy,
			struct ks_outbox_row *out, size_t max, size_t *n)
{
	*n = 0;
	return st->ops->outbox_due(st, now_ms, busy, nbusy, out, max, n);
}

int ks_store_payments_due(struct ks_store *st, int64_t now_ms, struct ks_payment *out, size_t max,
			  size_t *n)
{
	*n = 0;
	return st->ops->payments_due(st, now_ms, out, max, n);
}

int ks_store_outbox_stats(struct ks_store *st, int64_t *depth, int64_t *oldest_ms)
{
	*depth = 0;
	*oldest_ms = 0;
	return st->ops->outbox_stats(st, depth, oldest_ms);
}

int ks_store_number_find(struct ks_store *st, const char *channel, const char *number,
			 struct ks_number_hit *out)
{
	memset(out, 0, sizeof(*out));
	assert(channel && number);
	return st->ops->number_find(st, channel, number, out);
}

int ks_store_account_by_email(struct ks_store *st, const char *email, struct ks_account *out)
{
	memset(out, 0, sizeof(*out));
	if (!email || !*email || strlen(email) > KS_EMAIL_MAX)
		return KS_ERR_NOT_FOUND;
	return st->ops->account_get(st, email, 0, out);
}

int ks_store_account_by_id(struct ks_store *st, int64_t merchant_id, struct ks_account *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->account_get(st, NULL, merchant_id, out);
}

int ks_store_session_get(struct ks_store *st, const unsigned char id_hash[32], int64_t now_ms,
			 struct ks_session *out)
{
	memset(out, 0, sizeof(*out));
	return st->ops->session_get(st, id_hash, now_ms, out);
}

int ks_store_txn_list(struct ks_store *st, const struct ks_txn_filter *f,
		      void (*row)(void *arg, const struct ks_txn_row *r), void *arg)
{
	assert(f->limit > 0);
	return st->ops->txn_list(st, f, row, arg);
}

int ks_store_txn_history(struct ks_store *st, int64_t payment_id,
			 void (*row)(void *arg, const struct ks_history_row *r), void *arg)
{
	return st->ops->txn_history(st, payment_id, row, arg);
}

int ks_store_txn_deliveries(struct ks_store *st, const char *transaction_id,
			    void (*row)(void *arg, const struct ks_delivery_row *r), void *arg)
{
	return st->ops->txn_deliveries(st, transaction_id, row, arg);
}

int ks_store_txn_stats(struct ks_store *st, int64_t env_id, int64_t from_ms, int64_t to_ms,
		       void (*row)(void *arg, const struct ks_stat_row *r), void *arg)
{
	return st->ops->txn_stats(st, env_id, from_ms, to_ms, row, arg);
}

bool ks_store_has_vault(const struct ks_store *st)
{
	return st->ops->vault_put && st->ops->vault_take;
}

int ks_store_vault_put(struct ks_store *st, const char *id, const unsigned char *sealed,
		       size_t len, int64_t expires_ms, int64_t now_ms)
{
	assert(ks_store_has_vault(st));
	return st->ops->vault_put(st, id, sealed, len, expires_ms, now_ms);
}

int ks_store_vault_take(struct ks_store *st, const char *id, int64_t now_ms, unsigned char *out,
			size_t max, size_t *len)
{
	assert(ks_store_has_vault(st));
	*len = 0;
	return st->ops->vault_take(st, id, now_ms, out, max, len);
}
