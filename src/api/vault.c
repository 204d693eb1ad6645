/* This file contains the in-memory card vault: a hash table of short-lived
 * entries behind one mutex, wiped with sodium_memzero. */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "api/vault.h"
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
