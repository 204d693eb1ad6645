/* This file contains the charge of every payment channel but the card
 * (POST /snap/v1/transactions/{token}/pay with a Core API charge body of
 * SPEC §4): numbers issued for VAs, bills and stores (unique among live
 * payments by the database: a taken number is replaced by a random one),
 * redirects to the simulated banks, and the sandbox credentials decided at
 * once. The answer is sent only once the payment is durable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/pay.h"
#include "api/reply.h"
#include "core/channel.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/timefmt.h"
#include "txn/notice.h"
#include "txn/result.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Attempts at a free number before giving up: the custom one, then random
 * ones (a random collision among live numbers is very unlikely). */
#define NUMBER_TRIES 6

struct chan_ctx {
	struct ks_http_req *req;
	struct ks_app *app;
	struct ks_order order;
	struct ks_payment pay;
	struct ks_chan_charge ch;
	char number[KS_CHAN_NUMBER_MAX + 1];
	struct ks_payment_number num;
	struct ks_notices notices;
	struct ks_store_write w;
	int tries;
};

static void ctx_free(struct chan_ctx *c)
{
	ks_notices_release(&c->notices);
	ks_order_release(&c->order);
	ks_payment_release(&c->pay);
	free(c);
}

/* The custom number the request asked for this channel, or NULL. */
static const char *custom_number(const struct chan_ctx *c)
{
	switch (c->ch.chan) {
	case KS_CHAN_PERMATA_VA:
		return c->order.permata_va;
	case KS_CHAN_BCA_VA:
		return c->order.bca_va;
	case KS_CHAN_BNI_VA:
		return c->order.bni_va;
	default:
		return NULL;
	}
}

/* Picks the number of this try: the custom one first, then random ones. */
static void pick_number(struct chan_ctx *c)
{
	enum ks_chan ch = c->ch.chan;
	if (ks_chan_kind(ch) == KS_CHAN_KIND_KLIKBCA) {
		snprintf(c->number, sizeof(c->number), "%s", c->ch.user_id);
		return;
	}
	char random[KS_CHAN_NUMBER_MAX + 1];
	ks_chan_random_digits(random, ks_chan_number_digits(ch));
	const char *custom = c->tries == 0 ? custom_number(c) : NULL;
	ks_chan_number_compose(ch, custom, random, c->number);
}

/* The method fields stored with the payment and shown in its results. */
static char *details_json(struct chan_ctx *c)
{
	enum ks_chan ch = c->ch.chan;
	json_t *d = json_object();
	if (strcmp(c->pay.status, "pending") == 0) {
		char when[32];
		ks_time_format_jakarta(c->pay.due_ms, when, sizeof(when));
		json_object_set_new(d, "expiry_time", json_string(when));
	}
	switch (ch) {
	case KS_CHAN_PERMATA_VA:
		json_object_set_new(d, "permata_va_number", json_string(c->number));
		break;
	case KS_CHAN_BCA_VA:
	case KS_CHAN_BNI_VA:
		json_object_set_new(d, "va_numbers",
				    json_pack("[{s:s,s:s}]", "bank", ks_chan_bank(ch), "va_number",
					      c->number));
		break;
	case KS_CHAN_ECHANNEL:
		json_object_set_new(d, "bill_key", json_string(c->number));
		json_object_set_new(d, "biller_code", json_string(KS_CHAN_BILLER_CODE));
		break;
	case KS_CHAN_INDOMARET:
	case KS_CHAN_KIOSON:
		json_object_set_new(d, "payment_code", json_string(c->number));
		json_object_set_new(d, "store", json_string(ks_chan_bank(ch)));
		break;
	case KS_CHAN_BCA_KLIKBCA:
		json_object_set_new(d, "redirect_url",
				    json_sprintf("%s/sim/bca_klikbca", c->app->public_url));
		break;
	case KS_CHAN_MANDIRI_CLICKPAY:
		if (c->ch.masked[0])
			json_object_set_new(d, "masked_card", json_string(c->ch.masked));
		break;
	default:
		if (ks_chan_kind(ch) == KS_CHAN_KIND_REDIRECT)
			json_object_set_new(d, "redirect_url",
					    json_sprintf("%s/sim/%s/%s", c->app->public_url,
							 ks_chan_name(ch), c->pay.transaction_id));
		break;
	}
	/* kasir's own bookkeeping ("_" fields never leave): which tile */
	json_object_set_new(d, "_channel", json_string(ks_chan_name(ch)));
	char *out = json_dumps(d, JSON_COMPACT);
	json_decref(d);
	return out;
}

static void submit(struct chan_ctx *c);

static void charge_done(struct ks_store_write *w, void *arg)
{
	struct chan_ctx *c = arg;
	if (w->rc == KS_ERR_CONFLICT && w->conflict && strcmp(w->conflict, "payment number") == 0 &&
	    ks_chan_kind(c->ch.chan) == KS_CHAN_KIND_NUMBER && ++c->tries < NUMBER_TRIES) {
		/* taken by another live payment (SPEC 2.5): a random one instead */
		w->conflict = NULL;
		submit(c);
		return;
	}
	if (w->rc == KS_OK) {
		json_t *r = ks_result_json(&c->order, &c->pay);
		ks_reply_json(c->req, (int)strtol(c->pay.status_code, NULL, 10), r);
	} else if (w->rc == KS_ERR_PROCESSED || w->rc == KS_ERR_CONFLICT) {
		ks_reply_core(c->req, 406, ks_err_message(KS_ERR_PROCESSED), NULL);
	} else {
		ks_log(KS_LOG_ERROR, ks_http_reqid(c->req), "payment not stored: %s",
		       ks_err_message(w->rc));
		ks_reply_core(c->req, ks_err_http_status(w->rc), ks_err_message(w->rc), NULL);
	}
	struct ks_http_req *req = c->req;
	ctx_free(c);
	ks_http_resume(req);
}

/* Prepares this try's number, fields and notifications, and queues it. */
static void submit(struct chan_ctx *c)
{
	enum ks_chan_kind kind = ks_chan_kind(c->ch.chan);
	int pending = strcmp(c->pay.status, "pending") == 0;
	c->number[0] = '\0';
	if (pending && (kind == KS_CHAN_KIND_NUMBER || kind == KS_CHAN_KIND_KLIKBCA))
		pick_number(c);
	free(c->pay.details);
	c->pay.details = details_json(c);
	ks_notices_release(&c->notices);
	ks_notices_build(&c->notices, &c->order, &c->pay);
	c->num = (struct ks_payment_number){ ks_chan_name(c->ch.chan), c->number };
	memset(&c->w, 0, sizeof(c->w));
	c->w.kind = KS_WRITE_PAYMENT_CREATE;
	c->w.u.payment.p = &c->pay;
	c->w.u.payment.cause = "charge";
	/* a pending or paid payment holds the token; a denial lets the
	 * customer try again, as for cards */
	c->w.u.payment.mark_processed = c->ch.outcome != KS_CHAN_DENIED;
	c->w.u.payment.number = c->number[0] ? &c->num : NULL;
	c->w.u.payment.outbox = c->notices.rows;
	c->w.u.payment.n_outbox = c->notices.n;
	c->w.done = charge_done;
	c->w.arg = c;
	ks_store_submit(c->app->store, &c->w);
}

static void fill_payment(struct chan_ctx *c, int64_t now)
{
	static const char *const status[] = {
		[KS_CHAN_PENDING] = "pending", [KS_CHAN_SUCCESS] = "settlement",
		[KS_CHAN_DENIED] = "deny",
	};
	static const char *const code[] = {
		[KS_CHAN_PENDING] = "201", [KS_CHAN_SUCCESS] = "200", [KS_CHAN_DENIED] = "202",
	};
	struct ks_payment *p = &c->pay;
	p->order_ref = c->order.id;
	p->env_id = c->order.env.id;
	p->gross_amount = c->order.gross_amount;
	p->created_ms = p->updated_ms = now;
	ks_uuid_v7_new(now, p->transaction_id);
	snprintf(p->payment_type, sizeof(p->payment_type), "%s", ks_chan_payment_type(c->ch.chan));
	snprintf(p->status, sizeof(p->status), "%s", status[c->ch.outcome]);
	snprintf(p->fraud_status, sizeof(p->fraud_status), "accept");
	snprintf(p->status_code, sizeof(p->status_code), "%s", code[c->ch.outcome]);
	snprintf(p->status_message, sizeof(p->status_message), "%s",
		 ks_chan_message(c->ch.chan, c->ch.outcome));
	if (c->ch.outcome == KS_CHAN_PENDING) {
		json_t *req = json_loads(c->order.request_json, JSON_DECODE_ANY, NULL);
		bool has_expiry = json_is_object(json_object_get(req, "expiry"));
		json_decref(req);
		p->due_ms = ks_chan_due(c->ch.chan, now, c->order.expires_ms, has_expiry);
	}
}

void ks_pay_channel_charge(struct ks_http_req *req, struct ks_order *o, const json_t *body)
{
	struct chan_ctx *c = ks_xcalloc(1, sizeof(*c));
	c->req = req;
	c->app = ks_http_app(req);
	c->order = *o;
	memset(o, 0, sizeof(*o)); /* ours now */
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = ks_chan_charge_parse(body, &c->ch, &errs);
	ks_paymethod_set allowed = ks_chan_allowed_by(c->ch.chan);
	if (c->ch.known && c->order.enabled_payments && !(c->order.enabled_payments & allowed)) {
		char msg[128];
		snprintf(msg, sizeof(msg), "Payment channel is not activated: %s",
			 ks_chan_name(c->ch.chan));
		ks_reply_core(req, 402, msg, NULL);
		goto fail;
	}
	if (rc) {
		ks_reply_core(req, 400, ks_err_message(KS_ERR_INVALID), &errs);
		goto fail;
	}
	ks_errlist_release(&errs);
	fill_payment(c, ks_env_now_ms(&c->order.env));
	ks_http_suspend(req); /* first: the writer may finish before submit returns */
	submit(c);
	return;
fail:
	ks_errlist_release(&errs);
	ctx_free(c);
}
