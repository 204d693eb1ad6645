/* Amounts the merchant actions read from a JSON body. */
#ifndef KS_CORE_AMOUNT_H
#define KS_CORE_AMOUNT_H

#include <jansson.h>
#include <stdint.h>

/* A whole, positive amount below 10^15 from a JSON integer, a whole real
 * (10000.0) or a string of one ("10000"), as the Midtrans client libraries
 * send them; -1 when v is none of these. */
int64_t ks_json_amount(const json_t *v);

#endif
