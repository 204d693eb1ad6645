/* The one way a payment changes state after it was created: the state
 * machine (core/fsm.h) decides, then the new state, its status_code, its
 * next timed transition and its notifications are prepared as one write.
 * Used by the merchant actions, the 3-D Secure page and the scheduler. */
#ifndef KS_TXN_CHANGE_H
#define KS_TXN_CHANGE_H

#include "core/fsm.h"
#include "store/store.h"
#include "txn/notice.h"

struct ks_txn_change {
	char from_status[KS_STATUS_MAX];
	char from_fraud[16];
	struct ks_notices notices;
	struct ks_store_write w; /* filled; the caller sets done/arg and submits */
};

/* Applies event ev (args as ks_fsm_step wants them) to payment p of order
 * o, updating *p in place, and prepares c->w. details, when non-NULL,
 * replaces p's method fields (taken: freed with p). message, when
 * non-NULL, is the new status_message (else the event's reply message).
 * Returns 0, or -1 when the state machine refuses (p unchanged, details
 * freed). o and p must outlive the write; release c after it. */
int ks_txn_change_prepare(struct ks_txn_change *c, const struct ks_order *o,
			  struct ks_payment *p, enum ks_fsm_event ev, const struct ks_fsm_args *args,
			  char *details, const char *message, int64_t now_ms,
			  int settlement_minute);
void ks_txn_change_release(struct ks_txn_change *c);

#endif
