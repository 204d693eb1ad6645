/* This file contains the tests of the transaction state machine (SPEC §6.1,
 * §8): every event in every state, allowed or refused, refund amounts, the
 * 3-D Secure outcomes, status_code by state and the answers' texts. */
#include <criterion/criterion.h>
#include <string.h>

#include "core/fsm.h"
#include "rowtest.h"

#define GROSS 10000
#define REFUNDED_BEFORE 4000 /* already refunded in the partial_refund rows */

/* A payment as the machine sees it. */
struct situation {
	const char *what;
	enum ks_fsm_state state;
	enum ks_fsm_fraud fraud;
	bool card;
};

static const struct situation situations[] = {
	{ "pending card (3-D Secure)", KS_FSM_PENDING, KS_FSM_FRAUD_NONE, true },
	{ "pending bank transfer", KS_FSM_PENDING, KS_FSM_FRAUD_NONE, false },
	{ "authorize accept", KS_FSM_AUTHORIZE, KS_FSM_FRAUD_ACCEPT, true },
	{ "authorize challenge", KS_FSM_AUTHORIZE, KS_FSM_FRAUD_CHALLENGE, true },
	{ "capture accept", KS_FSM_CAPTURE, KS_FSM_FRAUD_ACCEPT, true },
	{ "capture challenge", KS_FSM_CAPTURE, KS_FSM_FRAUD_CHALLENGE, true },
	{ "settlement card", KS_FSM_SETTLEMENT, KS_FSM_FRAUD_ACCEPT, true },
	{ "settlement bank transfer", KS_FSM_SETTLEMENT, KS_FSM_FRAUD_ACCEPT, false },
	{ "deny", KS_FSM_DENY, KS_FSM_FRAUD_DENY, true },
	{ "cancel", KS_FSM_CANCEL, KS_FSM_FRAUD_ACCEPT, true },
	{ "expire", KS_FSM_EXPIRE, KS_FSM_FRAUD_NONE, false },
	{ "refund", KS_FSM_REFUND, KS_FSM_FRAUD_ACCEPT, true },
	{ "partial_refund", KS_FSM_PARTIAL_REFUND, KS_FSM_FRAUD_ACCEPT, true },
};
#define N_SITUATIONS (sizeof(situations) / sizeof(situations[0]))

/* An expected result: refused, or the new state and fraud status. */
struct want {
	bool ok;
	enum ks_fsm_state state;
	enum ks_fsm_fraud fraud;
};
#define R { false, KS_FSM_PENDING, KS_FSM_FRAUD_NONE }
#define T(s, f) { true, KS_FSM_##s, KS_FSM_FRAUD_##f }

/* [situation][event], events in the order of KS_FSM_EVENT_MAP:
 * approve deny cancel expire capture refund | settle expiry challenge_timeout
 * | pay pay_fail 3ds_capture 3ds_authorize 3ds_deny. The events run with
 * args_for(): 3-D Secure capture with accept, authorize with challenge,
 * deny with deny; refund of the whole remainder. */
static const struct want matrix[N_SITUATIONS][KS_FSM__EVENT_COUNT] = {
	/* pending card */
	{ R, R, T(CANCEL, NONE), T(EXPIRE, NONE), R, R, R, T(EXPIRE, NONE), R, R, R, T(CAPTURE, ACCEPT),
	  T(AUTHORIZE, CHALLENGE), T(DENY, DENY) },
	/* pending bank transfer */
	{ R, R, T(CANCEL, NONE), T(EXPIRE, NONE), R, R, R, T(EXPIRE, NONE), R, T(SETTLEMENT, ACCEPT),
	  T(DENY, NONE), R, R, R },
	/* authorize accept */
	{ R, R, T(CANCEL, ACCEPT), R, T(CAPTURE, ACCEPT), R, R, R, R, R, R, R, R, R },
	/* authorize challenge */
	{ T(AUTHORIZE, ACCEPT), T(DENY, DENY), T(CANCEL, CHALLENGE), R, R, R, R, R, T(CANCEL, CHALLENGE), R,
	  R, R, R, R },
	/* capture accept */
	{ R, R, T(CANCEL, ACCEPT), R, R, R, T(SETTLEMENT, ACCEPT), R, R, R, R, R, R, R },
	/* capture challenge */
	{ T(CAPTURE, ACCEPT), T(DENY, DENY), T(CANCEL, CHALLENGE), R, R, R, R, R, T(CANCEL, CHALLENGE), R, R,
	  R, R, R },
	/* settlement card */
	{ R, R, R, R, R, T(REFUND, ACCEPT), R, R, R, R, R, R, R, R },
	/* settlement bank transfer */
	{ R, R, R, R, R, T(REFUND, ACCEPT), R, R, R, R, R, R, R, R },
	/* deny */
	{ R, R, R, R, R, R, R, R, R, R, R, R, R, R },
	/* cancel */
	{ R, R, R, R, R, R, R, R, R, R, R, R, R, R },
	/* expire */
	{ R, R, R, R, R, R, R, R, R, R, R, R, R, R },
	/* refund */
	{ R, R, R, R, R, R, R, R, R, R, R, R, R, R },
	/* partial_refund */
	{ R, R, R, R, R, T(REFUND, ACCEPT), R, R, R, R, R, R, R, R },
};

static struct ks_fsm_txn txn_of(const struct situation *s)
{
	struct ks_fsm_txn t = { s->state, s->fraud, s->card };
	return t;
}

static struct ks_fsm_args args_for(const struct situation *s, enum ks_fsm_event e)
{
	struct ks_fsm_args a = { KS_FSM_FRAUD_NONE, GROSS, 0, GROSS };
	if (s->state == KS_FSM_PARTIAL_REFUND) {
		a.refunded_amount = REFUNDED_BEFORE;
		a.amount = GROSS - REFUNDED_BEFORE;
	}
	if (e == KS_FSM_EV_3DS_CAPTURE)
		a.fraud = KS_FSM_FRAUD_ACCEPT;
	else if (e == KS_FSM_EV_3DS_AUTHORIZE)
		a.fraud = KS_FSM_FRAUD_CHALLENGE;
	else if (e == KS_FSM_EV_3DS_DENY)
		a.fraud = KS_FSM_FRAUD_DENY;
	return a;
}

static void expect_cleared(const struct ks_fsm_txn *t, const char *what)
{
	cr_expect_eq(t->state, KS_FSM_PENDING, "%s: refused step leaves state set", what);
	cr_expect_eq(t->fraud, KS_FSM_FRAUD_NONE, "%s: refused step leaves fraud set", what);
	cr_expect_not(t->card, "%s: refused step leaves card set", what);
}

ParameterizedTestParameters(fsm, every_state_every_event)
{
	static const size_t n = N_SITUATIONS * KS_FSM__EVENT_COUNT;
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, fsm, every_state_every_event)
{
	const struct situation *s = &situations[*i / KS_FSM__EVENT_COUNT];
	enum ks_fsm_event e = (enum ks_fsm_event)(*i % KS_FSM__EVENT_COUNT);
	const struct want *w = &matrix[*i / KS_FSM__EVENT_COUNT][e];
	struct ks_fsm_txn cur = txn_of(s), next;
	struct ks_fsm_args a = args_for(s, e);
	memset(&next, 0x5a, sizeof(next));
	bool ok = ks_fsm_step(&cur, e, &a, &next);
	cr_assert_eq(ok, w->ok, "%s + %s: %s", s->what, ks_fsm_event_name(e), w->ok ? "allowed" : "refused");
	if (!ok) {
		expect_cleared(&next, s->what);
	} else {
		cr_expect_eq(next.state, w->state, "%s + %s: %s", s->what, ks_fsm_event_name(e),
			     ks_fsm_state_name(next.state));
		cr_expect_eq(next.fraud, w->fraud, "%s + %s: fraud %s", s->what, ks_fsm_event_name(e),
			     ks_fsm_fraud_name(next.fraud));
		cr_expect_eq(next.card, cur.card, "%s: card kept", s->what);
	}
	/* the portal's buttons agree with the machine */
	bool listed = (ks_fsm_allowed(&cur) & KS_FSM_EV_BIT(e)) != 0;
	cr_expect_eq(listed, w->ok, "%s: allowed() %s %s", s->what, listed ? "lists" : "omits",
		     ks_fsm_event_name(e));
}

/* deny, cancel, expire and refund are final, whatever the fraud status,
 * payment type and arguments. */
ParameterizedTestParameters(fsm, finals_refuse_everything)
{
	static const size_t n = 4;
	return cr_make_param_array(size_t, rowtest_indexes(n), n, rowtest_free);
}

ParameterizedTest(size_t *i, fsm, finals_refuse_everything)
{
	static const enum ks_fsm_state finals[] = { KS_FSM_DENY, KS_FSM_CANCEL, KS_FSM_EXPIRE, KS_FSM_REFUND };
	enum ks_fsm_state st = finals[*i];
	cr_expect(ks_fsm_is_final(st), "%s", ks_fsm_state_name(st));
	for (int f = 0; f < KS_FSM__FRAUD_COUNT; f++) {
		for (int card = 0; card < 2; card++) {
			struct ks_fsm_txn cur = { st, (enum ks_fsm_fraud)f, card != 0 }, next;
			cr_expect_eq(ks_fsm_allowed(&cur), 0, "%s/%d/%d", ks_fsm_state_name(st), f, card);
			for (int e = 0; e < KS_FSM__EVENT_COUNT; e++) {
				for (int g = 0; g < KS_FSM__FRAUD_COUNT; g++) {
					struct ks_fsm_args a = { (enum ks_fsm_fraud)g, GROSS, 0, GROSS };
					cr_expect_not(ks_fsm_step(&cur, (enum ks_fsm_event)e, &a, &next), "%s + %s",
						      ks_fsm_state_name(st), ks_fsm_event_name((enum ks_fsm_event)e));
				}
			}
		}
	}
}

Test(fsm, non_finals)
{
	static const enum ks_fsm_state live[] = { KS_FSM_PENDING, KS_FSM_AUTHORIZE, KS_FSM_CAPTURE,
						  KS_FSM_SETTLEMENT, KS_FSM_PARTIAL_REFUND };
	for (size_t k = 0; k < sizeof(live) / sizeof(live[0]); k++)
		cr_expect_not(ks_fsm_is_final(live[k]), "%s", ks_fsm_state_name(live[k]));
	cr_expect_not(ks_fsm_is_final(KS_FSM__STATE_COUNT));
}

/* Every change of SPEC §6.1, and only those (plus the 3-D Secure outcomes
 * of a pending card and the changes that keep the state: approve, a further
 * partial refund), over every state, fraud status, payment type and
 * event. */
Test(fsm, edges_are_those_of_the_spec)
{
	static const struct {
		enum ks_fsm_state from, to;
		bool card_only;
	} spec[] = {
		{ KS_FSM_PENDING, KS_FSM_SETTLEMENT, false },
		{ KS_FSM_PENDING, KS_FSM_EXPIRE, false },
		{ KS_FSM_PENDING, KS_FSM_CANCEL, false },
		{ KS_FSM_PENDING, KS_FSM_DENY, false },
		{ KS_FSM_AUTHORIZE, KS_FSM_CAPTURE, false },
		{ KS_FSM_AUTHORIZE, KS_FSM_CANCEL, false },
		{ KS_FSM_CAPTURE, KS_FSM_SETTLEMENT, false },
		{ KS_FSM_CAPTURE, KS_FSM_CANCEL, false },
		{ KS_FSM_SETTLEMENT, KS_FSM_REFUND, false },
		{ KS_FSM_SETTLEMENT, KS_FSM_PARTIAL_REFUND, false },
		{ KS_FSM_PARTIAL_REFUND, KS_FSM_REFUND, false },
		/* the 3-D Secure completion */
		{ KS_FSM_PENDING, KS_FSM_CAPTURE, true },
		{ KS_FSM_PENDING, KS_FSM_AUTHORIZE, true },
		/* challenge decided: deny (the old docs' authorize → deny) */
		{ KS_FSM_AUTHORIZE, KS_FSM_DENY, false },
		{ KS_FSM_CAPTURE, KS_FSM_DENY, false },
		/* same state */
		{ KS_FSM_AUTHORIZE, KS_FSM_AUTHORIZE, false },
		{ KS_FSM_CAPTURE, KS_FSM_CAPTURE, false },
		{ KS_FSM_PARTIAL_REFUND, KS_FSM_PARTIAL_REFUND, false },
	};
	static const int64_t amounts[] = { GROSS, 1 }; /* full, partial */
	bool seen[sizeof(spec) / sizeof(spec[0])] = { false };
	for (int s = 0; s < KS_FSM__STATE_COUNT; s++)
		for (int f = 0; f < KS_FSM__FRAUD_COUNT; f++)
			for (int card = 0; card < 2; card++)
				for (int e = 0; e < KS_FSM__EVENT_COUNT; e++)
					for (int g = 0; g < KS_FSM__FRAUD_COUNT; g++)
						for (size_t m = 0; m < 2; m++) {
							struct ks_fsm_txn cur = { (enum ks_fsm_state)s, (enum ks_fsm_fraud)f,
										  card != 0 },
									  next;
							struct ks_fsm_args a = { (enum ks_fsm_fraud)g, GROSS, 0, amounts[m] };
							if (!ks_fsm_step(&cur, (enum ks_fsm_event)e, &a, &next))
								continue;
							bool found = false;
							for (size_t k = 0; k < sizeof(spec) / sizeof(spec[0]); k++) {
								if (spec[k].from == cur.state && spec[k].to == next.state &&
								    (!spec[k].card_only || cur.card)) {
									found = seen[k] = true;
								}
							}
							cr_expect(found, "%s -> %s by %s (card %d) is not in SPEC §6.1",
								  ks_fsm_state_name(cur.state), ks_fsm_state_name(next.state),
								  ks_fsm_event_name((enum ks_fsm_event)e), card);
						}
	for (size_t k = 0; k < sizeof(spec) / sizeof(spec[0]); k++)
		cr_expect(seen[k], "%s -> %s is never reached", ks_fsm_state_name(spec[k].from),
			  ks_fsm_state_name(spec[k].to));
}

struct refund_row {
	enum ks_fsm_state from;
	int64_t gross, refunded, amount;
	bool ok;
	enum ks_fsm_state to;
};

static const struct refund_row refund_rows[] = {
	{ KS_FSM_SETTLEMENT, 10000, 0, 10000, true, KS_FSM_REFUND },
	{ KS_FSM_SETTLEMENT, 10000, 0, 9999, true, KS_FSM_PARTIAL_REFUND },
	{ KS_FSM_SETTLEMENT, 10000, 0, 1, true, KS_FSM_PARTIAL_REFUND },
	{ KS_FSM_SETTLEMENT, 10000, 0, 10001, false, KS_FSM_PENDING },
	{ KS_FSM_SETTLEMENT, 10000, 0, 0, false, KS_FSM_PENDING },
	{ KS_FSM_SETTLEMENT, 10000, 0, -1, false, KS_FSM_PENDING },
	{ KS_FSM_SETTLEMENT, 0, 0, 0, false, KS_FSM_PENDING },
	{ KS_FSM_SETTLEMENT, INT64_MAX, 0, INT64_MAX, true, KS_FSM_REFUND },
	{ KS_FSM_SETTLEMENT, INT64_MAX, 0, INT64_MAX - 1, true, KS_FSM_PARTIAL_REFUND },
	{ KS_FSM_PARTIAL_REFUND, 10000, 4000, 6000, true, KS_FSM_REFUND },
	{ KS_FSM_PARTIAL_REFUND, 10000, 4000, 5999, true, KS_FSM_PARTIAL_REFUND },
	{ KS_FSM_PARTIAL_REFUND, 10000, 4000, 6001, false, KS_FSM_PENDING },
	{ KS_FSM_PARTIAL_REFUND, 10000, 4000, 0, false, KS_FSM_PENDING },
	/* nothing left to refund, or a refunded sum that makes no sense */
	{ KS_FSM_PARTIAL_REFUND, 10000, 10000, 1, false, KS_FSM_PENDING },
	{ KS_FSM_PARTIAL_REFUND, 10000, 12000, 1, false, KS_FSM_PENDING },
	{ KS_FSM_PARTIAL_REFUND, 10000, -1, 10000, false, KS_FSM_PENDING },
	{ KS_FSM_PARTIAL_REFUND, INT64_MAX, INT64_MAX - 1, INT64_MAX, false, KS_FSM_PENDING },
	/* not refundable before settlement */
	{ KS_FSM_CAPTURE, 10000, 0, 10000, false, KS_FSM_PENDING },
	{ KS_FSM_PENDING, 10000, 0, 10000, false, KS_FSM_PENDING },
};

ParameterizedTestParameters(fsm, refund_amounts)
{
	return ROWTEST_PARAMS(refund_rows);
}

ParameterizedTest(size_t *i, fsm, refund_amounts)
{
	const struct refund_row *r = &refund_rows[*i];
	struct ks_fsm_txn cur = { r->from, KS_FSM_FRAUD_ACCEPT, false }, next;
	struct ks_fsm_args a = { KS_FSM_FRAUD_NONE, r->gross, r->refunded, r->amount };
	bool ok = ks_fsm_step(&cur, KS_FSM_EV_REFUND, &a, &next);
	cr_assert_eq(ok, r->ok, "row %zu", *i);
	if (ok) {
		cr_expect_eq(next.state, r->to, "row %zu: %s", *i, ks_fsm_state_name(next.state));
		cr_expect_eq(next.fraud, KS_FSM_FRAUD_ACCEPT);
	} else {
		expect_cleared(&next, "refund");
	}
}

Test(fsm, refund_without_args_is_refused)
{
	struct ks_fsm_txn cur = { KS_FSM_SETTLEMENT, KS_FSM_FRAUD_ACCEPT, true }, next;
	cr_expect_not(ks_fsm_step(&cur, KS_FSM_EV_REFUND, NULL, &next));
	/* but the button is there */
	cr_expect(ks_fsm_allowed(&cur) & KS_FSM_EV_BIT(KS_FSM_EV_REFUND));
}

struct tds_row {
	enum ks_fsm_event ev;
	enum ks_fsm_fraud given;
	bool ok;
	enum ks_fsm_state to;
};

/* The acquirer's fraud_status after the 3-D Secure step, pending card. */
static const struct tds_row tds_rows[] = {
	{ KS_FSM_EV_3DS_CAPTURE, KS_FSM_FRAUD_ACCEPT, true, KS_FSM_CAPTURE },
	{ KS_FSM_EV_3DS_CAPTURE, KS_FSM_FRAUD_CHALLENGE, true, KS_FSM_CAPTURE },
	{ KS_FSM_EV_3DS_CAPTURE, KS_FSM_FRAUD_DENY, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_CAPTURE, KS_FSM_FRAUD_NONE, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_AUTHORIZE, KS_FSM_FRAUD_ACCEPT, true, KS_FSM_AUTHORIZE },
	{ KS_FSM_EV_3DS_AUTHORIZE, KS_FSM_FRAUD_CHALLENGE, true, KS_FSM_AUTHORIZE },
	{ KS_FSM_EV_3DS_AUTHORIZE, KS_FSM_FRAUD_DENY, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_AUTHORIZE, KS_FSM_FRAUD_NONE, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_DENY, KS_FSM_FRAUD_ACCEPT, true, KS_FSM_DENY },
	{ KS_FSM_EV_3DS_DENY, KS_FSM_FRAUD_DENY, true, KS_FSM_DENY },
	{ KS_FSM_EV_3DS_DENY, KS_FSM_FRAUD_CHALLENGE, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_DENY, KS_FSM_FRAUD_NONE, false, KS_FSM_PENDING },
	{ KS_FSM_EV_3DS_DENY, KS_FSM__FRAUD_COUNT, false, KS_FSM_PENDING },
};

ParameterizedTestParameters(fsm, three_ds_outcomes)
{
	return ROWTEST_PARAMS(tds_rows);
}

ParameterizedTest(size_t *i, fsm, three_ds_outcomes)
{
	const struct tds_row *r = &tds_rows[*i];
	struct ks_fsm_txn cur = { KS_FSM_PENDING, KS_FSM_FRAUD_NONE, true }, next;
	struct ks_fsm_args a = { r->given, 0, 0, 0 };
	bool ok = ks_fsm_step(&cur, r->ev, &a, &next);
	cr_assert_eq(ok, r->ok, "row %zu", *i);
	if (ok) {
		cr_expect_eq(next.state, r->to, "row %zu", *i);
		cr_expect_eq(next.fraud, r->given, "row %zu", *i);
		cr_expect(next.card);
	} else {
		expect_cleared(&next, "3-D Secure");
	}
	/* never for another payment type */
	cur.card = false;
	cr_expect_not(ks_fsm_step(&cur, r->ev, &a, &next), "row %zu, not a card", *i);
	/* nor without the acquirer's fraud status */
	cur.card = true;
	cr_expect_not(ks_fsm_step(&cur, r->ev, NULL, &next), "row %zu, no args", *i);
}

struct code_row {
	enum ks_fsm_state state;
	enum ks_fsm_fraud fraud;
	const char *code;
};

/* SPEC §6.1 and §8: status_code by state. */
static const struct code_row code_rows[] = {
	{ KS_FSM_PENDING, KS_FSM_FRAUD_NONE, "201" },
	{ KS_FSM_PENDING, KS_FSM_FRAUD_ACCEPT, "201" },
	{ KS_FSM_AUTHORIZE, KS_FSM_FRAUD_ACCEPT, "200" },
	{ KS_FSM_AUTHORIZE, KS_FSM_FRAUD_CHALLENGE, "201" },
	{ KS_FSM_CAPTURE, KS_FSM_FRAUD_ACCEPT, "200" },
	{ KS_FSM_CAPTURE, KS_FSM_FRAUD_NONE, "200" },
	{ KS_FSM_CAPTURE, KS_FSM_FRAUD_CHALLENGE, "201" },
	{ KS_FSM_SETTLEMENT, KS_FSM_FRAUD_ACCEPT, "200" },
	{ KS_FSM_SETTLEMENT, KS_FSM_FRAUD_NONE, "200" },
	{ KS_FSM_DENY, KS_FSM_FRAUD_DENY, "202" },
	{ KS_FSM_DENY, KS_FSM_FRAUD_ACCEPT, "202" },
	{ KS_FSM_CANCEL, KS_FSM_FRAUD_ACCEPT, "202" },
	{ KS_FSM_CANCEL, KS_FSM_FRAUD_CHALLENGE, "202" },
	{ KS_FSM_EXPIRE, KS_FSM_FRAUD_NONE, "407" },
	{ KS_FSM_REFUND, KS_FSM_FRAUD_ACCEPT, "200" },
	{ KS_FSM_PARTIAL_REFUND, KS_FSM_FRAUD_ACCEPT, "200" },
};

ParameterizedTestParameters(fsm, status_code)
{
	return ROWTEST_PARAMS(code_rows);
}

ParameterizedTest(size_t *i, fsm, status_code)
{
	const struct code_row *r = &code_rows[*i];
	cr_expect_str_eq(ks_fsm_status_code(r->state, r->fraud), r->code, "%s/%s",
			 ks_fsm_state_name(r->state), ks_fsm_fraud_name(r->fraud));
}

Test(fsm, status_code_out_of_range)
{
	cr_expect_null(ks_fsm_status_code(KS_FSM__STATE_COUNT, KS_FSM_FRAUD_NONE));
}

Test(fsm, state_names)
{
	static const char *const names[] = { "pending",	"authorize", "capture", "settlement",	 "deny",
					     "cancel",	"expire",    "refund",	"partial_refund" };
	cr_assert_eq(sizeof(names) / sizeof(names[0]), KS_FSM__STATE_COUNT);
	for (int s = 0; s < KS_FSM__STATE_COUNT; s++) {
		enum ks_fsm_state got;
		cr_expect_str_eq(ks_fsm_state_name((enum ks_fsm_state)s), names[s]);
		cr_expect(ks_fsm_state_parse(names[s], &got));
		cr_expect_eq(got, s);
	}
	enum ks_fsm_state got = KS_FSM_REFUND;
	cr_expect_null(ks_fsm_state_name(KS_FSM__STATE_COUNT));
	cr_expect_not(ks_fsm_state_parse("Pending", &got));
	cr_expect_eq(got, KS_FSM_PENDING);
	cr_expect_not(ks_fsm_state_parse("challenge", &got));
	cr_expect_not(ks_fsm_state_parse("", &got));
	cr_expect_not(ks_fsm_state_parse(NULL, &got));
}

Test(fsm, fraud_names)
{
	enum ks_fsm_fraud f = KS_FSM_FRAUD_DENY;
	cr_expect_str_eq(ks_fsm_fraud_name(KS_FSM_FRAUD_NONE), "");
	cr_expect_str_eq(ks_fsm_fraud_name(KS_FSM_FRAUD_ACCEPT), "accept");
	cr_expect_str_eq(ks_fsm_fraud_name(KS_FSM_FRAUD_CHALLENGE), "challenge");
	cr_expect_str_eq(ks_fsm_fraud_name(KS_FSM_FRAUD_DENY), "deny");
	cr_expect_null(ks_fsm_fraud_name(KS_FSM__FRAUD_COUNT));
	cr_expect(ks_fsm_fraud_parse("challenge", &f));
	cr_expect_eq(f, KS_FSM_FRAUD_CHALLENGE);
	cr_expect(ks_fsm_fraud_parse(NULL, &f));
	cr_expect_eq(f, KS_FSM_FRAUD_NONE);
	cr_expect(ks_fsm_fraud_parse("", &f));
	cr_expect_eq(f, KS_FSM_FRAUD_NONE);
	cr_expect_not(ks_fsm_fraud_parse("ACCEPT", &f));
}

Test(fsm, txn_parse)
{
	struct ks_fsm_txn t;
	cr_assert(ks_fsm_txn_parse("capture", "challenge", "credit_card", &t));
	cr_expect_eq(t.state, KS_FSM_CAPTURE);
	cr_expect_eq(t.fraud, KS_FSM_FRAUD_CHALLENGE);
	cr_expect(t.card);
	cr_assert(ks_fsm_txn_parse("pending", "", "bank_transfer", &t));
	cr_expect_eq(t.state, KS_FSM_PENDING);
	cr_expect_eq(t.fraud, KS_FSM_FRAUD_NONE);
	cr_expect_not(t.card);
	cr_assert(ks_fsm_txn_parse("settlement", NULL, NULL, &t));
	cr_expect_not(t.card);
	cr_expect_not(ks_fsm_txn_parse("paid", "accept", "credit_card", &t));
	expect_cleared(&t, "unknown status");
	cr_expect_not(ks_fsm_txn_parse("capture", "maybe", "credit_card", &t));
	expect_cleared(&t, "unknown fraud");
}

struct event_row {
	enum ks_fsm_event ev;
	const char *name;
	enum ks_fsm_actor actor;
	const char *code, *message;
};

/* SPEC §6.1: the answers of the merchant actions. */
static const struct event_row event_rows[] = {
	{ KS_FSM_EV_APPROVE, "approve", KS_FSM_BY_MERCHANT, "200", "Success, transaction is approved" },
	{ KS_FSM_EV_DENY, "deny", KS_FSM_BY_MERCHANT, "200", "Success, transaction is denied" },
	{ KS_FSM_EV_CANCEL, "cancel", KS_FSM_BY_MERCHANT, "200", "Success, transaction is canceled" },
	{ KS_FSM_EV_EXPIRE, "expire", KS_FSM_BY_MERCHANT, "407", "Success, transaction has expired" },
	{ KS_FSM_EV_CAPTURE, "capture", KS_FSM_BY_MERCHANT, "200",
	  "Success, Credit Card capture transaction is successful" },
	{ KS_FSM_EV_REFUND, "refund", KS_FSM_BY_MERCHANT, "200", "Success, refund request is approved" },
	{ KS_FSM_EV_SETTLE, "settle", KS_FSM_BY_TIME, NULL, NULL },
	{ KS_FSM_EV_EXPIRY, "expiry", KS_FSM_BY_TIME, NULL, NULL },
	{ KS_FSM_EV_CHALLENGE_TIMEOUT, "challenge_timeout", KS_FSM_BY_TIME, NULL, NULL },
	{ KS_FSM_EV_PAY, "pay", KS_FSM_BY_PAYMENT, NULL, NULL },
	{ KS_FSM_EV_PAY_FAIL, "pay_fail", KS_FSM_BY_PAYMENT, NULL, NULL },
	{ KS_FSM_EV_3DS_CAPTURE, "3ds_capture", KS_FSM_BY_PAYMENT, NULL, NULL },
	{ KS_FSM_EV_3DS_AUTHORIZE, "3ds_authorize", KS_FSM_BY_PAYMENT, NULL, NULL },
	{ KS_FSM_EV_3DS_DENY, "3ds_deny", KS_FSM_BY_PAYMENT, NULL, NULL },
};

ParameterizedTestParameters(fsm, events)
{
	return ROWTEST_PARAMS(event_rows);
}

ParameterizedTest(size_t *i, fsm, events)
{
	const struct event_row *r = &event_rows[*i];
	enum ks_fsm_event got;
	cr_expect_str_eq(ks_fsm_event_name(r->ev), r->name);
	cr_expect(ks_fsm_event_parse(r->name, &got));
	cr_expect_eq(got, r->ev);
	cr_expect_eq(ks_fsm_event_actor(r->ev), r->actor, "%s", r->name);
	const char *cause = ks_fsm_event_cause(r->ev);
	cr_assert_not_null(cause);
	cr_expect_neq(cause[0], '\0');
	if (r->code) {
		cr_expect_str_eq(ks_fsm_event_reply_code(r->ev), r->code, "%s", r->name);
		cr_expect_str_eq(ks_fsm_event_reply_message(r->ev), r->message, "%s", r->name);
	} else {
		cr_expect_null(ks_fsm_event_reply_code(r->ev), "%s", r->name);
		cr_expect_null(ks_fsm_event_reply_message(r->ev), "%s", r->name);
	}
}

Test(fsm, every_event_in_the_table)
{
	cr_expect_eq(sizeof(event_rows) / sizeof(event_rows[0]), KS_FSM__EVENT_COUNT);
	enum ks_fsm_event got;
	cr_expect_null(ks_fsm_event_name(KS_FSM__EVENT_COUNT));
	cr_expect_null(ks_fsm_event_cause(KS_FSM__EVENT_COUNT));
	cr_expect_null(ks_fsm_event_reply_code(KS_FSM__EVENT_COUNT));
	cr_expect_not(ks_fsm_event_parse("settlement", &got));
	cr_expect_not(ks_fsm_event_parse(NULL, &got));
	/* the event set fits its bit mask */
	cr_expect_lt((unsigned)KS_FSM__EVENT_COUNT, sizeof(ks_fsm_event_set) * 8);
}

Test(fsm, notification_and_refusal_texts)
{
	cr_expect_str_eq(KS_FSM_NOTIFY_MESSAGE, "midtrans payment notification");
	cr_expect_str_eq(KS_FSM_REFUSED_CODE, "412");
	cr_expect_str_eq(KS_FSM_REFUSED_MESSAGE, "Merchant cannot modify the status of the transaction");
}

/* A challenged card payment walked through its life: approve, settle,
 * two partial refunds, the last refund. */
Test(fsm, a_life)
{
	struct ks_fsm_txn t = { KS_FSM_PENDING, KS_FSM_FRAUD_NONE, true }, n;
	struct ks_fsm_args a = { KS_FSM_FRAUD_CHALLENGE, 0, 0, 0 };
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_3DS_CAPTURE, &a, &n));
	cr_expect_str_eq(ks_fsm_status_code(n.state, n.fraud), "201");
	t = n;
	cr_assert_not(ks_fsm_step(&t, KS_FSM_EV_SETTLE, NULL, &n));
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_APPROVE, NULL, &n));
	cr_expect_str_eq(ks_fsm_status_code(n.state, n.fraud), "200");
	t = n;
	cr_assert_not(ks_fsm_step(&t, KS_FSM_EV_APPROVE, NULL, &n));
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_SETTLE, NULL, &n));
	t = n;
	cr_assert_not(ks_fsm_step(&t, KS_FSM_EV_CANCEL, NULL, &n));
	a = (struct ks_fsm_args){ KS_FSM_FRAUD_NONE, 30000, 0, 10000 };
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_REFUND, &a, &n));
	cr_expect_eq(n.state, KS_FSM_PARTIAL_REFUND);
	t = n;
	a.refunded_amount = 10000;
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_REFUND, &a, &n));
	cr_expect_eq(n.state, KS_FSM_PARTIAL_REFUND);
	t = n;
	a.refunded_amount = 20000;
	cr_assert(ks_fsm_step(&t, KS_FSM_EV_REFUND, &a, &n));
	cr_expect_eq(n.state, KS_FSM_REFUND);
	cr_expect_eq(n.fraud, KS_FSM_FRAUD_ACCEPT);
	cr_expect(ks_fsm_is_final(n.state));
}
