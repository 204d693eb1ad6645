/* This file contains the number simulators (SPEC §7.2, §7.5; KlikBCA of
 * §7.3): a tester enters a VA number, bill key, payment code or KlikBCA
 * user id, sees the amount and the merchant, and pays, on a server-rendered
 * page (GET /sim/{channel}, POST .../inquiry, POST .../pay as a form) or as
 * JSON (POST /sim/{channel}/pay {"number":...}). Only sandbox payments can
 * be paid; unknown, paid and expired numbers change nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/handlers.h"
#include "api/reply.h"
#include "api/sim.h"
#include "core/errors.h"
#include "core/form.h"
#include "core/jsonlimit.h"
#include "txn/result.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

/* ---- shared with sim_bank.c ---- */

void ks_sim_release(struct ks_sim *s)
{
	ks_txn_change_release(&s->change);
	ks_order_release(&s->order);
	ks_payment_release(&s->pay);
}

int ks_sim_load(struct ks_sim *s, const char *txid, enum ks_sim_text *why)
{
	*why = KS_T_UNKNOWN_NUMBER;
	if (ks_store_payment_get(s->app->store, txid, &s->pay) != KS_OK)
		return 404;
	if (ks_store_order_by_ref(s->app->store, s->pay.order_ref, &s->order) != KS_OK ||
	    s->order.env.kind != KS_ENV_SANDBOX || strcmp(s->pay.payment_type, "credit_card") == 0)
		return 404; /* production payments are never paid here */
	const char *st = s->pay.status;
	if (strcmp(st, "pending") == 0) {
		if (s->pay.due_ms && ks_env_now_ms(&s->order.env) >= s->pay.due_ms) {
			*why = KS_T_EXPIRED;
			return 410; /* even before the scheduler has expired it */
		}
		return 0;
	}
	if (strcmp(st, "expire") == 0) {
		*why = KS_T_EXPIRED;
		return 410;
	}
	if (strcmp(st, "cancel") == 0) {
		*why = KS_T_CANCELED;
		return 410;
	}
	*why = strcmp(st, "deny") == 0 ? KS_T_DENIED : KS_T_ALREADY_PAID;
	return 409;
}

int ks_sim_change(struct ks_sim *s, enum ks_fsm_event ev,
		  void (*done)(struct ks_store_write *w, void *arg))
{
	const char *message = ev == KS_FSM_EV_PAY ? ks_chan_message(s->chan, KS_CHAN_SUCCESS)
						  : ks_chan_message(s->chan, KS_CHAN_DENIED);
	if (ks_txn_change_prepare(&s->change, &s->order, &s->pay, ev, NULL, NULL, message,
				  ks_env_now_ms(&s->order.env), s->app->settlement_minute))
		return 409;
	s->change.w.u.change.cause = "simulator";
	s->change.w.done = done;
	s->change.w.arg = s;
	ks_http_suspend(s->req); /* first: the writer may finish before submit returns */
	ks_store_submit(s->app->store, &s->change.w);
	return 0;
}

void ks_sim_page_begin(struct ks_html *h, enum ks_lang lang, const char *title,
		       const char *switch_path)
{
	ks_html_raw(h, lang == KS_LANG_ID ? "<!DOCTYPE html>\n<html lang=\"id\">"
					  : "<!DOCTYPE html>\n<html lang=\"en\">");
	ks_html_raw(h, "<head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
		       "<title>");
	ks_html_text(h, title);
	ks_html_raw(h, " - ");
	ks_html_text(h, ks_sim_t(lang, KS_T_TITLE_SUFFIX));
	ks_html_raw(h, "</title><link rel=\"stylesheet\" href=\"/snap/assets/sim.css\"></head>\n"
		       "<body><header><a href=\"/sim/");
	ks_html_text(h, ks_sim_lang_query(lang));
	ks_html_raw(h, "\">");
	ks_html_text(h, ks_sim_t(lang, KS_T_SITE));
	ks_html_raw(h, "</a>");
	if (switch_path) {
		ks_html_raw(h, "<a class=\"lang\" id=\"lang\" href=\"");
		ks_html_text(h, switch_path);
		ks_html_text(h, lang == KS_LANG_ID ? "?lang=en" : "?lang=id");
		ks_html_raw(h, "\">");
		ks_html_text(h, ks_sim_t(lang, KS_T_OTHER_LANG));
		ks_html_raw(h, "</a>");
	}
	ks_html_raw(h, "<span class=\"badge\">SANDBOX</span></header>\n<main><h1>");
	ks_html_text(h, title);
	ks_html_raw(h, "</h1>\n");
}

void ks_sim_page_end(struct ks_html *h, const json_t *result)
{
	ks_html_raw(h, "</main>\n");
	if (result) {
		ks_html_raw(h, "<script type=\"application/json\" id=\"kasir-sim-result\">");
		ks_html_json(h, result);
		ks_html_raw(h, "</script>\n<script src=\"/snap/assets/sim.js\"></script>\n");
	}
	ks_html_raw(h, "</body></html>\n");
}

void ks_sim_summary(struct ks_html *h, const struct ks_sim *s)
{
	char amount[32];
	ks_money_format(s->pay.gross_amount, amount, sizeof(amount));
	ks_html_raw(h, "<dl class=\"summary\"><dt>");
	ks_html_text(h, ks_sim_t(s->lang, KS_T_MERCHANT));
	ks_html_raw(h, "</dt><dd id=\"merchant\">");
	ks_html_text(h, s->order.env.merchant_name);
	ks_html_raw(h, "</dd><dt>");
	ks_html_text(h, ks_sim_t(s->lang, KS_T_ORDER_ID));
	ks_html_raw(h, "</dt><dd id=\"order-id\">");
	ks_html_text(h, s->order.order_id);
	ks_html_raw(h, "</dd><dt>");
	ks_html_text(h, ks_sim_t(s->lang, KS_T_AMOUNT));
	ks_html_raw(h, "</dt><dd id=\"amount\">IDR ");
	ks_html_text(h, amount);
	ks_html_raw(h, "</dd></dl>\n");
}

void ks_sim_message(struct ks_html *h, const char *cls, const char *text)
{
	ks_html_raw(h, "<p class=\"message ");
	ks_html_text(h, cls);
	ks_html_raw(h, "\" id=\"message\">");
	ks_html_text(h, text);
	ks_html_raw(h, "</p>\n");
}

void ks_sim_send(struct ks_http_req *req, int status, struct ks_html *h)
{
	size_t len;
	char *body = ks_html_take(h, &len);
	ks_api_page_headers(req);
	ks_http_reply(req, status, "text/html; charset=utf-8", body, len);
}

/* ---- the number simulators ---- */

/* A channel paid by entering a number (or KlikBCA user id). */
static int number_channel(const char *name, enum ks_chan *out)
{
	if (!ks_chan_parse(name, out))
		return 0;
	enum ks_chan_kind k = ks_chan_kind(*out);
	return k == KS_CHAN_KIND_NUMBER || k == KS_CHAN_KIND_KLIKBCA;
}

static const char *number_label(enum ks_lang lang, enum ks_chan c)
{
	switch (ks_chan_payment_type(c)[0]) {
	case 'b': /* bank_transfer, bca_klikbca */
		return ks_sim_t(lang, c == KS_CHAN_BCA_KLIKBCA ? KS_T_LABEL_KLIKBCA : KS_T_LABEL_VA);
	case 'e':
		return ks_sim_t(lang, KS_T_LABEL_BILL);
	default:
		return ks_sim_t(lang, KS_T_LABEL_CODE);
	}
}

/* The entered number as stored: spaces and dashes dropped; KlikBCA user
 * ids upper-cased. False when it cannot be one. */
static int clean_number(enum ks_chan c, const char *in, char *out, size_t size)
{
	size_t n = 0;
	if (!in)
		return 0;
	if (c == KS_CHAN_BCA_KLIKBCA)
		return strlen(in) < size && ks_cred_klikbca_user(in, out);
	for (; *in; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		if (n + 1 >= size)
			return 0;
		out[n++] = *in;
	}
	out[n] = '\0';
	return n > 0;
}

/* Finds the payment of number on channel c into s: 0 when payable, else
 * the HTTP status with *why. */
static int find_number(struct ks_sim *s, const char *number, enum ks_sim_text *why)
{
	struct ks_number_hit hit;
	*why = KS_T_UNKNOWN_NUMBER;
	if (!clean_number(s->chan, number, s->number, sizeof(s->number)))
		return 404;
	if (ks_store_number_find(s->app->store, ks_chan_name(s->chan), s->number, &hit) != KS_OK)
		return 404;
	return ks_sim_load(s, hit.transaction_id, why);
}

static struct ks_sim *sim_new(struct ks_http_req *req)
{
	struct ks_sim *s = ks_xcalloc(1, sizeof(*s));
	s->req = req;
	s->app = ks_http_app(req);
	s->lang = ks_sim_lang(req);
	return s;
}

static void sim_free(struct ks_sim *s)
{
	ks_sim_release(s);
	free(s);
}

/* The form asking for the number (the channel page, and after a refusal). */
static void number_form(struct ks_html *h, enum ks_lang lang, enum ks_chan c, const char *value)
{
	ks_html_raw(h, "<form method=\"post\" action=\"/sim/");
	ks_html_text(h, ks_chan_name(c));
	ks_html_raw(h, "/inquiry");
	ks_html_text(h, ks_sim_lang_query(lang));
	ks_html_raw(h, "\"><label for=\"number\">");
	ks_html_text(h, number_label(lang, c));
	ks_html_raw(h, "</label><input id=\"number\" name=\"number\" autocomplete=\"off\" required"
		       " value=\"");
	ks_html_text(h, value ? value : "");
	ks_html_raw(h, "\"><button type=\"submit\" id=\"inquire\">");
	ks_html_text(h, ks_sim_t(lang, KS_T_INQUIRE));
	ks_html_raw(h, "</button></form>\n");
}

static void unknown_channel_page(struct ks_http_req *req, enum ks_lang lang)
{
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, lang, ks_sim_t(lang, KS_T_UNKNOWN_SIM), NULL);
	ks_sim_message(&h, "error", ks_sim_t(lang, KS_T_UNKNOWN_SIM_TEXT));
	ks_html_raw(&h, "<p><a href=\"/sim/");
	ks_html_text(&h, ks_sim_lang_query(lang));
	ks_html_raw(&h, "\">");
	ks_html_text(&h, ks_sim_t(lang, KS_T_ALL_SIMS));
	ks_html_raw(&h, "</a></p>\n");
	ks_sim_page_end(&h, NULL);
	ks_sim_send(req, 404, &h);
}

void ks_api_sim_index(struct ks_http_req *req)
{
	enum ks_lang lang = ks_sim_lang(req);
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, lang, ks_sim_t(lang, KS_T_INDEX_TITLE), "/sim/");
	ks_html_raw(&h, "<p>");
	ks_html_text(&h, ks_sim_t(lang, KS_T_INDEX_INTRO));
	ks_html_raw(&h, "</p>\n<h2>");
	ks_html_text(&h, ks_sim_t(lang, KS_T_INDEX_NUMBERS));
	ks_html_raw(&h, "</h2><ul>");
	for (int i = 0; i < KS_CHAN__COUNT; i++) {
		enum ks_chan c = (enum ks_chan)i;
		if (!number_channel(ks_chan_name(c), &c))
			continue;
		ks_html_raw(&h, "<li><a href=\"/sim/");
		ks_html_text(&h, ks_chan_name(c));
		ks_html_text(&h, ks_sim_lang_query(lang));
		ks_html_raw(&h, "\">");
		ks_html_text(&h, ks_chan_label(c));
		ks_html_raw(&h, "</a></li>");
	}
	ks_html_raw(&h, "</ul>\n<h2>");
	ks_html_text(&h, ks_sim_t(lang, KS_T_INDEX_BANKS));
	ks_html_raw(&h, "</h2><p>");
	ks_html_text(&h, ks_sim_t(lang, KS_T_INDEX_BANKS_NOTE));
	ks_html_raw(&h, "</p><ul>");
	for (int i = 0; i < KS_CHAN__COUNT; i++) {
		if (ks_chan_kind((enum ks_chan)i) != KS_CHAN_KIND_REDIRECT)
			continue;
		ks_html_raw(&h, "<li>");
		ks_html_text(&h, ks_chan_label((enum ks_chan)i));
		ks_html_raw(&h, " (<code>");
		ks_html_text(&h, ks_chan_name((enum ks_chan)i));
		ks_html_raw(&h, "</code>)</li>");
	}
	ks_html_raw(&h, "</ul>\n");
	ks_sim_page_end(&h, NULL);
	ks_sim_send(req, 200, &h);
}

void ks_api_sim_form(struct ks_http_req *req)
{
	enum ks_chan c;
	enum ks_lang lang = ks_sim_lang(req);
	if (!number_channel(ks_http_param(req, 0), &c)) {
		unknown_channel_page(req, lang);
		return;
	}
	char path[64];
	snprintf(path, sizeof(path), "/sim/%s", ks_chan_name(c));
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, lang, ks_chan_label(c), path);
	number_form(&h, lang, c, NULL);
	ks_sim_page_end(&h, NULL);
	ks_sim_send(req, 200, &h);
}

/* The BCA merchant's free text of kind ("inquiry" or "payment"), SPEC 2.5. */
static void bca_free_text(struct ks_html *h, const struct ks_sim *s, const char *kind)
{
	if (s->chan != KS_CHAN_BCA_VA)
		return;
	json_t *r = json_loads(s->order.request_json, JSON_DECODE_ANY, NULL);
	json_t *list = json_object_get(json_object_get(json_object_get(r, "bca_va"), "free_text"), kind);
	size_t i;
	json_t *item;
	if (json_array_size(list)) {
		ks_html_raw(h, "<ul class=\"free-text\">");
		json_array_foreach(list, i, item) {
			ks_html_raw(h, "<li><span lang=\"en\">");
			ks_html_text(h, json_string_value(json_object_get(item, "en")));
			ks_html_raw(h, "</span> / <span lang=\"id\">");
			ks_html_text(h, json_string_value(json_object_get(item, "id")));
			ks_html_raw(h, "</span></li>");
		}
		ks_html_raw(h, "</ul>\n");
	}
	json_decref(r);
}

/* The form body of the request, parsed; NULL entries when malformed. */
static const char *form_number(struct ks_http_req *req, struct ks_form *f)
{
	size_t len;
	const char *body = ks_http_body(req, &len);
	if (ks_form_parse(body, len, f) != 0)
		return NULL;
	return ks_form_get(f, "number");
}

/* The page of a number that cannot be paid: the message and the form. */
static void refused_page(const struct ks_sim *s, int status, enum ks_sim_text why,
			 const char *number)
{
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, s->lang, ks_chan_label(s->chan), NULL);
	ks_sim_message(&h, "error", ks_sim_t(s->lang, why));
	number_form(&h, s->lang, s->chan, number);
	ks_sim_page_end(&h, NULL);
	ks_sim_send(s->req, status, &h);
}

void ks_api_sim_inquiry(struct ks_http_req *req)
{
	struct ks_sim *s = sim_new(req);
	struct ks_form f = { .n = 0 };
	enum ks_sim_text why;
	if (!number_channel(ks_http_param(req, 0), &s->chan)) {
		unknown_channel_page(req, s->lang);
		goto out;
	}
	const char *number = form_number(req, &f);
	int status = find_number(s, number, &why);
	if (status) {
		refused_page(s, status, why, number);
		goto out;
	}
	struct ks_html h = KS_HTML_INIT;
	ks_sim_page_begin(&h, s->lang, ks_chan_label(s->chan), NULL);
	ks_html_raw(&h, "<dl class=\"summary\"><dt>");
	ks_html_text(&h, number_label(s->lang, s->chan));
	ks_html_raw(&h, "</dt><dd id=\"number-shown\">");
	ks_html_text(&h, s->number);
	ks_html_raw(&h, "</dd>");
	if (s->chan == KS_CHAN_PERMATA_VA) {
		ks_html_raw(&h, "<dt>");
		ks_html_text(&h, ks_sim_t(s->lang, KS_T_RECIPIENT));
		ks_html_raw(&h, "</dt><dd id=\"recipient\">");
		ks_html_text(&h, s->order.permata_recipient[0] ? s->order.permata_recipient
							       : s->order.env.merchant_name);
		ks_html_raw(&h, "</dd>");
	}
	ks_html_raw(&h, "</dl>\n");
	ks_sim_summary(&h, s);
	bca_free_text(&h, s, "inquiry");
	ks_html_raw(&h, "<form method=\"post\" action=\"/sim/");
	ks_html_text(&h, ks_chan_name(s->chan));
	ks_html_raw(&h, "/pay");
	ks_html_text(&h, ks_sim_lang_query(s->lang));
	ks_html_raw(&h, "\"><input type=\"hidden\" name=\"number\" value=\"");
	ks_html_text(&h, s->number);
	ks_html_raw(&h, "\"><button type=\"submit\" id=\"pay\">");
	ks_html_text(&h, ks_sim_t(s->lang, KS_T_PAY));
	ks_html_raw(&h, "</button></form>\n");
	ks_sim_page_end(&h, NULL);
	ks_sim_send(req, 200, &h);
out:
	ks_form_release(&f);
	sim_free(s);
}

static void pay_done(struct ks_store_write *w, void *arg)
{
	struct ks_sim *s = arg;
	struct ks_http_req *req = s->req;
	int status = w->rc == KS_OK ? 200 : w->rc == KS_ERR_CONFLICT ? 409 : ks_err_http_status(w->rc);
	enum ks_sim_text why = w->rc == KS_ERR_CONFLICT ? KS_T_ALREADY_PAID : KS_T_ERROR;
	if (w->rc && w->rc != KS_ERR_CONFLICT)
		ks_log(KS_LOG_ERROR, ks_http_reqid(req), "simulator payment not stored: %s",
		       ks_err_message(w->rc));
	if (!s->html && status == 200) {
		char amount[32];
		ks_money_format(s->pay.gross_amount, amount, sizeof(amount));
		ks_reply_json(req, 200, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "status_code", "200",
						  "status_message", s->pay.status_message, "order_id",
						  s->order.order_id, "transaction_id",
						  s->pay.transaction_id, "transaction_status",
						  s->pay.status, "gross_amount", amount,
						  "payment_type", s->pay.payment_type));
	} else if (!s->html) {
		ks_reply_core(req, status, w->rc == KS_ERR_CONFLICT ? ks_sim_t(KS_LANG_EN, why)
								    : ks_err_message(w->rc), NULL);
	} else if (status == 200) {
		struct ks_html h = KS_HTML_INIT;
		ks_sim_page_begin(&h, s->lang, ks_chan_label(s->chan), NULL);
		ks_sim_message(&h, "ok", ks_sim_t(s->lang, KS_T_PAID));
		ks_sim_summary(&h, s);
		bca_free_text(&h, s, "payment");
		ks_html_raw(&h, "<p><a href=\"/sim/");
		ks_html_text(&h, ks_chan_name(s->chan));
		ks_html_text(&h, ks_sim_lang_query(s->lang));
		ks_html_raw(&h, "\">");
		ks_html_text(&h, ks_sim_t(s->lang, KS_T_PAY_ANOTHER));
		ks_html_raw(&h, "</a></p>\n");
		ks_sim_page_end(&h, NULL);
		ks_sim_send(req, 200, &h);
	} else {
		refused_page(s, status, why, s->number);
	}
	sim_free(s);
	ks_http_resume(req);
}

/* The number of a JSON body; answers 400 itself when there is none. */
static const char *json_number(struct ks_http_req *req, json_t **body)
{
	size_t len;
	const char *text = ks_http_body(req, &len);
	*body = NULL;
	if (ks_json_depth(text, len) <= KS_JSON_MAX_DEPTH)
		*body = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(*body)) {
		ks_reply_core(req, 400, ks_err_message(KS_ERR_BAD_JSON), NULL);
		return NULL;
	}
	const char *n = json_string_value(json_object_get(*body, "number"));
	if (!n || !*n) {
		struct ks_errlist e = KS_ERRLIST_INIT;
		ks_errlist_add(&e, "number is required: the VA number, bill key, payment code"
				   " or KlikBCA user id, as a string");
		ks_reply_core(req, 400, ks_err_message(KS_ERR_INVALID), &e);
		ks_errlist_release(&e);
	}
	return n && *n ? n : NULL;
}

void ks_api_sim_pay(struct ks_http_req *req)
{
	struct ks_sim *s = sim_new(req);
	struct ks_form f = { .n = 0 };
	json_t *body = NULL;
	const char *ctype = ks_http_header(req, "Content-Type");
	s->html = !(ctype && strncmp(ctype, "application/json", 16) == 0);
	if (!number_channel(ks_http_param(req, 0), &s->chan)) {
		if (s->html)
			unknown_channel_page(req, s->lang);
		else
			ks_reply_core(req, 404, "Unknown simulator channel", NULL);
		goto out;
	}
	const char *number = s->html ? form_number(req, &f) : json_number(req, &body);
	if (!s->html && !number)
		goto out;
	enum ks_sim_text why;
	int status = find_number(s, number, &why);
	if (!status) {
		status = ks_sim_change(s, KS_FSM_EV_PAY, pay_done);
		if (!status) {
			json_decref(body);
			ks_form_release(&f);
			return; /* pay_done answers */
		}
		why = KS_T_ALREADY_PAID;
	}
	if (s->html)
		refused_page(s, status, why, number);
	else
		ks_reply_core(req, status, ks_sim_t(KS_LANG_EN, why), NULL);
out:
	json_decref(body);
	ks_form_release(&f);
	sim_free(s);
}
