/* This file contains the merchant actions of the Core API (SPEC §6.1):
 * approve, deny, cancel, expire, capture and refund. Each goes through the
 * state machine (core/fsm.h), and its change, history row and
 * notifications are written in one transaction before the answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "txn/action.h"
#include "txn/change.h"
#include "api/reply.h"
#include "txn/result.h"
#include "core/amount.h"
#include "core/errors.h"
#include "core/fsm.h"
#include "core/jsonlimit.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

struct action_ctx {
	struct ks_http_req *req;
	enum ks_fsm_event ev;
	struct ks_env env;
	struct ks_order order;
	struct ks_payment pay;
	struct ks_txn_change ch;
};

static void ctx_free(struct action_ctx *c)
{
	ks_txn_change_release(&c->ch);
	ks_order_release(&c->order);
	ks_payment_release(&c->pay);
	free(c);
}

static void refuse(struct ks_http_req *req)
{
	ks_reply_core(req, 412, KS_FSM_REFUSED_MESSAGE, NULL);
}

static void action_done(struct ks_store_write *w, void *arg)
{
	struct action_ctx *c = arg;
	if (w->rc == KS_OK) {
		json_t *r = ks_txn_status_json(&c->env, &c->order, &c->pay,
					       ks_fsm_event_reply_message(c->ev));
		json_object_set_new(r, "status_code", json_string(ks_fsm_event_reply_code(c->ev)));
		json_object_del(r, "signature_key");
		ks_reply_json(c->req, 200, r);
	} else if (w->rc == KS_ERR_CONFLICT) {
		refuse(c->req); /* changed by someone else meanwhile */
	} else {
		ks_log(KS_LOG_ERROR, ks_http_reqid(c->req), "action not stored: %s",
		       ks_err_message(w->rc));
		ks_reply_core(c->req, ks_err_http_status(w->rc), ks_err_message(w->rc), NULL);
	}
	struct ks_http_req *req = c->req;
	ctx_free(c);
	ks_http_resume(req);
}

/* Applies ev to the payment in c and submits the change; answers itself
 * (412) when refused. details, when non-NULL, replaces the payment's
 * method fields (taken). */
static int apply(struct action_ctx *c, const struct ks_fsm_args *args, char *details)
{
	struct ks_app *app = ks_http_app(c->req);
	if (ks_txn_change_prepare(&c->ch, &c->order, &c->pay, c->ev, args, details, NULL,
				  ks_env_now_ms(&c->env), app->settlement_minute)) {
		refuse(c->req);
		return -1;
	}
	c->ch.w.done = action_done;
	c->ch.w.arg = c;
	ks_http_suspend(c->req);
	ks_store_submit(app->store, &c->ch.w);
	return 0;
}

/* The body of an action: empty, {} or null (the clients send each), or an
 * object. Answers 400 itself for anything else. */
static int body_json(struct ks_http_req *req, json_t **out)
{
	size_t len;
	const char *text = ks_http_body(req, &len);
	*out = NULL;
	size_t i = 0;
	while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
		i++;
	if (i == len)
		return 0;
	json_t *v = ks_json_depth(text, len) <= KS_JSON_MAX_DEPTH
			    ? json_loadb(text, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL)
			    : NULL;
	if (v && (json_is_object(v) || json_is_null(v))) {
		*out = json_is_object(v) ? v : (json_decref(v), NULL);
		return 0;
	}
	json_decref(v);
	ks_reply_core(req, 400, "There was a problem in the JSON you submitted", NULL);
	return -1;
}

static struct action_ctx *ctx_load(struct ks_http_req *req, const char *id, enum ks_fsm_event ev)
{
	struct action_ctx *c = ks_xcalloc(1, sizeof(*c));
	c->req = req;
	c->ev = ev;
	if (ks_api_find_payment(req, id, &c->env, &c->pay, &c->order)) {
		free(c);
		return NULL;
	}
	return c;
}

void ks_api_action(struct ks_http_req *req)
{
	const char *path = ks_http_path(req);
	const char *verb = strrchr(path, '/') + 1; /* the route ends in /{verb} */
	enum ks_fsm_event ev;
	json_t *body;
	if (!ks_fsm_event_parse(verb, &ev) || !ks_fsm_event_reply_code(ev)) {
		ks_reply_core(req, 404, "the requested URL was not found", NULL);
		return;
	}
	if (body_json(req, &body))
		return;
	json_decref(body);
	struct action_ctx *c = ctx_load(req, ks_http_param(req, 0), ev);
	if (c && apply(c, NULL, NULL))
		ctx_free(c);
}

static void bad_field(struct ks_http_req *req, const char *msg)
{
	struct ks_errlist e = KS_ERRLIST_INIT;
	ks_errlist_add(&e, "%s", msg);
	ks_reply_core(req, 400, "One or more parameters in the payload is invalid.", &e);
	ks_errlist_release(&e);
}

void ks_api_refund(struct ks_http_req *req)
{
	json_t *body;
	if (body_json(req, &body))
		return;
	const char *key = json_string_value(json_object_get(body, "refund_key"));
	const char *reason = json_string_value(json_object_get(body, "reason"));
	json_t *amt = json_object_get(body, "amount");
	struct action_ctx *c = NULL;
	if (key && (strlen(key) > 255 || !*key)) {
		bad_field(req, "refund_key must be 1 to 255 characters");
		goto out;
	}
	if (amt && !json_is_null(amt) && ks_json_amount(amt) < 0) {
		bad_field(req, "amount must be a positive whole number of rupiah");
		goto out;
	}
	if (!(c = ctx_load(req, ks_http_param(req, 0), KS_FSM_EV_REFUND)))
		goto out;
	struct ks_fsm_args args;
	char *text;
	int64_t want = amt && !json_is_null(amt) ? ks_json_amount(amt) : 0;
	if (ks_txn_refund_prepare(&c->pay, key, reason, want, &args, &text) ==
	    KS_REFUND_REPEATED) {
		/* a repeated refund_key: answered with the state as it is */
		json_t *r = ks_txn_status_json(&c->env, &c->order, &c->pay,
					       ks_fsm_event_reply_message(c->ev));
		json_object_set_new(r, "status_code", json_string(ks_fsm_event_reply_code(c->ev)));
		json_object_del(r, "signature_key");
		ks_reply_json(req, 200, r);
		goto out;
	}
	if (apply(c, &args, text) == 0)
		c = NULL; /* the write owns it now */
out:
	json_decref(body);
	if (c)
		ctx_free(c);
}

void ks_api_capture(struct ks_http_req *req)
{
	json_t *body;
	if (body_json(req, &body))
		return;
	const char *txid = json_string_value(json_object_get(body, "transaction_id"));
	int64_t amount = ks_json_amount(json_object_get(body, "gross_amount"));
	struct action_ctx *c = NULL;
	if (!txid) {
		bad_field(req, "transaction_id is required");
		goto out;
	}
	if (json_object_get(body, "gross_amount") && amount < 0) {
		bad_field(req, "gross_amount must be a positive whole number of rupiah");
		goto out;
	}
	if (!(c = ctx_load(req, txid, KS_FSM_EV_CAPTURE)))
		goto out;
	if (amount > c->pay.gross_amount) {
		refuse(req); /* more than was authorized */
		goto out;
	}
	char *details = ks_txn_capture_details(&c->pay, amount);
	if (apply(c, NULL, details) == 0)
		c = NULL;
out:
	json_decref(body);
	if (c)
		ctx_free(c);
}
