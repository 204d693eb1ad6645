/* The Transaction Result (SPEC §3.3) of a payment, as the page API, the JS
 * callbacks and (later) the status API and notifications show it. */
#ifndef KS_API_RESULT_H
#define KS_API_RESULT_H

#include <jansson.h>

#include "store/store.h"

/* Builds the result of payment p of order o (new reference). Includes
 * finish_redirect_url when the order has a finish or error URL. */
json_t *ks_result_json(const struct ks_order *o, const struct ks_payment *p);

/* "10000.00": amounts leave kasir as strings with two decimals. */
void ks_money_format(int64_t rupiah, char *buf, size_t size);

#endif
