/* This file contains the transaction state machine of fsm.h: the names of
 * states, fraud statuses and events, and the one table of rules that every
 * status change goes through. */
#include <string.h>

#include "core/fsm.h"

static const struct {
	const char *name;
	const char *code;
} states[KS_FSM__STATE_COUNT] = {
#define KS_FSM_STATE_ROW(id, name, code) [KS_FSM_##id] = { name, code },
	KS_FSM_STATE_MAP(KS_FSM_STATE_ROW)
#undef KS_FSM_STATE_ROW
};

static const char *const frauds[KS_FSM__FRAUD_COUNT] = {
#define KS_FSM_FRAUD_ROW(id, name) [KS_FSM_FRAUD_##id] = name,
	KS_FSM_FRAUD_MAP(KS_FSM_FRAUD_ROW)
#undef KS_FSM_FRAUD_ROW
};

static const struct {
	const char *name;
	enum ks_fsm_actor actor;
	const char *cause;
	const char *reply_code;
	const char *reply_message;
} events[KS_FSM__EVENT_COUNT] = {
#define KS_FSM_EVENT_ROW(id, name, actor, cause, code, msg) [KS_FSM_EV_##id] = { name, actor, cause, code, msg },
	KS_FSM_EVENT_MAP(KS_FSM_EVENT_ROW)
#undef KS_FSM_EVENT_ROW
};

/* What a rule asks of the payment type. */
enum need_card { CARD_ANY, CARD_ONLY, CARD_NOT };
/* What a rule asks of fraud_status. */
enum need_fraud { FRAUD_ANY, FRAUD_CHALLENGE, FRAUD_NOT_CHALLENGE };
/* What a rule asks of a refund's amounts. */
enum need_amount { AMOUNT_ANY, AMOUNT_FULL, AMOUNT_PARTIAL };
/* fraud_status after a rule: kept, set to a value, or given in the args
 * (one of the values in the rule's given mask). */
enum fraud_to { FRAUD_KEEP, FRAUD_SET, FRAUD_GIVEN };

#define FB(f) (1u << (f))

/* The rules of SPEC §6.1. A change is allowed when one row matches its
 * state, event and guards; rows of the same state and event exclude each
 * other. */
static const struct rule {
	enum ks_fsm_state from;
	enum ks_fsm_event ev;
	enum need_card card;
	enum need_fraud fraud;
	enum need_amount amount;
	enum ks_fsm_state to;
	enum fraud_to fraud_to;
	enum ks_fsm_fraud fraud_set; /* FRAUD_SET */
	unsigned given;		     /* FRAUD_GIVEN: allowed values, FB() bits */
} rules[] = {
	/* pending: paid, failed, 3-D Secure done, cancelled or expired */
	{ KS_FSM_PENDING, KS_FSM_EV_PAY, CARD_NOT, FRAUD_ANY, AMOUNT_ANY, KS_FSM_SETTLEMENT,
	  FRAUD_SET, KS_FSM_FRAUD_ACCEPT, 0 },
	{ KS_FSM_PENDING, KS_FSM_EV_PAY_FAIL, CARD_NOT, FRAUD_ANY, AMOUNT_ANY, KS_FSM_DENY,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_PENDING, KS_FSM_EV_3DS_CAPTURE, CARD_ONLY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_CAPTURE,
	  FRAUD_GIVEN, 0, FB(KS_FSM_FRAUD_ACCEPT) | FB(KS_FSM_FRAUD_CHALLENGE) },
	{ KS_FSM_PENDING, KS_FSM_EV_3DS_AUTHORIZE, CARD_ONLY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_AUTHORIZE,
	  FRAUD_GIVEN, 0, FB(KS_FSM_FRAUD_ACCEPT) | FB(KS_FSM_FRAUD_CHALLENGE) },
	{ KS_FSM_PENDING, KS_FSM_EV_3DS_DENY, CARD_ONLY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_DENY,
	  FRAUD_GIVEN, 0, FB(KS_FSM_FRAUD_ACCEPT) | FB(KS_FSM_FRAUD_DENY) },
	{ KS_FSM_PENDING, KS_FSM_EV_CANCEL, CARD_ANY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_CANCEL,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_PENDING, KS_FSM_EV_EXPIRE, CARD_ANY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_EXPIRE,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_PENDING, KS_FSM_EV_EXPIRY, CARD_ANY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_EXPIRE,
	  FRAUD_KEEP, 0, 0 },

	/* authorize (pre-authorization): captured or cancelled; a challenge
	 * is decided first */
	{ KS_FSM_AUTHORIZE, KS_FSM_EV_APPROVE, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY, KS_FSM_AUTHORIZE,
	  FRAUD_SET, KS_FSM_FRAUD_ACCEPT, 0 },
	{ KS_FSM_AUTHORIZE, KS_FSM_EV_DENY, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY, KS_FSM_DENY,
	  FRAUD_SET, KS_FSM_FRAUD_DENY, 0 },
	{ KS_FSM_AUTHORIZE, KS_FSM_EV_CAPTURE, CARD_ANY, FRAUD_NOT_CHALLENGE, AMOUNT_ANY, KS_FSM_CAPTURE,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_AUTHORIZE, KS_FSM_EV_CANCEL, CARD_ANY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_CANCEL,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_AUTHORIZE, KS_FSM_EV_CHALLENGE_TIMEOUT, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY,
	  KS_FSM_CANCEL, FRAUD_KEEP, 0, 0 },

	/* capture: settled or cancelled; a challenge is approved, denied, or
	 * cancelled at settlement time */
	{ KS_FSM_CAPTURE, KS_FSM_EV_APPROVE, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY, KS_FSM_CAPTURE,
	  FRAUD_SET, KS_FSM_FRAUD_ACCEPT, 0 },
	{ KS_FSM_CAPTURE, KS_FSM_EV_DENY, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY, KS_FSM_DENY,
	  FRAUD_SET, KS_FSM_FRAUD_DENY, 0 },
	{ KS_FSM_CAPTURE, KS_FSM_EV_CANCEL, CARD_ANY, FRAUD_ANY, AMOUNT_ANY, KS_FSM_CANCEL,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_CAPTURE, KS_FSM_EV_SETTLE, CARD_ANY, FRAUD_NOT_CHALLENGE, AMOUNT_ANY, KS_FSM_SETTLEMENT,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_CAPTURE, KS_FSM_EV_CHALLENGE_TIMEOUT, CARD_ANY, FRAUD_CHALLENGE, AMOUNT_ANY,
	  KS_FSM_CANCEL, FRAUD_KEEP, 0, 0 },

	/* settlement and partial_refund: refunded, in full or in part */
	{ KS_FSM_SETTLEMENT, KS_FSM_EV_REFUND, CARD_ANY, FRAUD_ANY, AMOUNT_FULL, KS_FSM_REFUND,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_SETTLEMENT, KS_FSM_EV_REFUND, CARD_ANY, FRAUD_ANY, AMOUNT_PARTIAL, KS_FSM_PARTIAL_REFUND,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_PARTIAL_REFUND, KS_FSM_EV_REFUND, CARD_ANY, FRAUD_ANY, AMOUNT_FULL, KS_FSM_REFUND,
	  FRAUD_KEEP, 0, 0 },
	{ KS_FSM_PARTIAL_REFUND, KS_FSM_EV_REFUND, CARD_ANY, FRAUD_ANY, AMOUNT_PARTIAL,
	  KS_FSM_PARTIAL_REFUND, FRAUD_KEEP, 0, 0 },

	/* deny, cancel, expire and refund are final: no rows */
};

#define N_RULES (sizeof(rules) / sizeof(rules[0]))

const char *ks_fsm_state_name(enum ks_fsm_state s)
{
	if ((unsigned)s >= KS_FSM__STATE_COUNT)
		return NULL;
	return states[s].name;
}

bool ks_fsm_state_parse(const char *name, enum ks_fsm_state *out)
{
	*out = KS_FSM_PENDING;
	if (!name)
		return false;
	for (unsigned i = 0; i < KS_FSM__STATE_COUNT; i++) {
		if (strcmp(states[i].name, name) == 0) {
			*out = (enum ks_fsm_state)i;
			return true;
		}
	}
	return false;
}

const char *ks_fsm_fraud_name(enum ks_fsm_fraud f)
{
	if ((unsigned)f >= KS_FSM__FRAUD_COUNT)
		return NULL;
	return frauds[f];
}

bool ks_fsm_fraud_parse(const char *name, enum ks_fsm_fraud *out)
{
	*out = KS_FSM_FRAUD_NONE;
	if (!name)
		return true;
	for (unsigned i = 0; i < KS_FSM__FRAUD_COUNT; i++) {
		if (strcmp(frauds[i], name) == 0) {
			*out = (enum ks_fsm_fraud)i;
			return true;
		}
	}
	return false;
}

bool ks_fsm_txn_parse(const char *transaction_status, const char *fraud_status,
		      const char *payment_type, struct ks_fsm_txn *out)
{
	struct ks_fsm_txn t = { KS_FSM_PENDING, KS_FSM_FRAUD_NONE, false };
	*out = t;
	if (!ks_fsm_state_parse(transaction_status, &t.state) || !ks_fsm_fraud_parse(fraud_status, &t.fraud))
		return false;
	t.card = payment_type && strcmp(payment_type, "credit_card") == 0;
	*out = t;
	return true;
}

const char *ks_fsm_status_code(enum ks_fsm_state s, enum ks_fsm_fraud f)
{
	if ((unsigned)s >= KS_FSM__STATE_COUNT)
		return NULL;
	if ((s == KS_FSM_CAPTURE || s == KS_FSM_AUTHORIZE) && f == KS_FSM_FRAUD_CHALLENGE)
		return "201";
	return states[s].code;
}

bool ks_fsm_is_final(enum ks_fsm_state s)
{
	for (size_t i = 0; i < N_RULES; i++)
		if (rules[i].from == s)
			return false;
	return (unsigned)s < KS_FSM__STATE_COUNT;
}

const char *ks_fsm_event_name(enum ks_fsm_event e)
{
	if ((unsigned)e >= KS_FSM__EVENT_COUNT)
		return NULL;
	return events[e].name;
}

bool ks_fsm_event_parse(const char *name, enum ks_fsm_event *out)
{
	*out = KS_FSM_EV_APPROVE;
	if (!name)
		return false;
	for (unsigned i = 0; i < KS_FSM__EVENT_COUNT; i++) {
		if (strcmp(events[i].name, name) == 0) {
			*out = (enum ks_fsm_event)i;
			return true;
		}
	}
	return false;
}

enum ks_fsm_actor ks_fsm_event_actor(enum ks_fsm_event e)
{
	if ((unsigned)e >= KS_FSM__EVENT_COUNT)
		return KS_FSM_BY_PAYMENT;
	return events[e].actor;
}

const char *ks_fsm_event_cause(enum ks_fsm_event e)
{
	if ((unsigned)e >= KS_FSM__EVENT_COUNT)
		return NULL;
	return events[e].cause;
}

const char *ks_fsm_event_reply_code(enum ks_fsm_event e)
{
	if ((unsigned)e >= KS_FSM__EVENT_COUNT)
		return NULL;
	return events[e].reply_code;
}

const char *ks_fsm_event_reply_message(enum ks_fsm_event e)
{
	if ((unsigned)e >= KS_FSM__EVENT_COUNT)
		return NULL;
	return events[e].reply_message;
}

/* True when the rule's state, event, payment type and fraud guards hold;
 * amounts and given fraud statuses are checked by amounts_ok/given_ok. */
static bool rule_applies(const struct rule *r, const struct ks_fsm_txn *cur, enum ks_fsm_event e)
{
	if (r->from != cur->state || r->ev != e)
		return false;
	if ((r->card == CARD_ONLY && !cur->card) || (r->card == CARD_NOT && cur->card))
		return false;
	if (r->fraud == FRAUD_CHALLENGE && cur->fraud != KS_FSM_FRAUD_CHALLENGE)
		return false;
	if (r->fraud == FRAUD_NOT_CHALLENGE && cur->fraud == KS_FSM_FRAUD_CHALLENGE)
		return false;
	return true;
}

static bool amounts_ok(const struct rule *r, const struct ks_fsm_args *a)
{
	if (r->amount == AMOUNT_ANY)
		return true;
	/* written so that no sum can overflow, whatever the caller passes */
	if (a->amount <= 0 || a->refunded_amount < 0 || a->gross_amount <= a->refunded_amount)
		return false;
	int64_t remaining = a->gross_amount - a->refunded_amount;
	if (a->amount > remaining)
		return false;
	return r->amount == AMOUNT_FULL ? a->amount == remaining : a->amount < remaining;
}

static bool given_ok(const struct rule *r, const struct ks_fsm_args *a)
{
	if (r->fraud_to != FRAUD_GIVEN)
		return true;
	return (unsigned)a->fraud < KS_FSM__FRAUD_COUNT && (r->given & FB(a->fraud));
}

bool ks_fsm_step(const struct ks_fsm_txn *cur, enum ks_fsm_event e, const struct ks_fsm_args *args,
		 struct ks_fsm_txn *next)
{
	static const struct ks_fsm_args none = { KS_FSM_FRAUD_NONE, 0, 0, 0 };
	const struct ks_fsm_args *a = args ? args : &none;
	*next = (struct ks_fsm_txn){ KS_FSM_PENDING, KS_FSM_FRAUD_NONE, false };
	for (size_t i = 0; i < N_RULES; i++) {
		const struct rule *r = &rules[i];
		if (!rule_applies(r, cur, e) || !amounts_ok(r, a) || !given_ok(r, a))
			continue;
		next->state = r->to;
		next->card = cur->card;
		switch (r->fraud_to) {
		case FRAUD_KEEP:
			next->fraud = cur->fraud;
			break;
		case FRAUD_SET:
			next->fraud = r->fraud_set;
			break;
		case FRAUD_GIVEN:
			next->fraud = a->fraud;
			break;
		}
		return true;
	}
	return false;
}

ks_fsm_event_set ks_fsm_allowed(const struct ks_fsm_txn *cur)
{
	ks_fsm_event_set set = 0;
	for (size_t i = 0; i < N_RULES; i++)
		if (rule_applies(&rules[i], cur, rules[i].ev))
			set |= KS_FSM_EV_BIT(rules[i].ev);
	return set;
}
