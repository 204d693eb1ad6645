/* The Transaction Result (SPEC §3.3) of a payment, as the page API, the JS
 * callbacks, the status API and the notifications show it. */
#ifndef KS_TXN_RESULT_H
#define KS_TXN_RESULT_H

#include <jansson.h>

#include "store/store.h"

/* Builds the result of payment p of order o (new reference). Includes
 * finish_redirect_url when the order has a finish or error URL. */
json_t *ks_result_json(const struct ks_order *o, const struct ks_payment *p);

/* The status API body of payment p (new reference): the result with
 * status_message, merchant_id and signature_key (signed with env's server
 * key). Also the body of its HTTP notifications. */
json_t *ks_txn_status_json(const struct ks_env *env, const struct ks_order *o,
			   const struct ks_payment *p, const char *status_message);

/* "10000.00": amounts leave kasir as strings with two decimals. */
void ks_money_format(int64_t rupiah, char *buf, size_t size);

#endif
