/* Creating merchants: shared by `kasir merchant create` and the demo
 * merchant of `kasir serve --demo`. */
#ifndef KS_CLI_MERCHANT_KEYS_H
#define KS_CLI_MERCHANT_KEYS_H

#include "store/store.h"

/* The demo merchant's fixed code (random codes never start with G0). */
#define KS_DEMO_MERCHANT_CODE "G000000000"

/* Fills m's keys of both environments with fresh ones (sandbox keys carry
 * the SB- prefix, SPEC §2.1) and, unless code is non-NULL, a new random
 * merchant code. */
void ks_merchant_keys_fill(struct ks_merchant_new *m, const char *code);

/* Fills m with a new code (unless code is non-NULL) and fresh keys for both
 * environments, keeping sandbox keys given (non-NULL), then writes it.
 * Returns KS_OK, or an error with *conflict naming a taken value. */
int ks_merchant_create(struct ks_store *st, struct ks_merchant_new *m, const char *code,
		       const char *sandbox_server_key, const char *sandbox_client_key,
		       const char **conflict);

#endif
