/* Saved cards (SPEC §5.1, §5.2): sealing a charged card for later, listing
 * an order's saved cards, and turning one back into a card for a charge. */
#ifndef KS_API_SAVEDCARD_H
#define KS_API_SAVEDCARD_H

#include <jansson.h>

#include "api/app.h"
#include "api/vault.h"
#include "store/store.h"

/* Fills *out with the card of secret, sealed under app's key, for order o:
 * one click when the merchant has recurring on and the charge went through
 * 3-D Secure, else two clicks. */
void ks_savedcard_make(const struct ks_app *app, const struct ks_order *o,
		       const struct ks_card_secret *secret, int via_3ds, int64_t now_ms,
		       struct ks_saved_card *out);
/* The saved_tokens list of the page API for order o (new reference). */
json_t *ks_savedcard_list(struct ks_app *app, const struct ks_order *o, json_t *request);
/* Opens saved card token of env into *secret (number and expiry; CVV left
 * empty). Returns 0, or -1 when unknown, expired or not openable. */
int ks_savedcard_open(struct ks_app *app, const struct ks_env *env, const char *token,
		      struct ks_card_secret *secret);

#endif
