/* This file contains the read side of the payment page API: what to show
 * for a token (GET /snap/v1/transactions/{token}) and the 3-D Secure page's
 * summary, plus card tokenization (GET /v2/token). */
#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/pay.h"
#include "api/reply.h"
#include "txn/result.h"
#include "api/savedcard.h"
#include "api/vault.h"
#include "core/acquirer.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/paymethod.h"
#include "core/timefmt.h"
#include "util/clock.h"
#include "util/xalloc.h"

int ks_pay_client_key_ok(const struct ks_env *env, const char *key)
{
	size_t n = key ? strlen(key) : 0;
	return n && n == strlen(env->client_key) && sodium_memcmp(env->client_key, key, n) == 0;
}

int ks_pay_load_order(struct ks_http_req *req, const char *token, const char *client_key,
		      int refuse_paid, struct ks_order *o)
{
	struct ks_app *app = ks_http_app(req);
	int rc = token ? ks_store_order_by_token(app->store, token, o) : KS_ERR_NOT_FOUND;
	if (rc == KS_ERR_NOT_FOUND) {
		ks_reply_core(req, 404, "transaction not found", NULL);
		return -1;
	}
	if (rc) {
		ks_reply_core(req, ks_err_http_status(rc), ks_err_message(rc), NULL);
		return -1;
	}
	const char *msg = NULL;
	int status = 0;
	if (client_key && !ks_pay_client_key_ok(&o->env, client_key))
		status = 401, msg = ks_err_message(KS_ERR_AUTH);
	else if (refuse_paid && o->paid_payment_id)
		status = 406, msg = ks_err_message(KS_ERR_PROCESSED);
	else if (!o->paid_payment_id && ks_env_now_ms(&o->env) >= o->expires_ms)
		status = 407, msg = ks_err_message(KS_ERR_EXPIRED);
	if (status == 407) {
		/* status_code 407 in the body, HTTP 410: browsers treat an HTTP
		 * 407 as a proxy's and never hand it to the page */
		ks_reply_json(req, 410, json_pack("{s:s,s:s}", "status_code", "407",
						  "status_message", msg));
		ks_order_release(o);
		return -1;
	}
	if (status) {
		ks_reply_core(req, status, msg, NULL);
		ks_order_release(o);
		return -1;
	}
	return 0;
}

/* Copies the named string fields of src into a new object. */
static json_t *pick(json_t *src, const char *const *keys)
{
	json_t *out = json_object();
	for (; *keys; keys++) {
		json_t *v = json_object_get(src, *keys);
		if (json_is_string(v) || json_is_integer(v))
			json_object_set(out, *keys, v);
	}
	return out;
}

static json_t *items_json(json_t *items)
{
	static const char *const keys[] = { "id", "name", "brand", "category", NULL };
	json_t *out = json_array(), *it;
	size_t i;
	json_array_foreach(items, i, it) {
		json_t *o = pick(it, keys);
		char price[32];
		ks_money_format((int64_t)json_number_value(json_object_get(it, "price")), price,
				sizeof(price));
		json_object_set_new(o, "price", json_string(price));
		json_object_set_new(o, "quantity", json_integer((json_int_t)json_number_value(
								json_object_get(it, "quantity"))));
		json_array_append_new(out, o);
	}
	return out;
}

static json_t *methods_json(ks_paymethod_set set)
{
	json_t *out = json_array();
	for (int m = 0; m < KS_PM__COUNT; m++)
		if (!set || (set & KS_PM_BIT(m)))
			json_array_append_new(out, json_string(ks_paymethod_name((enum ks_paymethod)m)));
	return out;
}

static json_t *credit_card_json(struct ks_app *app, const struct ks_order *o, json_t *request)
{
	json_t *cc = json_object_get(request, "credit_card");
	json_t *inst = json_object_get(cc, "installment");
	json_t *bins = json_object_get(cc, "whitelist_bins");
	json_t *terms = json_object_get(inst, "terms");
	/* "o" steals: borrowed values are increfed, defaults are new */
	return json_pack("{s:b,s:b,s:{s:b,s:o},s:o,s:o}", "secure", o->cc_secure, "save_card",
			 o->cc_save_card, "installment", "required",
			 json_is_true(json_object_get(inst, "required")), "terms",
			 terms ? json_incref(terms) : json_object(), "whitelist_bins",
			 bins ? json_incref(bins) : json_array(), "saved_tokens",
			 ks_savedcard_list(app, o, request));
}

/* For a token a payment holds: 0 with the Transaction Result of its live
 * pending non-card payment in *pending (the page shows its instructions
 * again), or -1 after answering as for a processed token (406, or 410 when
 * the payment expired with the token). */
static int held_token(struct ks_http_req *req, const struct ks_order *o, json_t **pending)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_payment p;
	*pending = NULL;
	int rc = ks_store_payment_latest(app->store, o->env.id, o->order_id, &p);
	if (rc == KS_OK && strcmp(p.status, "pending") == 0 && strcmp(p.payment_type, "credit_card")) {
		*pending = ks_result_json(o, &p);
		ks_payment_release(&p);
		return 0;
	}
	if (rc == KS_OK && strcmp(p.status, "expire") == 0 && ks_env_now_ms(&o->env) >= o->expires_ms)
		ks_reply_json(req, 410, json_pack("{s:s,s:s}", "status_code", "407", "status_message",
						  ks_err_message(KS_ERR_EXPIRED)));
	else
		ks_reply_core(req, 406, ks_err_message(KS_ERR_PROCESSED), NULL);
	if (rc == KS_OK)
		ks_payment_release(&p);
	return -1;
}

void ks_api_pay_info(struct ks_http_req *req)
{
	struct ks_order o;
	json_t *pending = NULL;
	if (ks_pay_load_order(req, ks_http_param(req, 0), ks_http_query(req, "client_key"), 0, &o))
		return;
	if (o.paid_payment_id && held_token(req, &o, &pending)) {
		ks_order_release(&o);
		return;
	}
	static const char *const customer_keys[] = { "first_name", "last_name", "email", "phone", NULL };
	json_t *r = json_loads(o.request_json, JSON_DECODE_ANY, NULL);
	char amount[32], expiry[32];
	ks_money_format(o.gross_amount, amount, sizeof(amount));
	ks_time_format_jakarta(o.expires_ms, expiry, sizeof(expiry));
	json_t *cust = json_object_get(r, "customer_details");
	json_t *out = json_pack(
		"{s:s,s:s,s:s,s:s,s:{s:s},s:{s:s,s:s},s:o,s:o,s:o,s:o,s:{s:s?},s:s}", "token",
		o.token, "client_key", o.env.client_key, "language",
		strcmp(o.env.language, "en") == 0 ? "en" : "id",
		"environment", o.env.kind == KS_ENV_PRODUCTION ? "production" : "sandbox", "merchant",
		"name", o.env.merchant_name, "transaction_details", "order_id", o.order_id,
		"gross_amount", amount, "item_details",
		items_json(json_object_get(r, "item_details")), "customer_details",
		pick(cust, customer_keys), "enabled_payments", methods_json(o.enabled_payments),
		"credit_card", credit_card_json(ks_http_app(req), &o, r), "callbacks",
		"finish", o.finish_url, "expiry_time", expiry);
	if (pending)
		json_object_set_new(out, "pending_payment", pending);
	json_decref(r);
	ks_order_release(&o);
	ks_reply_json(req, 200, out);
}

void ks_api_pay_status(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_order o;
	struct ks_payment p;
	const char *token = ks_http_param(req, 0);
	int rc = ks_store_order_by_token(app->store, token, &o);
	if (rc == KS_OK) {
		rc = ks_store_payment_latest(app->store, o.env.id, o.order_id, &p);
		if (rc)
			ks_order_release(&o);
	}
	if (rc == KS_ERR_NOT_FOUND) {
		ks_reply_core(req, 404, "transaction not found", NULL);
		return;
	}
	if (rc) {
		ks_reply_core(req, ks_err_http_status(rc), ks_err_message(rc), NULL);
		return;
	}
	json_t *r = ks_result_json(&o, &p);
	ks_payment_release(&p);
	ks_order_release(&o);
	ks_reply_json(req, 200, r);
}

void ks_api_card_token(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_env env;
	const char *ck = ks_http_query(req, "client_key");
	int rc = ks_store_env_by_client_key(app->store, ck, &env);
	if (rc) {
		ks_reply_core(req, ks_err_http_status(rc), ks_err_message(rc), NULL);
		return;
	}
	struct ks_card_secret s = { 0 }, saved;
	const char *number = ks_http_query(req, "card_number");
	const char *month = ks_http_query(req, "card_exp_month");
	const char *year = ks_http_query(req, "card_exp_year");
	const char *cvv = ks_http_query(req, "card_cvv");
	const char *saved_id = ks_http_query(req, "saved_token_id");
	if (saved_id) {
		/* two clicks: the saved number and expiry with a fresh CVV; one
		 * click: no CVV (the recurring charge does not check it) */
		if (ks_savedcard_open(app, &env, saved_id, &saved) != 0) {
			ks_reply_core(req, 411, "saved_token_id is unknown or expired", NULL);
			return;
		}
		number = saved.number, month = saved.exp_month, year = saved.exp_year;
		s.one_click = saved.one_click;
		if (saved.one_click)
			cvv = KS_ACQUIRER_CVV;
	}
	struct ks_errlist errs = KS_ERRLIST_INIT;
	/* the card's expiry in the environment's time; the token's ten
	 * minutes in real time (the vault's, api/pay_charge.c) */
	if (ks_acquirer_check_card(number, month, year, cvv, ks_env_now_ms(&env), &errs) != KS_OK) {
		ks_reply_core(req, 400, "One or more parameters in the payload is invalid.", &errs);
		ks_errlist_release(&errs);
		sodium_memzero(&saved, sizeof(saved));
		return;
	}
	snprintf(s.number, sizeof(s.number), "%s", number);
	snprintf(s.exp_month, sizeof(s.exp_month), "%s", month);
	snprintf(s.exp_year, sizeof(s.exp_year), "%s", year);
	snprintf(s.cvv, sizeof(s.cvv), "%s", cvv);
	snprintf(s.client_key, sizeof(s.client_key), "%s", env.client_key);
	int64_t now = ks_clock_now_ms();
	s.expires_ms = now + KS_VAULT_TTL_MS;
	char masked[KS_CARD_MASKED_SIZE], uuid[KS_UUID_LEN + 1], id[KS_VAULT_ID_MAX + 1];
	ks_card_mask(s.number, masked, sizeof(masked));
	ks_uuid_v7_new(now, uuid);
	snprintf(id, sizeof(id), "%s-%s", masked, uuid);
	rc = ks_vault_put(id, &s);
	sodium_memzero(&s, sizeof(s));
	sodium_memzero(&saved, sizeof(saved));
	if (rc) {
		ks_reply_core(req, 503, ks_err_message(KS_ERR_UNAVAILABLE), NULL);
		return;
	}
	ks_reply_json(req, 200, json_pack("{s:s,s:s,s:s}", "status_code", "200", "status_message",
					  "Credit card token is created as Token ID.", "token_id", id));
}

void ks_api_3ds_info(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_payment p;
	const char *id = ks_http_param(req, 0);
	if (ks_store_payment_get(app->store, id, &p) != KS_OK) {
		ks_reply_core(req, 404, "transaction not found", NULL);
		return;
	}
	json_t *d = json_loads(p.details, 0, NULL);
	char amount[32];
	ks_money_format(p.gross_amount, amount, sizeof(amount));
	json_t *out = json_pack("{s:O?,s:s,s:O?,s:s}", "merchant_name",
				json_object_get(d, "_merchant_name"), "gross_amount", amount,
				"masked_card", json_object_get(d, "masked_card"), "transaction_status",
				p.status);
	json_decref(d);
	ks_payment_release(&p);
	ks_reply_json(req, 200, out);
}
