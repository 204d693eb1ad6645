/* Card tokens from GET /v2/token (single-use, 10 minutes) and charges
 * waiting for their 3-D Secure step. With one node (SQLite) they are kept in
 * memory only, never on disk. When the store shares a vault between nodes
 * (PostgreSQL), each entry is sealed with the card key and kept in the
 * database without the CVV: only the outcome of its check, made when the
 * token is created, goes with the card (docs/store.md). Entries are wiped
 * when taken or expired. */
#ifndef KS_API_VAULT_H
#define KS_API_VAULT_H

#include <stdint.h>

#include "store/store.h"

#define KS_VAULT_TTL_MS (10 * 60 * 1000)
#define KS_VAULT_ID_MAX 80

struct ks_card_secret {
	char number[20];
	char exp_month[3];
	char exp_year[5];
	char cvv[5];
	char client_key[KS_KEY_MAX + 1]; /* whose token it is */
	char snap_token[37];             /* for a 3-D Secure wait: the order */
	int installment_term;
	int save_card;
	int one_click; /* a saved one-click card: no CVV, no 3-D Secure */
	int64_t expires_ms;
};

/* Stores a copy of *secret under id (copied); returns 0, or -1 when the
 * vault is full. */
int ks_vault_put(const char *id, const struct ks_card_secret *secret);
/* Takes the entry id out (single use): 0 with *out filled, -1 when absent
 * or expired at now_ms. The caller wipes *out (sodium_memzero) after use. */
int ks_vault_take(const char *id, int64_t now_ms, struct ks_card_secret *out);
/* Keeps entries in the store's shared vault from now on, sealed with key
 * (copied), instead of in memory: every node on the database can take
 * them. Call once at start-up, before serving. */
void ks_vault_share(struct ks_store *st, const unsigned char key[32]);
/* Wipes every entry (at shutdown). */
void ks_vault_clear(void);

#endif
