/* This file contains the preparation of a payment's status change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/schedule.h"
#include "core/timefmt.h"
#include "txn/change.h"

/* The method fields plus settlement_time (SPEC 3.3: shown once settled). */
static char *with_settlement_time(char *details, int owned, int64_t now_ms)
{
	json_t *d = json_loads(details ? details : "{}", 0, NULL);
	if (!json_is_object(d)) {
		json_decref(d);
		d = json_object();
	}
	char when[32];
	ks_time_format_jakarta(now_ms, when, sizeof(when));
	json_object_set_new(d, "settlement_time", json_string(when));
	if (owned)
		free(details);
	char *out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return out;
}

int ks_txn_change_prepare(struct ks_txn_change *c, const struct ks_order *o,
			  struct ks_payment *p, enum ks_fsm_event ev, const struct ks_fsm_args *args,
			  char *details, const char *message, int64_t now_ms,
			  int settlement_minute)
{
	memset(c, 0, sizeof(*c));
	struct ks_fsm_txn cur, next;
	if (!ks_fsm_txn_parse(p->status, p->fraud_status, p->payment_type, &cur) ||
	    !ks_fsm_step(&cur, ev, args, &next)) {
		free(details);
		return -1;
	}
	snprintf(c->from_status, sizeof(c->from_status), "%s", p->status);
	snprintf(c->from_fraud, sizeof(c->from_fraud), "%s", p->fraud_status);
	snprintf(p->status, sizeof(p->status), "%s", ks_fsm_state_name(next.state));
	snprintf(p->fraud_status, sizeof(p->fraud_status), "%s", ks_fsm_fraud_name(next.fraud));
	snprintf(p->status_code, sizeof(p->status_code), "%s",
		 ks_fsm_status_code(next.state, next.fraud));
	if (!message)
		message = ks_fsm_event_reply_message(ev);
	snprintf(p->status_message, sizeof(p->status_message), "%s",
		 message ? message : ks_fsm_event_cause(ev));
	if (strcmp(p->status, "settlement") == 0)
		details = with_settlement_time(details ? details : p->details, details != NULL, now_ms);
	if (details) {
		free(p->details);
		p->details = details;
	}
	p->updated_ms = now_ms;
	p->due_ms = ks_schedule_due(p->status, p->fraud_status, now_ms, o->expires_ms,
				    settlement_minute);
	ks_notices_build(&c->notices, o, p);
	c->w.kind = KS_WRITE_PAYMENT_CHANGE;
	c->w.u.change = (struct ks_payment_change){
		.transaction_id = p->transaction_id,
		.order_ref = o->id,
		.env_id = o->env.id,
		.from_status = c->from_status,
		.from_fraud = c->from_fraud,
		.to_status = p->status,
		.fraud_status = p->fraud_status,
		.status_code = p->status_code,
		.status_message = p->status_message,
		.details = details,
		.at_ms = now_ms,
		.due_ms = p->due_ms,
		.cause = ks_fsm_event_cause(ev),
		.outbox = c->notices.rows,
		.n_outbox = c->notices.n,
	};
	return 0;
}

void ks_txn_change_release(struct ks_txn_change *c)
{
	ks_notices_release(&c->notices);
}
