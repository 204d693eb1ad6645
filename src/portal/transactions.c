/* This file contains the portal's transactions: the list (search by order
 * id, filters, keyset paging), the detail (status history, the request as
 * received, every notification and email attempt) and the actions the
 * state allows, through the same state machine and change preparation as
 * the Core API (txn/change.h, txn/action.h), plus "send notification
 * again". Another environment's or merchant's transaction is 404. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/reply.h"
#include "core/errors.h"
#include "core/fsm.h"
#include "core/paymethod.h"
#include "core/snap.h"
#include "portal/portal.h"
#include "txn/action.h"
#include "txn/change.h"
#include "txn/notice.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 100
#define NOT_FOUND "transaction not found"

static void list_row(void *arg, const struct ks_txn_row *r)
{
	json_t *rows = arg;
	json_array_append_new(rows, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:s}", "id",
					      (json_int_t)r->id, "transaction_id", r->transaction_id,
					      "order_id", r->order_id, "payment_type", r->payment_type,
					      "transaction_status", r->status, "fraud_status",
					      r->fraud_status, "gross_amount", (json_int_t)r->gross_amount,
					      "created_at", (json_int_t)r->created_ms, "customer",
					      r->customer));
}

static int known_status(const char *s)
{
	struct ks_fsm_txn t;
	return ks_fsm_txn_parse(s, "", "bank_transfer", &t);
}

static int known_method(const char *s)
{
	for (int m = 0; m < KS_PM__COUNT; m++)
		if (strcmp(s, ks_paymethod_name((enum ks_paymethod)m)) == 0)
			return 1;
	/* what payments record that is not a Snap channel name */
	return strcmp(s, "bank_transfer") == 0 || strcmp(s, "cstore") == 0;
}

/* An empty query value counts as absent. */
static const char *query(struct ks_http_req *req, const char *name)
{
	const char *v = ks_http_query(req, name);
	return v && *v ? v : NULL;
}

void ks_portal_txn_list(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 0, 0, &c))
		return;
	struct ks_txn_filter f = { .env_id = c.env.id, .limit = PAGE_DEFAULT + 1 };
	json_t *errs = json_object();
	f.order_id = query(req, "order_id");
	f.status = query(req, "status");
	f.method = query(req, "method");
	const char *from = query(req, "from"), *to = query(req, "to");
	const char *cursor = query(req, "cursor"), *limit = query(req, "limit");
	if (f.order_id && strlen(f.order_id) > KS_ORDER_ID_MAX)
		json_object_set_new(errs, "order_id", json_string("order id is at most 50 characters"));
	if (f.status && !known_status(f.status))
		json_object_set_new(errs, "status", json_string("unknown transaction status"));
	if (f.method && !known_method(f.method))
		json_object_set_new(errs, "method", json_string("unknown payment method"));
	if (from && ks_portal_date(from, &f.from_ms))
		json_object_set_new(errs, "from", json_string("must be a date YYYY-MM-DD"));
	if (to && ks_portal_date(to, &f.to_ms))
		json_object_set_new(errs, "to", json_string("must be a date YYYY-MM-DD"));
	else if (to)
		f.to_ms += 86400000; /* the whole last day */
	if (from && to && !json_object_size(errs) && f.from_ms >= f.to_ms)
		json_object_set_new(errs, "to", json_string("must not be before the start date"));
	if (cursor) {
		long long ms = 0, id = 0;
		char tail;
		if (sscanf(cursor, "%lld.%lld%c", &ms, &id, &tail) != 2 || ms < 0 || id <= 0)
			json_object_set_new(errs, "cursor", json_string("malformed page cursor"));
		f.before_ms = ms;
		f.before_id = id;
	}
	if (limit) {
		char *end;
		unsigned long n = strtoul(limit, &end, 10);
		if (*end || n < 1 || n > PAGE_MAX)
			json_object_set_new(errs, "limit", json_string("must be 1 to 100"));
		else
			f.limit = (unsigned)n + 1;
	}
	if (json_object_size(errs)) {
		ks_portal_field_errors(req, errs);
		return;
	}
	json_decref(errs);
	json_t *rows = json_array();
	/* one row more than the page says whether another page follows */
	int rc = ks_store_txn_list(app->store, &f, list_row, rows);
	if (rc) {
		json_decref(rows);
		ks_portal_error(req, ks_err_http_status(rc), ks_err_message(rc));
		return;
	}
	json_t *next = json_null();
	if (json_array_size(rows) == f.limit) {
		json_array_remove(rows, f.limit - 1);
		json_t *last = json_array_get(rows, f.limit - 2);
		char buf[48];
		snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT ".%" JSON_INTEGER_FORMAT,
			 json_integer_value(json_object_get(last, "created_at")),
			 json_integer_value(json_object_get(last, "id")));
		next = json_string(buf);
	}
	ks_reply_json(req, 200, json_pack("{s:o,s:o}", "transactions", rows, "next", next));
}

/* The payment {id} of the context's environment, with its order; answers
 * 404 (also for another environment's) and returns -1 when not found. */
static int load(struct ks_http_req *req, const struct ks_portal_ctx *c, struct ks_payment *p,
		struct ks_order *o)
{
	struct ks_app *app = ks_http_app(req);
	const char *id = ks_http_param(req, 1);
	int rc = ks_store_payment_get(app->store, id, p);
	if (!rc && p->env_id != c->env.id) {
		ks_payment_release(p);
		rc = KS_ERR_NOT_FOUND;
	}
	if (!rc) {
		rc = ks_store_order_by_ref(app->store, p->order_ref, o);
		if (rc)
			ks_payment_release(p);
	}
	if (rc) {
		ks_portal_error(req, rc == KS_ERR_NOT_FOUND ? 404 : ks_err_http_status(rc),
				rc == KS_ERR_NOT_FOUND ? NOT_FOUND : ks_err_message(rc));
		return -1;
	}
	return 0;
}

static void history_row(void *arg, const struct ks_history_row *h)
{
	json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s}", "at", (json_int_t)h->at_ms, "from",
					     h->from_status, "to", h->to_status, "cause", h->cause));
}

/* Rows come ordered by outbox id, then attempt: one object per outbox row
 * with its attempts. */
static void delivery_row(void *arg, const struct ks_delivery_row *d)
{
	json_t *list = arg;
	json_t *last = json_array_get(list, json_array_size(list) - 1);
	if (!last || json_integer_value(json_object_get(last, "id")) != d->outbox_id) {
		last = json_pack("{s:I,s:s,s:s,s:s,s:I,s:[]}", "id", (json_int_t)d->outbox_id, "kind",
				 d->kind, "target", d->target, "state", d->state, "created_at",
				 (json_int_t)d->created_ms, "attempts");
		json_array_append_new(list, last);
	}
	if (d->attempt_at_ms)
		json_array_append_new(json_object_get(last, "attempts"),
				      json_pack("{s:I,s:i,s:I,s:s}", "at", (json_int_t)d->attempt_at_ms,
						"http_status", d->http_status, "latency_ms",
						(json_int_t)d->latency_ms, "error", d->error));
}

/* The actions a merchant may take now, as the buttons name them. */
static json_t *actions_json(const struct ks_order *o, const struct ks_payment *p)
{
	json_t *a = json_array();
	struct ks_fsm_txn t;
	if (ks_fsm_txn_parse(p->status, p->fraud_status, p->payment_type, &t)) {
		ks_fsm_event_set set = ks_fsm_allowed(&t);
		for (int e = 0; e < KS_FSM__EVENT_COUNT; e++)
			if ((set & KS_FSM_EV_BIT(e)) &&
			    ks_fsm_event_actor((enum ks_fsm_event)e) == KS_FSM_BY_MERCHANT)
				json_array_append_new(a, json_string(ks_fsm_event_name((enum ks_fsm_event)e)));
	}
	struct ks_notices n;
	ks_notices_build(&n, o, p);
	if (n.n)
		json_array_append_new(a, json_string("resend"));
	ks_notices_release(&n);
	return a;
}

void ks_portal_txn_get(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_portal_ctx c;
	struct ks_payment p;
	struct ks_order o;
	if (ks_portal_begin(req, 0, 0, &c) || load(req, &c, &p, &o))
		return;
	json_t *history = json_array(), *deliveries = json_array();
	int rc = ks_store_txn_history(app->store, p.id, history_row, history);
	if (!rc)
		rc = ks_store_txn_deliveries(app->store, p.transaction_id, delivery_row, deliveries);
	json_t *request = json_loads(o.request_json ? o.request_json : "null", JSON_DECODE_ANY, NULL);
	json_t *details = json_loads(p.details ? p.details : "{}", 0, NULL);
	json_t *out = json_pack(
		"{s:{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:o},"
		"s:{s:s,s:s,s:I,s:I,s:I,s:o},s:o,s:o,s:o}",
		"transaction", "transaction_id", p.transaction_id, "payment_type", p.payment_type,
		"transaction_status", p.status, "fraud_status", p.fraud_status, "status_code",
		p.status_code, "status_message", p.status_message, "order_id", o.order_id,
		"gross_amount", (json_int_t)p.gross_amount, "created_at", (json_int_t)p.created_ms,
		"updated_at", (json_int_t)p.updated_ms, "details", details ? details : json_object(),
		"order", "order_id", o.order_id, "token", o.token, "gross_amount",
		(json_int_t)o.gross_amount, "created_at", (json_int_t)o.created_ms, "expires_at",
		(json_int_t)o.expires_ms, "request", request ? request : json_null(),
		"history", history, "deliveries", deliveries, "actions", actions_json(&o, &p));
	ks_payment_release(&p);
	ks_order_release(&o);
	if (rc) {
		json_decref(out);
		ks_portal_error(req, ks_err_http_status(rc), ks_err_message(rc));
		return;
	}
	ks_reply_json(req, 200, out);
}

/* ---- actions ---- */

struct action {
	struct ks_http_req *req;
	struct ks_order order;
	struct ks_payment pay;
	struct ks_txn_change ch;
	struct ks_notices notices; /* resend */
	struct ks_store_write resend;
};

static void action_free(struct action *a)
{
	ks_txn_change_release(&a->ch);
	ks_notices_release(&a->notices);
	ks_order_release(&a->order);
	ks_payment_release(&a->pay);
	free(a);
}

static void action_done(struct ks_store_write *w, void *arg)
{
	struct action *a = arg;
	struct ks_http_req *req = a->req;
	if (w->rc == KS_OK)
		ks_reply_json(req, 200, json_pack("{s:s,s:s}", "transaction_status", a->pay.status,
						  "fraud_status", a->pay.fraud_status));
	else if (w->rc == KS_ERR_CONFLICT)
		ks_portal_error(req, 409, "the transaction changed meanwhile; reload it");
	else
		ks_portal_error(req, ks_err_http_status(w->rc), ks_err_message(w->rc));
	action_free(a);
	ks_http_resume(req);
}

/* A positive whole amount from the body's member name; 0 when absent, -1
 * when malformed. */
static int64_t amount_of(json_t *body, const char *name)
{
	json_t *v = json_object_get(body, name);
	if (!v || json_is_null(v) || (json_is_string(v) && !*json_string_value(v)))
		return 0;
	if (json_is_integer(v) && json_integer_value(v) > 0)
		return (int64_t)json_integer_value(v);
	if (json_is_string(v)) {
		char *end;
		long long n = strtoll(json_string_value(v), &end, 10);
		if (!*end && n > 0 && n < 1000000000000000LL)
			return n;
	}
	return -1;
}

static int resend(struct action *a, struct ks_app *app)
{
	ks_notices_build(&a->notices, &a->order, &a->pay);
	if (!a->notices.n) {
		ks_portal_error(a->req, 409, "no Payment Notification URL or email address is set");
		return -1;
	}
	a->resend.kind = KS_WRITE_OUTBOX_RESEND;
	a->resend.u.resend = (struct ks_outbox_resend){
		.env_id = a->pay.env_id,
		.payment_id = a->pay.id,
		.transaction_id = a->pay.transaction_id,
		.at_ms = ks_env_now_ms(&a->order.env),
		.outbox = a->notices.rows,
		.n_outbox = a->notices.n,
	};
	a->resend.done = action_done;
	a->resend.arg = a;
	ks_http_suspend(a->req);
	ks_store_submit(app->store, &a->resend);
	return 0;
}

void ks_portal_txn_action(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_portal_ctx c;
	if (ks_portal_begin(req, 1, 0, &c))
		return;
	const char *verb = ks_http_param(req, 2);
	enum ks_fsm_event ev = KS_FSM_EV_APPROVE;
	int is_resend = strcmp(verb, "resend") == 0;
	if (!is_resend && (!ks_fsm_event_parse(verb, &ev) ||
			   ks_fsm_event_actor(ev) != KS_FSM_BY_MERCHANT)) {
		ks_portal_error(req, 404, "unknown action");
		return;
	}
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	int64_t amount = amount_of(body, "amount");
	const char *reason = json_string_value(json_object_get(body, "reason"));
	if (amount < 0) {
		ks_portal_field_errors(req, json_pack("{s:s}", "amount",
						      "must be a positive whole number of rupiah"));
		json_decref(body);
		return;
	}
	struct action *a = ks_xcalloc(1, sizeof(*a));
	a->req = req;
	if (load(req, &c, &a->pay, &a->order)) {
		free(a);
		json_decref(body);
		return;
	}
	if (is_resend) {
		if (resend(a, app))
			action_free(a);
		json_decref(body);
		return;
	}
	struct ks_fsm_args args = { 0 };
	char *details = NULL;
	if (ev == KS_FSM_EV_REFUND) {
		ks_txn_refund_prepare(&a->pay, NULL, reason, amount, &args, &details);
	} else if (ev == KS_FSM_EV_CAPTURE) {
		if (amount > a->pay.gross_amount) {
			ks_portal_field_errors(req, json_pack("{s:s}", "amount",
							      "more than was authorized"));
			goto fail;
		}
		details = ks_txn_capture_details(&a->pay, amount);
	}
	json_decref(body);
	body = NULL;
	if (ks_txn_change_prepare(&a->ch, &a->order, &a->pay, ev,
				  ev == KS_FSM_EV_REFUND ? &args : NULL, details, NULL,
				  ks_env_now_ms(&a->order.env), app->settlement_minute)) {
		ks_portal_error(req, 409, "this action is not allowed in the transaction's state");
		goto fail;
	}
	a->ch.w.done = action_done;
	a->ch.w.arg = a;
	ks_log(KS_LOG_INFO, ks_http_reqid(req), "portal: merchant %s %s %s", c.account.code, verb,
	       a->pay.transaction_id);
	ks_http_suspend(req);
	ks_store_submit(app->store, &a->ch.w);
	return;
fail:
	json_decref(body);
	action_free(a);
}
