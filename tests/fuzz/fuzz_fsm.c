/* This file contains the fuzz target of the transaction state machine
 * (SPEC §6.1) as the merchant actions drive it: five bytes pick the payment
 * (state, fraud status, card or not), the event and the fraud status an
 * event carries; the rest is a refund body as POST /v2/{id}/refund gets it
 * (api/actions.c: the nesting limit, jansson, then "amount" read by
 * ks_json_amount, as actions.c reads it), with "gross_amount" and
 * "refunded_amount" of the payment beside it. A rest that is not JSON gives
 * the three amounts as raw 64-bit integers instead, so that the extremes
 * are reached. ks_fsm_step must keep the rules whatever the amounts. */
#include <jansson.h>
#include <stdbool.h>
#include <string.h>

#include "core/amount.h"
#include "core/fsm.h"
#include "core/jsonlimit.h"
#include "fuzz.h"

#define HEADER 5

static int64_t int_or(const json_t *obj, const char *key, int64_t def)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : def;
}

/* Fills the amounts from the rest of the input; false when there is
 * nothing to use (unparsable JSON too short for raw integers). */
static bool read_amounts(const uint8_t *rest, size_t len, struct ks_fsm_args *a)
{
	a->gross_amount = 100000;
	a->refunded_amount = 0;
	a->amount = a->gross_amount;
	if (len == 0)
		return true;
	json_t *body = NULL;
	if (ks_json_depth((const char *)rest, len) <= KS_JSON_MAX_DEPTH)
		body = json_loadb((const char *)rest, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES,
				  NULL);
	if (!body) {
		if (len < 3 * sizeof(int64_t))
			return false;
		memcpy(&a->gross_amount, rest, sizeof(int64_t));
		memcpy(&a->refunded_amount, rest + 8, sizeof(int64_t));
		memcpy(&a->amount, rest + 16, sizeof(int64_t));
		return true;
	}
	if (json_is_object(body)) {
		a->gross_amount = int_or(body, "gross_amount", a->gross_amount);
		a->refunded_amount = int_or(body, "refunded_amount", a->refunded_amount);
		const json_t *amt = json_object_get(body, "amount");
		/* a refund without an amount asks for the remainder, as the
		 * caller of ks_fsm_step computes it */
		if (amt && !json_is_null(amt))
			a->amount = ks_json_amount(amt);
		else if (__builtin_sub_overflow(a->gross_amount, a->refunded_amount, &a->amount))
			a->amount = -1;
	}
	json_decref(body);
	return true;
}

static void check_refund(const struct ks_fsm_txn *cur, const struct ks_fsm_args *a,
			 const struct ks_fsm_txn *next)
{
	FUZZ_CHECK(cur->state == KS_FSM_SETTLEMENT || cur->state == KS_FSM_PARTIAL_REFUND);
	FUZZ_CHECK(a->amount > 0 && a->refunded_amount >= 0 && a->gross_amount > a->refunded_amount);
	int64_t remaining = a->gross_amount - a->refunded_amount;
	FUZZ_CHECK(a->amount <= remaining);
	FUZZ_CHECK((next->state == KS_FSM_REFUND) == (a->amount == remaining));
	FUZZ_CHECK(next->state == KS_FSM_REFUND || next->state == KS_FSM_PARTIAL_REFUND);
	FUZZ_CHECK(next->fraud == cur->fraud);
}

/* What holds of every state a step reaches. */
static void check_reached(const struct ks_fsm_txn *t, const struct ks_fsm_args *a)
{
	FUZZ_CHECK((unsigned)t->state < KS_FSM__STATE_COUNT);
	FUZZ_CHECK((unsigned)t->fraud < KS_FSM__FRAUD_COUNT);
	FUZZ_CHECK(ks_fsm_state_name(t->state) && ks_fsm_fraud_name(t->fraud));
	FUZZ_CHECK(ks_fsm_status_code(t->state, t->fraud) != NULL);
	/* what is stored reads back as the same payment */
	struct ks_fsm_txn back;
	FUZZ_CHECK(ks_fsm_txn_parse(ks_fsm_state_name(t->state), ks_fsm_fraud_name(t->fraud),
				    t->card ? "credit_card" : "bank_transfer", &back));
	FUZZ_CHECK(back.state == t->state && back.fraud == t->fraud && back.card == t->card);
	/* a final state never changes, whatever the event and amounts */
	if (ks_fsm_is_final(t->state)) {
		struct ks_fsm_txn n2;
		FUZZ_CHECK(ks_fsm_allowed(t) == 0);
		for (int e = 0; e < KS_FSM__EVENT_COUNT; e++) {
			FUZZ_CHECK(!ks_fsm_step(t, (enum ks_fsm_event)e, a, &n2));
			FUZZ_CHECK(!ks_fsm_step(t, (enum ks_fsm_event)e, NULL, &n2));
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool seeded;
	if (!seeded) {
		json_object_seed(1);
		seeded = true;
	}
	if (size < HEADER)
		return 0;
	/* one value past each range, to see out-of-range input refused */
	struct ks_fsm_txn cur = {
		.state = (enum ks_fsm_state)(data[0] % (KS_FSM__STATE_COUNT + 1)),
		.fraud = (enum ks_fsm_fraud)(data[1] % KS_FSM__FRAUD_COUNT),
		.card = data[2] & 1,
	};
	enum ks_fsm_event e = (enum ks_fsm_event)(data[3] % (KS_FSM__EVENT_COUNT + 1));
	struct ks_fsm_args args = { .fraud = (enum ks_fsm_fraud)(data[4] % (KS_FSM__FRAUD_COUNT + 1)) };
	if (!read_amounts(data + HEADER, size - HEADER, &args))
		return 0;

	struct ks_fsm_txn next;
	bool ok = ks_fsm_step(&cur, e, &args, &next);
	if (!ok) {
		FUZZ_CHECK(next.state == KS_FSM_PENDING && next.fraud == KS_FSM_FRAUD_NONE &&
			   !next.card);
		if ((unsigned)cur.state < KS_FSM__STATE_COUNT)
			check_reached(&cur, &args);
		return 0;
	}
	FUZZ_CHECK((unsigned)cur.state < KS_FSM__STATE_COUNT && (unsigned)e < KS_FSM__EVENT_COUNT);
	FUZZ_CHECK(!ks_fsm_is_final(cur.state));
	FUZZ_CHECK(ks_fsm_allowed(&cur) & KS_FSM_EV_BIT(e));
	FUZZ_CHECK(next.card == cur.card);
	FUZZ_CHECK(ks_fsm_event_name(e) && ks_fsm_event_cause(e));
	/* a merchant action answers with its own code and message */
	if (ks_fsm_event_actor(e) == KS_FSM_BY_MERCHANT)
		FUZZ_CHECK(ks_fsm_event_reply_code(e) && ks_fsm_event_reply_message(e));
	else
		FUZZ_CHECK(!ks_fsm_event_reply_code(e));
	if (e == KS_FSM_EV_REFUND)
		check_refund(&cur, &args, &next);
	check_reached(&cur, &args);
	check_reached(&next, &args);
	return 0;
}
