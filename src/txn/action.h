/* What the merchant actions that carry amounts add to a payment's method
 * fields: a refund (amount, key, reason) and a partial capture. Shared by
 * the Core API (api/actions.c) and the portal (portal/transactions.c). */
#ifndef KS_TXN_ACTION_H
#define KS_TXN_ACTION_H

#include <stdint.h>

#include "core/fsm.h"
#include "store/store.h"

enum ks_refund_outcome {
	KS_REFUND_APPLY,    /* *args and *details are set: apply the event */
	KS_REFUND_REPEATED, /* key already refunded: answer with the state as is */
};

/* Prepares a refund of amount rupiah (0 = everything not refunded yet) of
 * payment p, with an optional refund_key and reason: fills *args for the
 * state machine and sets *details to the new method fields (owned, for
 * ks_txn_change_prepare). */
enum ks_refund_outcome ks_txn_refund_prepare(const struct ks_payment *p, const char *key,
					     const char *reason, int64_t amount,
					     struct ks_fsm_args *args, char **details);

/* The method fields after capturing amount of p (owned), or NULL when
 * the capture is of the whole amount (amount 0 or the gross amount). */
char *ks_txn_capture_details(const struct ks_payment *p, int64_t amount);

#endif
