/* This file contains the write side of the payment page API: the card
 * charge (POST /snap/v1/transactions/{token}/pay) and the end of its 3-D
 * Secure step (POST /snap/v1/3ds/{transaction_id}). A result is answered
 * only once its payment is durable. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/ccopts.h"
#include "api/handlers.h"
#include "txn/notice.h"
#include "api/pay.h"
#include "api/reply.h"
#include "txn/result.h"
#include "api/vault.h"
#include "core/acquirer.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/jsonlimit.h"
#include "core/paymethod.h"
#include "core/timefmt.h"
#include "api/savedcard.h"
#include "core/schedule.h"
#include "txn/change.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* One charge or 3-D Secure completion in flight. */
struct charge_ctx {
	struct ks_http_req *req;
	struct ks_order order;
	struct ks_payment pay;
	struct ks_saved_card saved;
	struct ks_notices notices;    /* a charge's notifications */
	struct ks_txn_change change;  /* or a 3-D Secure completion */
	struct ks_store_write w;
};

static int http_status_of(const char *status_code)
{
	long v = strtol(status_code, NULL, 10);
	return v >= 200 && v < 600 ? (int)v : 500;
}

static void charge_done(struct ks_store_write *w, void *arg)
{
	struct charge_ctx *c = arg;
	if (w->rc == KS_OK) {
		json_t *r = ks_result_json(&c->order, &c->pay);
		ks_reply_json(c->req, http_status_of(c->pay.status_code), r);
	} else if (w->rc == KS_ERR_PROCESSED || w->rc == KS_ERR_CONFLICT) {
		ks_reply_core(c->req, 406, ks_err_message(KS_ERR_PROCESSED), NULL);
	} else {
		ks_log(KS_LOG_ERROR, ks_http_reqid(c->req), "payment not stored: %s",
		       ks_err_message(w->rc));
		ks_reply_core(c->req, ks_err_http_status(w->rc), ks_err_message(w->rc), NULL);
	}
	ks_notices_release(&c->notices);
	ks_txn_change_release(&c->change);
	ks_order_release(&c->order);
	ks_payment_release(&c->pay);
	struct ks_http_req *req = c->req;
	free(c);
	ks_http_resume(req);
}

/* The method fields of a card decision, as stored with the payment. */
static char *card_details(const struct ks_acquirer_decision *d, const struct ks_order *o,
			  const char *redirect, const struct ks_saved_card *saved)
{
	json_t *j = json_pack("{s:s,s:s,s:s,s:s}", "masked_card", d->masked_card, "bank", d->bank,
			      "card_type", d->card_type, "_merchant_name", o->env.merchant_name);
	const char *opt[][2] = {
		{ "approval_code", d->approval_code }, { "eci", d->eci },
		{ "channel_response_code", d->channel_response_code },
		{ "channel_response_message", d->channel_response_message },
		{ "redirect_url", redirect },
	};
	for (size_t i = 0; i < sizeof(opt) / sizeof(opt[0]); i++)
		if (opt[i][1] && opt[i][1][0])
			json_object_set_new(j, opt[i][0], json_string(opt[i][1]));
	if (d->installment_term)
		json_object_set_new(j, "installment_term", json_integer(d->installment_term));
	if (saved) {
		char when[32];
		ks_time_format_jakarta(saved->expires_ms, when, sizeof(when));
		json_object_set_new(j, "saved_token_id", json_string(saved->token));
		json_object_set_new(j, "saved_token_id_expired_at", json_string(when));
	}
	char *out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return out;
}

static void fill_payment(struct ks_payment *p, const struct ks_order *o,
			 const struct ks_acquirer_decision *d, int64_t now)
{
	p->order_ref = o->id;
	p->env_id = o->env.id;
	p->gross_amount = o->gross_amount;
	p->created_ms = p->updated_ms = now;
	snprintf(p->payment_type, sizeof(p->payment_type), "credit_card");
	snprintf(p->status, sizeof(p->status), "%s", d->transaction_status);
	snprintf(p->fraud_status, sizeof(p->fraud_status), "%s", d->fraud_status);
	snprintf(p->status_code, sizeof(p->status_code), "%s", d->status_code);
	snprintf(p->status_message, sizeof(p->status_message), "%s", d->status_message);
}

/* A charge that went through or was held counts as processing the order. */
static int processes_order(const struct ks_acquirer_decision *d)
{
	return d->result == KS_ACQUIRER_ACCEPTED || d->result == KS_ACQUIRER_CHALLENGED;
}

/* Save the card when the token offers it, the customer asked, the charge
 * went through (or was held), and it is not a saved card already. */
static int wants_saving(const struct ks_order *o, const struct ks_card_secret *card,
			const struct ks_acquirer_decision *d)
{
	return o->cc_save_card && card->save_card && !card->one_click && processes_order(d);
}

/* A card charge the token allows: 0 to go on, or -1 after answering 402. */
static int check_card_allowed(struct ks_http_req *req, const struct ks_order *o)
{
	if (o->enabled_payments && !(o->enabled_payments & KS_PM_BIT(KS_PM_CREDIT_CARD))) {
		ks_reply_core(req, 402, "Payment channel is not activated: credit_card", NULL);
		return -1;
	}
	return 0;
}

/* Parses the request body (JSON object); answers 400 itself on failure. */
static json_t *body_object(struct ks_http_req *req)
{
	size_t len;
	const char *text = ks_http_body(req, &len);
	json_t *b = NULL;
	if (ks_json_depth(text, len) <= KS_JSON_MAX_DEPTH)
		b = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(b)) {
		json_decref(b);
		ks_reply_core(req, 400, "There was a problem in the JSON you submitted", NULL);
		return NULL;
	}
	return b;
}

static void submit(struct ks_http_req *req, struct charge_ctx *c)
{
	c->req = req;
	c->w.done = charge_done;
	c->w.arg = c;
	ks_http_suspend(req); /* first: the writer may finish before submit returns */
	ks_store_submit(((struct ks_app *)ks_http_app(req))->store, &c->w);
}

/* Runs the acquirer on a card from the vault; answers 400 itself. */
static int decide(struct ks_http_req *req, const struct ks_order *o,
		  const struct ks_card_secret *card, const char *otp, struct ks_acquirer_decision *d)
{
	struct ks_ccopts cc;
	ks_ccopts_load(&cc, o);
	struct ks_acquirer_input in = {
		.card_number = card->number,
		.exp_month = card->exp_month,
		.exp_year = card->exp_year,
		.cvv = card->cvv,
		.now_ms = ks_env_now_ms(&o->env),
		.installment_term = card->installment_term,
		.approval_random = randombytes_random(),
		.cc = cc.opt,
	};
	if (card->one_click)
		in.cc.secure = false; /* a one-click card skips 3-D Secure (SPEC 5.2) */
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = otp ? ks_acquirer_complete_3ds(&in, otp, d, &errs)
		     : ks_acquirer_charge(&in, d, &errs);
	ks_ccopts_release(&cc);
	if (rc)
		ks_reply_core(req, 400, "One or more parameters in the payload is invalid.", &errs);
	ks_errlist_release(&errs);
	return rc;
}

/* Takes the card token of the body out of the vault; answers 411 itself.
 * Card tokens and parked 3-D Secure cards live in real time, not in the
 * environment's: their ten minutes bound how long a secret is held. */
static int take_card(struct ks_http_req *req, const struct ks_order *o, json_t *body,
		     struct ks_card_secret *card)
{
	json_t *cc = json_object_get(body, "credit_card");
	const char *id = json_string_value(json_object_get(cc, "token_id"));
	if (!id || ks_vault_take(id, ks_clock_now_ms(), card) != 0 ||
	    !ks_pay_client_key_ok(&o->env, card->client_key)) {
		sodium_memzero(card, sizeof(*card));
		ks_reply_core(req, 411, "Token id is missing, invalid, used or expired", NULL);
		return -1;
	}
	json_t *term = json_object_get(cc, "installment_term");
	card->installment_term = json_is_integer(term) ? (int)json_integer_value(term) : 0;
	card->save_card = json_is_true(json_object_get(cc, "save_card"));
	return 0;
}

/* Keeps the card in memory for the ACS page; the redirect it answers. */
static char *park_for_3ds(struct ks_http_req *req, const struct ks_order *o,
			  struct ks_card_secret *card, const char *txid)
{
	struct ks_app *app = ks_http_app(req);
	char key[KS_VAULT_ID_MAX + 1];
	snprintf(key, sizeof(key), "3ds:%s", txid);
	snprintf(card->snap_token, sizeof(card->snap_token), "%s", o->token);
	card->expires_ms = ks_clock_now_ms() + KS_VAULT_TTL_MS;
	if (ks_vault_put(key, card) != 0)
		return NULL;
	return ks_xasprintf("%s/snap/v1/3ds/%s", app->public_url, txid);
}

void ks_api_pay_charge(struct ks_http_req *req)
{
	struct charge_ctx *c = ks_xcalloc(1, sizeof(*c));
	struct ks_card_secret card;
	struct ks_acquirer_decision d;
	char *redirect = NULL;
	json_t *body = NULL;
	if (ks_pay_load_order(req, ks_http_param(req, 0), NULL, 1, &c->order)) {
		free(c);
		return;
	}
	if (!(body = body_object(req)))
		goto fail;
	const char *type = json_string_value(json_object_get(body, "payment_type"));
	if (!type || strcmp(type, "credit_card") != 0) {
		ks_pay_channel_charge(req, &c->order, body); /* every other method */
		goto fail;
	}
	if (check_card_allowed(req, &c->order) || take_card(req, &c->order, body, &card))
		goto fail;
	int rc = decide(req, &c->order, &card, NULL, &d);
	int64_t now = ks_env_now_ms(&c->order.env);
	ks_uuid_v7_new(now, c->pay.transaction_id);
	if (!rc && d.result == KS_ACQUIRER_NEEDS_3DS &&
	    !(redirect = park_for_3ds(req, &c->order, &card, c->pay.transaction_id))) {
		ks_reply_core(req, 503, ks_err_message(KS_ERR_UNAVAILABLE), NULL);
		rc = -1;
	}
	const struct ks_saved_card *saved = NULL;
	if (!rc && wants_saving(&c->order, &card, &d)) {
		ks_savedcard_make(ks_http_app(req), &c->order, &card, 0, now, &c->saved);
		saved = &c->saved;
	}
	sodium_memzero(&card, sizeof(card));
	if (rc)
		goto fail;
	fill_payment(&c->pay, &c->order, &d, now);
	c->pay.due_ms = ks_schedule_due(c->pay.status, c->pay.fraud_status, now, c->order.expires_ms,
					((struct ks_app *)ks_http_app(req))->settlement_minute);
	c->pay.details = card_details(&d, &c->order, redirect, saved);
	free(redirect);
	c->w.kind = KS_WRITE_PAYMENT_CREATE;
	c->w.u.payment.p = &c->pay;
	c->w.u.payment.cause = "charge";
	c->w.u.payment.mark_processed = processes_order(&d);
	c->w.u.payment.save = saved;
	ks_notices_build(&c->notices, &c->order, &c->pay);
	c->w.u.payment.outbox = c->notices.rows;
	c->w.u.payment.n_outbox = c->notices.n;
	json_decref(body);
	submit(req, c);
	return;
fail:
	json_decref(body);
	ks_order_release(&c->order);
	free(c);
}

void ks_api_3ds_submit(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct charge_ctx *c = ks_xcalloc(1, sizeof(*c));
	struct ks_card_secret card = { 0 };
	struct ks_acquirer_decision d;
	char key[KS_VAULT_ID_MAX + 1];
	const char *txid = ks_http_param(req, 0);
	json_t *body = NULL;
	if (ks_store_payment_get(app->store, txid, &c->pay) != KS_OK) {
		ks_reply_core(req, 404, "transaction not found", NULL);
		goto fail;
	}
	if (strcmp(c->pay.status, "pending") != 0 || strcmp(c->pay.payment_type, "credit_card")) {
		ks_reply_core(req, 406, ks_err_message(KS_ERR_PROCESSED), NULL);
		goto fail;
	}
	snprintf(key, sizeof(key), "3ds:%s", txid);
	if (!(body = body_object(req)))
		goto fail;
	if (ks_vault_take(key, ks_clock_now_ms(), &card) != 0) {
		ks_reply_json(req, 410, json_pack("{s:s,s:s}", "status_code", "407", "status_message",
						  "3-D Secure session has expired"));
		goto fail;
	}
	if (ks_pay_load_order(req, card.snap_token, NULL, 0, &c->order) ||
	    decide(req, &c->order, &card, json_string_value(json_object_get(body, "otp")), &d))
		goto fail;
	const struct ks_saved_card *saved = NULL;
	if (wants_saving(&c->order, &card, &d)) {
		ks_savedcard_make(app, &c->order, &card, 1, ks_env_now_ms(&c->order.env), &c->saved);
		saved = &c->saved;
	}
	sodium_memzero(&card, sizeof(card));
	/* the acquirer's outcome, as the state machine's 3-D Secure event */
	struct ks_fsm_args args = { 0 };
	ks_fsm_fraud_parse(d.fraud_status, &args.fraud);
	enum ks_fsm_event ev = d.result == KS_ACQUIRER_DECLINED ? KS_FSM_EV_3DS_DENY
			       : strcmp(d.transaction_status, "authorize") == 0 ? KS_FSM_EV_3DS_AUTHORIZE
										   : KS_FSM_EV_3DS_CAPTURE;
	c->pay.status_message[0] = '\0';
	if (ks_txn_change_prepare(&c->change, &c->order, &c->pay, ev, &args,
				  card_details(&d, &c->order, NULL, saved), d.status_message,
				  ks_env_now_ms(&c->order.env), app->settlement_minute)) {
		ks_reply_core(req, 406, ks_err_message(KS_ERR_PROCESSED), NULL);
		goto fail;
	}
	c->change.w.u.change.mark_processed = processes_order(&d);
	c->change.w.u.change.save = saved;
	c->w = c->change.w;
	json_decref(body);
	submit(req, c);
	return;
fail:
	sodium_memzero(&card, sizeof(card));
	json_decref(body);
	ks_order_release(&c->order);
	ks_payment_release(&c->pay);
	free(c);
}
