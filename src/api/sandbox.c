/* This file contains the sandbox helpers: the demo shop's own checkout
 * route (it creates a snap token as a merchant's backend would) and the
 * test clock, each only when its flag was given to kasir serve; and the
 * operators' GET /metrics. */
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/reply.h"
#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/ids.h"
#include "util/clock.h"
#include "util/metrics.h"
#include "util/xalloc.h"

/* What the demo shop sells: one item, 2 x Rp 25,000. */
#define DEMO_ORDER "{\"transaction_details\":{\"order_id\":\"%s\",\"gross_amount\":50000}," \
		   "\"item_details\":[{\"id\":\"BEAR-1\",\"name\":\"Midtrans Bear\"," \
		   "\"price\":25000,\"quantity\":2}],\"credit_card\":{\"secure\":true}," \
		   "\"customer_details\":{\"first_name\":\"Demo\",\"last_name\":\"Customer\"," \
		   "\"email\":\"demo@example.com\",\"phone\":\"081234567890\"}}"

struct demo_ctx {
	struct ks_http_req *req;
	struct ks_store_write w;
	struct ks_snap_req snap;
	char *json;
	char client_key[KS_KEY_MAX + 1];
};

static void demo_done(struct ks_store_write *w, void *arg)
{
	struct demo_ctx *c = arg;
	if (w->rc == KS_OK)
		ks_reply_json(c->req, 201, json_pack("{s:s,s:s}", "token", w->u.order.token,
						     "client_key", c->client_key));
	else
		ks_reply_error(c->req, w->rc);
	struct ks_http_req *req = c->req;
	ks_snap_req_release(&c->snap);
	free(c->json);
	free(c);
	ks_http_resume(req);
}

void ks_api_demo_checkout(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_env env;
	if (!app->demo || ks_store_env_by_merchant(app->store, KS_DEMO_MERCHANT_CODE,
						   KS_ENV_SANDBOX, &env) != KS_OK) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	struct demo_ctx *c = ks_xcalloc(1, sizeof(*c));
	int64_t now = ks_clock_now_ms();
	char order_id[KS_UUID_LEN + 8];
	ks_uuid_v7_new(now, order_id + 5);
	memcpy(order_id, "demo-", 5);
	c->json = ks_xasprintf(DEMO_ORDER, order_id);
	json_t *body = json_loads(c->json, 0, NULL);
	struct ks_errlist errs = KS_ERRLIST_INIT;
	int rc = ks_snap_validate(body, &c->snap, &errs); /* a fixed order: always valid */
	json_decref(body);
	ks_errlist_release(&errs);
	if (rc) {
		ks_reply_error(req, KS_ERR_INTERNAL);
		free(c->json);
		free(c);
		return;
	}
	memcpy(c->client_key, env.client_key, sizeof(c->client_key));
	struct ks_order_new *o = &c->w.u.order;
	c->w.kind = KS_WRITE_ORDER_CREATE;
	c->w.done = demo_done;
	c->w.arg = c;
	c->req = req;
	o->env_id = env.id;
	ks_uuid_v7_new(now, o->token);
	o->req = &c->snap;
	o->created_ms = now;
	o->expires_ms = ks_snap_expiry_at(&c->snap, now);
	o->request_json = c->json;
	o->request_len = strlen(c->json);
	ks_http_suspend(req);
	ks_store_submit(app->store, &c->w);
}

void ks_api_sandbox_clock(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	if (!app->test_clock) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	size_t len;
	const char *text = ks_http_body(req, &len);
	json_t *b = json_loadb(text, len, 0, NULL);
	json_t *adv = json_object_get(b, "advance_seconds");
	if (!json_is_integer(adv) || json_integer_value(adv) < 0 ||
	    json_integer_value(adv) > 10LL * 366 * 86400) {
		json_decref(b);
		ks_reply_message(req, 400, "advance_seconds must be a whole number of seconds from 0 "
					   "to 10 years");
		return;
	}
	ks_clock_advance_ms((int64_t)json_integer_value(adv) * 1000);
	ks_scheduler_kick(app->scheduler); /* what fell due runs now */
	json_decref(b);
	int64_t ms = ks_clock_now_ms();
	ks_reply_json(req, 200, json_pack("{s:I}", "now_ms", (json_int_t)ms));
}

void ks_api_metrics(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	int64_t depth = 0, oldest = 0;
	ks_store_outbox_stats(app->store, &depth, &oldest);
	double age = oldest ? (double)(ks_clock_now_ms() - oldest) / 1000.0 : 0;
	size_t len;
	char *text = ks_metrics_render(depth, age > 0 ? age : 0, &len);
	ks_http_reply(req, 200, "text/plain; version=0.0.4; charset=utf-8", text, len);
}
