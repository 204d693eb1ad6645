/* Shared pieces of the payment page API (docs/payment-page-api.md). */
#ifndef KS_API_PAY_H
#define KS_API_PAY_H

#include <jansson.h>

#include "http/http.h"
#include "store/store.h"

/* Loads the order of the token in route parameter 0 into *o, answering the
 * request itself when it cannot go on: 404 unknown token, 401 client key
 * (checked only when client_key is non-NULL) not the merchant's, 406
 * already processed (when refuse_paid), 407 expired. Returns 0 with *o to
 * release, or -1 when answered. */
int ks_pay_load_order(struct ks_http_req *req, const char *token, const char *client_key,
		      int refuse_paid, struct ks_order *o);

/* Constant-time check that key is env's client key. */
int ks_pay_client_key_ok(const struct ks_env *env, const char *key);

/* The charge of a non-card method (api/pay_channel.c): takes over *o (left
 * cleared) and answers the request. */
void ks_pay_channel_charge(struct ks_http_req *req, struct ks_order *o, const json_t *body);

#endif
