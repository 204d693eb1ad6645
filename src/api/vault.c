/* This file contains the card vault: in memory, a hash table of short-lived
 * entries behind one mutex, wiped with sodium_memzero; or, for several
 * nodes, sealed entries in the store's shared vault (api/vault.h). */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/vault.h"
#include "core/acquirer.h"
#include "core/errors.h"
#include "core/seal.h"
#include "util/xalloc.h"

#define BUCKETS 4096
#define MAX_ENTRIES 200000

struct entry {
	char id[KS_VAULT_ID_MAX + 1];
	struct ks_card_secret secret;
	struct entry *next;
};

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static struct entry *table[BUCKETS];
static long count;

/* the shared vault, when the store has one (set before serving) */
static struct ks_store *shared;
static unsigned char shared_key[KS_SEAL_KEY_BYTES];

/* What a shared entry seals: the card without its CVV. The CVV was checked
 * when the token was made; cvv_ok keeps the outcome, so the charge on any
 * node decides as the node that saw the CVV would have. */
struct sealed_card {
	char number[20];
	char exp_month[3];
	char exp_year[5];
	char client_key[KS_KEY_MAX + 1];
	char snap_token[37];
	int32_t installment_term;
	int32_t save_card;
	int32_t one_click;
	unsigned char cvv_ok;
	unsigned char cvv_len;
};

#define SEALED_SIZE (sizeof(struct sealed_card) + KS_SEAL_OVERHEAD)

void ks_vault_share(struct ks_store *st, const unsigned char key[32])
{
	shared = st;
	memcpy(shared_key, key, sizeof(shared_key));
}

static int shared_put(const char *id, const struct ks_card_secret *s)
{
	struct sealed_card c;
	memset(&c, 0, sizeof(c));
	memcpy(c.number, s->number, sizeof(c.number));
	memcpy(c.exp_month, s->exp_month, sizeof(c.exp_month));
	memcpy(c.exp_year, s->exp_year, sizeof(c.exp_year));
	memcpy(c.client_key, s->client_key, sizeof(c.client_key));
	memcpy(c.snap_token, s->snap_token, sizeof(c.snap_token));
	c.installment_term = s->installment_term;
	c.save_card = s->save_card;
	c.one_click = s->one_click;
	c.cvv_ok = strcmp(s->cvv, KS_ACQUIRER_CVV) == 0;
	c.cvv_len = (unsigned char)strnlen(s->cvv, sizeof(s->cvv));
	unsigned char sealed[SEALED_SIZE];
	ks_seal(shared_key, &c, sizeof(c), sealed);
	sodium_memzero(&c, sizeof(c));
	int rc = ks_store_vault_put(shared, id, sealed, sizeof(sealed), s->expires_ms,
				    s->expires_ms - KS_VAULT_TTL_MS);
	return rc == KS_OK ? 0 : -1;
}

static int shared_take(const char *id, int64_t now_ms, struct ks_card_secret *out)
{
	unsigned char sealed[SEALED_SIZE];
	size_t len;
	struct sealed_card c;
	if (ks_store_vault_take(shared, id, now_ms, sealed, sizeof(sealed), &len) != KS_OK ||
	    len != sizeof(sealed) || ks_unseal(shared_key, sealed, len, &c) != 0)
		return -1;
	memcpy(out->number, c.number, sizeof(c.number));
	memcpy(out->exp_month, c.exp_month, sizeof(c.exp_month));
	memcpy(out->exp_year, c.exp_year, sizeof(c.exp_year));
	memcpy(out->client_key, c.client_key, sizeof(c.client_key));
	memcpy(out->snap_token, c.snap_token, sizeof(c.snap_token));
	out->number[sizeof(out->number) - 1] = out->exp_month[sizeof(out->exp_month) - 1] = '\0';
	out->exp_year[sizeof(out->exp_year) - 1] = out->client_key[KS_KEY_MAX] = '\0';
	out->snap_token[sizeof(out->snap_token) - 1] = '\0';
	out->installment_term = c.installment_term;
	out->save_card = c.save_card;
	out->one_click = c.one_click;
	/* a CVV of the length that was given: the acquirer's, or one that is
	 * not (the real one is gone) */
	size_t n = c.cvv_len < sizeof(out->cvv) ? c.cvv_len : sizeof(out->cvv) - 1;
	if (c.cvv_ok)
		snprintf(out->cvv, sizeof(out->cvv), "%s", KS_ACQUIRER_CVV);
	else
		memset(out->cvv, '0', n);
	sodium_memzero(&c, sizeof(c));
	return 0;
}

static unsigned bucket(const char *id)
{
	unsigned h = 2166136261u; /* FNV-1a: ids are random, no flooding risk */
	for (; *id; id++)
		h = (h ^ (unsigned char)*id) * 16777619u;
	return h % BUCKETS;
}

static void entry_free(struct entry *e)
{
	sodium_memzero(e, sizeof(*e));
	free(e);
	count--;
}

/* Drops the expired entries of one bucket; called with mu held. */
static void purge_bucket(unsigned b, int64_t now_ms)
{
	for (struct entry **pp = &table[b]; *pp;) {
		struct entry *e = *pp;
		if (e->secret.expires_ms <= now_ms) {
			*pp = e->next;
			entry_free(e);
		} else {
			pp = &e->next;
		}
	}
}

int ks_vault_put(const char *id, const struct ks_card_secret *secret)
{
	if (strlen(id) > KS_VAULT_ID_MAX)
		return -1;
	if (shared)
		return shared_put(id, secret);
	unsigned b = bucket(id);
	int rc = 0;
	pthread_mutex_lock(&mu);
	purge_bucket(b, secret->expires_ms - KS_VAULT_TTL_MS);
	if (count >= MAX_ENTRIES) {
		rc = -1;
	} else {
		struct entry *e = ks_xcalloc(1, sizeof(*e));
		memcpy(e->id, id, strlen(id) + 1);
		e->secret = *secret;
		e->next = table[b];
		table[b] = e;
		count++;
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

int ks_vault_take(const char *id, int64_t now_ms, struct ks_card_secret *out)
{
	memset(out, 0, sizeof(*out));
	if (shared)
		return shared_take(id, now_ms, out);
	unsigned b = bucket(id);
	int rc = -1;
	pthread_mutex_lock(&mu);
	purge_bucket(b, now_ms);
	for (struct entry **pp = &table[b]; *pp; pp = &(*pp)->next) {
		struct entry *e = *pp;
		if (strcmp(e->id, id) == 0) {
			*out = e->secret;
			*pp = e->next;
			entry_free(e);
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&mu);
	return rc;
}

void ks_vault_clear(void)
{
	pthread_mutex_lock(&mu);
	for (unsigned b = 0; b < BUCKETS; b++) {
		while (table[b]) {
			struct entry *e = table[b];
			table[b] = e->next;
			entry_free(e);
		}
	}
	pthread_mutex_unlock(&mu);
}
