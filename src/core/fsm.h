/* The transaction state machine of SPEC §6.1: one table of rules, in fsm.c,
 * through which every status change of a payment goes. Pure: no I/O.
 *
 * A charge inserts its first status directly (pending, capture, authorize,
 * deny); every later change is an event applied with ks_fsm_step. A step
 * that the table does not allow is refused, and the merchant action that
 * asked for it answers 412 (KS_FSM_REFUSED_MESSAGE).
 *
 * Choices the original leaves open, made here:
 * - The challenge rules of capture apply to authorize too (a pre-authorized
 *   card can be held by fraud detection): approve keeps authorize with
 *   fraud_status accept, deny gives deny, the settlement-time auto-cancel
 *   cancels it, and capture is refused until the challenge is approved.
 * - capture with fraud_status challenge is not settled: at settlement time
 *   it is cancelled by KS_FSM_EV_CHALLENGE_TIMEOUT instead.
 * - The deny action sets fraud_status deny (as Midtrans answers it);
 *   cancel, expire, settlement, refund and the auto-cancel keep it as it
 *   was; a non-card pending payment that is paid gets fraud_status accept.
 * - A pending non-card payment may also fail on its simulator (direct debit
 *   test users that fail): pending → deny, KS_FSM_EV_PAY_FAIL.
 * - A card payment pending on the 3-D Secure step is not paid by a
 *   simulator; it ends by the 3-D Secure result, cancel or expiry.
 * - status_code of authorize with fraud_status challenge is "201", as for
 *   capture (and as the acquirer answers the charge).
 * - A further partial refund of partial_refund is a change to the same
 *   state (a new status-history row and notification). */
#ifndef KS_CORE_FSM_H
#define KS_CORE_FSM_H

#include <stdbool.h>
#include <stdint.h>

/* X(enum suffix, transaction_status as Midtrans writes it, status_code),
 * in the order of SPEC §6.1. capture and authorize answer "201" instead
 * while fraud_status is challenge (ks_fsm_status_code). */
#define KS_FSM_STATE_MAP(X)                          \
	X(PENDING, "pending", "201")                 \
	X(AUTHORIZE, "authorize", "200")             \
	X(CAPTURE, "capture", "200")                 \
	X(SETTLEMENT, "settlement", "200")           \
	X(DENY, "deny", "202")                       \
	X(CANCEL, "cancel", "202")                   \
	X(EXPIRE, "expire", "407")                   \
	X(REFUND, "refund", "200")                   \
	X(PARTIAL_REFUND, "partial_refund", "200")

enum ks_fsm_state {
#define KS_FSM_STATE_ENUM(id, name, code) KS_FSM_##id,
	KS_FSM_STATE_MAP(KS_FSM_STATE_ENUM)
#undef KS_FSM_STATE_ENUM
	KS_FSM__STATE_COUNT
};

/* X(enum suffix, fraud_status as Midtrans writes it; "" when absent). */
#define KS_FSM_FRAUD_MAP(X)             \
	X(NONE, "")                     \
	X(ACCEPT, "accept")             \
	X(CHALLENGE, "challenge")       \
	X(DENY, "deny")

enum ks_fsm_fraud {
#define KS_FSM_FRAUD_ENUM(id, name) KS_FSM_FRAUD_##id,
	KS_FSM_FRAUD_MAP(KS_FSM_FRAUD_ENUM)
#undef KS_FSM_FRAUD_ENUM
	KS_FSM__FRAUD_COUNT
};

/* Who or what causes an event. */
enum ks_fsm_actor {
	KS_FSM_BY_MERCHANT, /* an action of the API or a portal button */
	KS_FSM_BY_TIME,	    /* the scheduler, on the injectable clock */
	KS_FSM_BY_PAYMENT,  /* the customer: ACS page or payment simulator */
};

/* X(enum suffix, name, actor, cause for the status history,
 *   status_code and status_message of the action's answer; NULL for
 *   events that are not merchant actions). */
#define KS_FSM_EVENT_MAP(X)                                                                       \
	X(APPROVE, "approve", KS_FSM_BY_MERCHANT, "approved by merchant", "200",                   \
	  "Success, transaction is approved")                                                      \
	X(DENY, "deny", KS_FSM_BY_MERCHANT, "denied by merchant", "200",                           \
	  "Success, transaction is denied")                                                        \
	X(CANCEL, "cancel", KS_FSM_BY_MERCHANT, "canceled by merchant", "200",                     \
	  "Success, transaction is canceled")                                                      \
	X(EXPIRE, "expire", KS_FSM_BY_MERCHANT, "expired by merchant", "407",                      \
	  "Success, transaction has expired")                                                      \
	X(CAPTURE, "capture", KS_FSM_BY_MERCHANT, "captured by merchant", "200",                   \
	  "Success, Credit Card capture transaction is successful")                                \
	X(REFUND, "refund", KS_FSM_BY_MERCHANT, "refunded by merchant", "200",                     \
	  "Success, refund request is approved")                                                   \
	X(SETTLE, "settle", KS_FSM_BY_TIME, "settlement time", NULL, NULL)                         \
	X(EXPIRY, "expiry", KS_FSM_BY_TIME, "payment deadline passed", NULL, NULL)                 \
	X(CHALLENGE_TIMEOUT, "challenge_timeout", KS_FSM_BY_TIME,                                  \
	  "challenge not decided by settlement time", NULL, NULL)                                  \
	X(PAY, "pay", KS_FSM_BY_PAYMENT, "paid at simulator", NULL, NULL)                          \
	X(PAY_FAIL, "pay_fail", KS_FSM_BY_PAYMENT, "payment failed at simulator", NULL, NULL)      \
	X(3DS_CAPTURE, "3ds_capture", KS_FSM_BY_PAYMENT, "3-D Secure", NULL, NULL)                 \
	X(3DS_AUTHORIZE, "3ds_authorize", KS_FSM_BY_PAYMENT, "3-D Secure", NULL, NULL)             \
	X(3DS_DENY, "3ds_deny", KS_FSM_BY_PAYMENT, "3-D Secure", NULL, NULL)

/* The events that change a status after the charge:
 * - APPROVE, DENY: the merchant decides a fraud challenge (POST
 *   /v2/{id}/approve, /deny); only while fraud_status is challenge.
 * - CANCEL: POST /v2/{id}/cancel, before settlement (pending, authorize,
 *   capture).
 * - EXPIRE: POST /v2/{id}/expire, pending only.
 * - CAPTURE: POST /v2/capture of a pre-authorization (authorize).
 * - REFUND: POST /v2/{id}/refund of settlement or partial_refund; refund
 *   or partial_refund by the amounts in struct ks_fsm_args.
 * - SETTLE: settlement time: capture → settlement.
 * - EXPIRY: the payment deadline passed: pending → expire.
 * - CHALLENGE_TIMEOUT: settlement time with the challenge undecided →
 *   cancel.
 * - PAY, PAY_FAIL: a non-card pending payment paid (→ settlement) or failed
 *   (→ deny) on its simulator page.
 * - 3DS_CAPTURE, 3DS_AUTHORIZE, 3DS_DENY: the outcome of the acquirer
 *   after the 3-D Secure step of a pending card payment; credit_card only,
 *   with the acquirer's fraud_status in struct ks_fsm_args. */
enum ks_fsm_event {
#define KS_FSM_EVENT_ENUM(id, name, actor, cause, code, msg) KS_FSM_EV_##id,
	KS_FSM_EVENT_MAP(KS_FSM_EVENT_ENUM)
#undef KS_FSM_EVENT_ENUM
	KS_FSM__EVENT_COUNT
};

/* A set of events as a bit mask: bit (1u << KS_FSM_EV_x). */
typedef uint32_t ks_fsm_event_set;
#define KS_FSM_EV_BIT(e) ((ks_fsm_event_set)1u << (e))

/* status_message of every HTTP notification (SPEC §6.2). */
#define KS_FSM_NOTIFY_MESSAGE "midtrans payment notification"
/* Answer to an action the state does not allow (SPEC §6.1, §8). */
#define KS_FSM_REFUSED_CODE "412"
#define KS_FSM_REFUSED_MESSAGE "Merchant cannot modify the status of the transaction"

/* The part of a payment the machine looks at. */
struct ks_fsm_txn {
	enum ks_fsm_state state;
	enum ks_fsm_fraud fraud;
	bool card; /* payment_type is credit_card */
};

/* What some events carry; zero for the others. */
struct ks_fsm_args {
	/* 3DS_CAPTURE, 3DS_AUTHORIZE: accept or challenge; 3DS_DENY: accept
	 * (denied by the bank or a wrong OTP) or deny (by fraud detection) */
	enum ks_fsm_fraud fraud;
	/* REFUND: the payment's gross amount, the sum refunded before, and this
	 * refund (> 0; the caller puts the remainder for a refund without an
	 * amount). Reaching gross_amount gives refund, less partial_refund,
	 * more (or amount <= 0) is refused. */
	int64_t gross_amount;
	int64_t refunded_amount;
	int64_t amount;
};

/* Name of a state, as transaction_status; NULL when out of range. */
const char *ks_fsm_state_name(enum ks_fsm_state s);
/* The state a transaction_status names. Returns false (and *out left as
 * KS_FSM_PENDING) for NULL or an unknown name. */
bool ks_fsm_state_parse(const char *name, enum ks_fsm_state *out);
/* Name of a fraud status, "" for NONE; NULL when out of range. */
const char *ks_fsm_fraud_name(enum ks_fsm_fraud f);
/* The fraud status a fraud_status names; NULL and "" give NONE. Returns
 * false (and *out left as NONE) for an unknown name. */
bool ks_fsm_fraud_parse(const char *name, enum ks_fsm_fraud *out);
/* Fills *out from the stored strings of a payment. Clears *out on entry;
 * returns false when status or fraud_status is unknown. */
bool ks_fsm_txn_parse(const char *transaction_status, const char *fraud_status,
		      const char *payment_type, struct ks_fsm_txn *out);

/* status_code of a state (SPEC §6.1, §8): "201" for pending and for capture
 * or authorize held by a challenge. Static storage; NULL when out of
 * range. */
const char *ks_fsm_status_code(enum ks_fsm_state s, enum ks_fsm_fraud f);
/* True for deny, cancel, expire and refund, which no event leaves. */
bool ks_fsm_is_final(enum ks_fsm_state s);

/* Name of an event ("approve"); NULL when out of range. */
const char *ks_fsm_event_name(enum ks_fsm_event e);
/* The event a name gives; false when unknown. */
bool ks_fsm_event_parse(const char *name, enum ks_fsm_event *out);
/* Who causes an event. */
enum ks_fsm_actor ks_fsm_event_actor(enum ks_fsm_event e);
/* Short cause for the status history ("approved by merchant"); static
 * storage, NULL when out of range. */
const char *ks_fsm_event_cause(enum ks_fsm_event e);
/* status_code and status_message of a successful merchant action's answer
 * (SPEC §6.1: cancel answers "200", expire "407"); NULL for events that are
 * not merchant actions. Static storage. */
const char *ks_fsm_event_reply_code(enum ks_fsm_event e);
const char *ks_fsm_event_reply_message(enum ks_fsm_event e);

/* Applies event e to cur. args may be NULL for events that carry nothing.
 * Clears *next on entry; on success sets it to the new state, fraud status
 * and the same card flag, and returns true. Returns false when the table
 * does not allow the change (the action answers 412) and leaves *next
 * cleared. */
bool ks_fsm_step(const struct ks_fsm_txn *cur, enum ks_fsm_event e, const struct ks_fsm_args *args,
		 struct ks_fsm_txn *next);

/* The events that cur allows, for the portal's buttons (filter by
 * ks_fsm_event_actor). Refund is in the set whenever the state is
 * refundable, whatever the amounts; the 3-D Secure events whenever the
 * state and payment type allow them. */
ks_fsm_event_set ks_fsm_allowed(const struct ks_fsm_txn *cur);

#endif
