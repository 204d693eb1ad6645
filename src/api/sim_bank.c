/* This file contains the simulated bank pages of the redirect methods
 * (SPEC §7.3, §7.4): GET /sim/{method}/{transaction_id} shows the order and
 * what the bank asks for (a login for CIMB Clicks and BRI ePay; phone, PIN
 * and OTP for Mandiri e-cash; Pay or Cancel for BCA KlikPay, GCI and
 * Danamon Online), and the form posted back to the same URL settles or
 * denies the payment. The result page hands the Transaction Result to the
 * payment page through web/sim.js, or links to the merchant. */
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/sim.h"
#include "core/errors.h"
#include "core/form.h"
#include "txn/result.h"
#include "util/log.h"
#include "util/xalloc.h"

/* Loads the payment of the URL into s; answers the refusal page itself
 * and returns -1 when it cannot be paid here. */
static int load(struct ks_sim *s)
{
	const char *method = ks_http_param(s->req, 0);
	enum ks_sim_text why = KS_T_UNKNOWN_PAYMENT;
	int status = 404;
	s->lang = ks_sim_lang(s->req);
	if (ks_chan_parse(method, &s->chan) && ks_chan_kind(s->chan) == KS_CHAN_KIND_REDIRECT) {
		status = ks_sim_load(s, ks_http_param(s->req, 1), &why);
		if (status == 404 || strcmp(s->pay.payment_type, method) != 0) {
			status = 404;
			why = KS_T_UNKNOWN_PAYMENT;
		}
	}
	if (!status)
		return 0;
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, s->lang, status == 404 ? ks_sim_t(s->lang, KS_T_UNKNOWN_PAYMENT)
						      : ks_chan_label(s->chan), NULL);
	if (status != 404)
		ks_sim_summary(&h, s);
	ks_sim_message(&h, "error", ks_sim_t(s->lang, why));
	ks_sim_page_end(&h, NULL);
	ks_sim_send(s->req, status, &h);
	return -1;
}

static void field(struct ks_html *h, const char *name, const char *label, const char *type)
{
	ks_html_raw(h, "<label for=\"");
	ks_html_text(h, name);
	ks_html_raw(h, "\">");
	ks_html_text(h, label);
	ks_html_raw(h, "</label><input id=\"");
	ks_html_text(h, name);
	ks_html_raw(h, "\" name=\"");
	ks_html_text(h, name);
	ks_html_raw(h, "\" type=\"");
	ks_html_text(h, type);
	ks_html_raw(h, "\" autocomplete=\"off\" required>");
}

static void button(struct ks_html *h, const char *id, const char *value, const char *label,
		   const char *cls)
{
	ks_html_raw(h, "<button type=\"submit\" name=\"action\" id=\"");
	ks_html_text(h, id);
	ks_html_raw(h, "\" value=\"");
	ks_html_text(h, value);
	ks_html_raw(h, "\" class=\"");
	ks_html_text(h, cls);
	ks_html_raw(h, "\">");
	ks_html_text(h, label);
	ks_html_raw(h, "</button>");
}

/* The bank's page for the payment, with an optional message. The form
 * posts back to the page's own URL (its ?lang= included). */
static void bank_page(struct ks_sim *s, int status, enum ks_sim_text error)
{
	enum ks_lang l = s->lang;
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, l, ks_chan_label(s->chan), NULL);
	ks_sim_summary(&h, s);
	if (error != KS_T__COUNT)
		ks_sim_message(&h, "error", ks_sim_t(l, error));
	ks_html_raw(&h, "<form method=\"post\">");
	switch (s->chan) {
	case KS_CHAN_CIMB_CLICKS:
	case KS_CHAN_BRI_EPAY:
		field(&h, "user_id", ks_sim_t(l, KS_T_USER_ID), "text");
		field(&h, "password", ks_sim_t(l, KS_T_PASSWORD), "password");
		button(&h, "login", "pay", ks_sim_t(l, KS_T_LOGIN_PAY), "");
		ks_sim_message(&h, "note", ks_sim_t(l, s->chan == KS_CHAN_CIMB_CLICKS ? KS_T_NOTE_CIMB
										   : KS_T_NOTE_BRI));
		break;
	case KS_CHAN_MANDIRI_ECASH:
		field(&h, "phone", ks_sim_t(l, KS_T_PHONE), "tel");
		field(&h, "pin", ks_sim_t(l, KS_T_PIN), "password");
		field(&h, "otp", ks_sim_t(l, KS_T_OTP), "text");
		button(&h, "pay", "pay", ks_sim_t(l, KS_T_PAY), "");
		ks_sim_message(&h, "note", ks_sim_t(l, KS_T_NOTE_ECASH));
		break;
	default:
		button(&h, "pay", "pay", ks_sim_t(l, KS_T_PAY), "");
		button(&h, "cancel", "cancel", ks_sim_t(l, KS_T_CANCEL), "secondary");
		break;
	}
	ks_html_raw(&h, "</form>\n");
	ks_sim_page_end(&h, NULL);
	ks_sim_send(s->req, status, &h);
}

void ks_api_sim_bank_page(struct ks_http_req *req)
{
	struct ks_sim s = { .req = req, .app = ks_http_app(req) };
	if (!load(&s))
		bank_page(&s, 200, KS_T__COUNT);
	ks_sim_release(&s);
}

static void bank_done(struct ks_store_write *w, void *arg)
{
	struct ks_sim *s = arg;
	struct ks_http_req *req = s->req;
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, s->lang, ks_chan_label(s->chan), NULL);
	ks_sim_summary(&h, s);
	if (w->rc == KS_OK) {
		int paid = strcmp(s->pay.status, "settlement") == 0;
		ks_sim_message(&h, paid ? "ok" : "error",
			       ks_sim_t(s->lang, paid ? KS_T_PAY_OK : KS_T_PAY_DENIED));
		json_t *r = ks_result_json(&s->order, &s->pay);
		const char *back = json_string_value(json_object_get(r, "finish_redirect_url"));
		if (back) {
			ks_html_raw(&h, "<p><a id=\"back\" href=\"");
			ks_html_text(&h, back);
			ks_html_raw(&h, "\">");
			ks_html_text(&h, ks_sim_t(s->lang, KS_T_BACK));
			ks_html_raw(&h, "</a></p>\n");
		}
		ks_sim_page_end(&h, r);
		json_decref(r);
		ks_sim_send(req, 200, &h);
	} else {
		if (w->rc != KS_ERR_CONFLICT)
			ks_log(KS_LOG_ERROR, ks_http_reqid(req), "simulator payment not stored: %s",
			       ks_err_message(w->rc));
		ks_sim_message(&h, "error", ks_sim_t(s->lang, w->rc == KS_ERR_CONFLICT ? KS_T_PROCESSED
										   : KS_T_ERROR));
		ks_sim_page_end(&h, NULL);
		ks_sim_send(req, w->rc == KS_ERR_CONFLICT ? 409 : ks_err_http_status(w->rc), &h);
	}
	ks_sim_release(s);
	free(s);
	ks_http_resume(req);
}

/* What the posted form decides: PAY, PAY_FAIL, or -1 for an unknown user
 * (the page is shown again, nothing changes). */
static int decide(enum ks_chan c, const struct ks_form *f)
{
	const char *action = ks_form_get(f, "action");
	switch (c) {
	case KS_CHAN_CIMB_CLICKS:
	case KS_CHAN_BRI_EPAY:
		switch (ks_cred_bank_login(c, ks_form_get(f, "user_id"))) {
		case KS_CRED_OK:
			return KS_FSM_EV_PAY;
		case KS_CRED_FAIL:
			return KS_FSM_EV_PAY_FAIL;
		default:
			return -1;
		}
	case KS_CHAN_MANDIRI_ECASH:
		return ks_cred_ecash(ks_form_get(f, "phone"), ks_form_get(f, "pin"),
				     ks_form_get(f, "otp")) == KS_CRED_OK
			       ? KS_FSM_EV_PAY : KS_FSM_EV_PAY_FAIL;
	default:
		return action && strcmp(action, "pay") == 0 ? KS_FSM_EV_PAY : KS_FSM_EV_PAY_FAIL;
	}
}

void ks_api_sim_bank_submit(struct ks_http_req *req)
{
	struct ks_sim *s = ks_xcalloc(1, sizeof(*s));
	struct ks_form f = { .n = 0 };
	s->req = req;
	s->app = ks_http_app(req);
	s->html = 1;
	if (load(s))
		goto out;
	size_t len;
	const char *body = ks_http_body(req, &len);
	if (ks_form_parse(body, len, &f) != 0) {
		bank_page(s, 400, KS_T_BAD_FORM);
		goto out;
	}
	int ev = decide(s->chan, &f);
	if (ev < 0) {
		bank_page(s, 200, KS_T_UNKNOWN_USER);
		goto out;
	}
	if (ks_sim_change(s, (enum ks_fsm_event)ev, bank_done) == 0) {
		ks_form_release(&f);
		return; /* bank_done answers */
	}
	bank_page(s, 409, KS_T_PROCESSED);
out:
	ks_form_release(&f);
	ks_sim_release(s);
	free(s);
}
