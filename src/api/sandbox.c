/* This file contains the sandbox helpers: the demo shop's own checkout
 * route (it creates a snap token as a merchant's backend would) and the
 * test clock and the store's fault injection, each only when its flag was
 * given to kasir serve; and the operators' GET /metrics. */
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/reply.h"
#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/timefmt.h"
#include "store/faults.h"
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
	int64_t now = ks_env_now_ms(&env);
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

/* ---- the test clock: one per sandbox environment, kept in the database ---- */

#define MAX_ADVANCE_S (10LL * 366 * 86400)

struct clock_ctx {
	struct ks_http_req *req;
	struct ks_app *app;
	struct ks_store_write w;
	struct ks_env env;
};

/* The environment's time, as the clock endpoints answer it. */
static json_t *clock_json(const struct ks_env *env)
{
	int64_t now = ks_env_now_ms(env);
	char when[32];
	ks_time_format_jakarta(now, when, sizeof(when));
	int64_t offset = env->kind == KS_ENV_SANDBOX ? env->clock_offset_ms : 0;
	return json_pack("{s:s,s:s,s:s,s:I,s:s,s:I}", "status_code", "200", "environment",
			 env->kind == KS_ENV_SANDBOX ? "sandbox" : "production", "merchant_id",
			 env->merchant_code, "now_ms", (json_int_t)now, "now", when,
			 "offset_seconds", (json_int_t)(offset / 1000));
}

static void clock_done(struct ks_store_write *w, void *arg)
{
	struct clock_ctx *c = arg;
	struct ks_env env;
	/* the offset as committed: another move may have landed beside ours */
	if (w->rc == KS_OK && ks_store_env_by_merchant(c->app->store, c->env.merchant_code,
							KS_ENV_SANDBOX, &env) == KS_OK) {
		ks_scheduler_kick(c->app->scheduler); /* what fell due runs now */
		ks_reply_json(c->req, 200, clock_json(&env));
	} else {
		ks_reply_error(c->req, w->rc ? w->rc : KS_ERR_UNAVAILABLE);
	}
	struct ks_http_req *req = c->req;
	free(c);
	ks_http_resume(req);
}

/* GET and POST /sandbox/v1/clock, with the environment's server key: the
 * environment's time, and (POST {"advance_seconds": N}) moving it forward.
 * The move is one UPDATE of the environment's offset, answered once it is
 * durable, so every node and every restart sees it. */
void ks_api_sandbox_clock(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	if (!app->test_clock) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	struct ks_env env;
	int rc = ks_api_authenticate(req, &env);
	if (rc) {
		ks_reply_core(req, rc == KS_ERR_AUTH ? 401 : ks_err_http_status(rc),
			      ks_err_message(rc), NULL);
		return;
	}
	if (strcmp(ks_http_method(req), "GET") == 0) {
		ks_reply_json(req, 200, clock_json(&env));
		return;
	}
	if (env.kind != KS_ENV_SANDBOX) {
		ks_reply_core(req, 400, "production time never moves: use a sandbox server key",
			      NULL);
		return;
	}
	size_t len;
	const char *text = ks_http_body(req, &len);
	json_t *b = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	json_t *adv = json_object_get(b, "advance_seconds");
	if (!json_is_integer(adv) || json_integer_value(adv) < 0 ||
	    json_integer_value(adv) > MAX_ADVANCE_S) {
		json_decref(b);
		ks_reply_message(req, 400, "advance_seconds must be a whole number of seconds from 0 "
					   "to 10 years");
		return;
	}
	struct clock_ctx *c = ks_xcalloc(1, sizeof(*c));
	c->req = req;
	c->app = app;
	c->env = env;
	c->w.kind = KS_WRITE_CLOCK_ADVANCE;
	c->w.u.clock.env_id = env.id;
	c->w.u.clock.advance_ms = (int64_t)json_integer_value(adv) * 1000;
	c->w.done = clock_done;
	c->w.arg = c;
	json_decref(b);
	ks_http_suspend(req); /* first: the writer may finish before submit returns */
	ks_store_submit(app->store, &c->w);
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

/* The plan's fields out of the body, every failed rule in errs. */
static void fault_plan_parse(json_t *b, struct ks_fault_plan *plan, struct ks_errlist *errs)
{
	json_t *call = json_object_get(b, "fail_call");
	json_t *count = json_object_get(b, "count");
	json_t *error = json_object_get(b, "error");
	json_t *calls = json_object_get(b, "calls");
	if (!json_is_integer(call) || json_integer_value(call) < 1)
		ks_errlist_add(errs, "fail_call must be a whole number from 1 (the first matching call)");
	else
		plan->fail_call = (uint64_t)json_integer_value(call);
	plan->count = 1;
	if (count && (!json_is_integer(count) || json_integer_value(count) < 0 ||
		      json_integer_value(count) > 1000000000))
		ks_errlist_add(errs, "count must be a whole number from 0 (off) to 1000000000");
	else if (count)
		plan->count = (uint64_t)json_integer_value(count);
	const char *e = error ? json_string_value(error) : "io";
	if (e && !strcmp(e, "io"))
		plan->error = KS_FAULT_IO;
	else if (e && !strcmp(e, "full"))
		plan->error = KS_FAULT_FULL;
	else
		ks_errlist_add(errs, "error must be \"io\" or \"full\"");
	const char *c = calls ? json_string_value(calls) : "all";
	if (!c || strlen(c) >= sizeof(plan->calls) || !ks_store_faults_filter_ok(c))
		ks_errlist_add(errs, "calls must be all, read, write, a read operation "
				     "(e.g. order_by_token) or a write kind (e.g. payment_change)");
	else
		snprintf(plan->calls, sizeof(plan->calls), "%s", c);
}

/* POST /sandbox/v1/faults (only with --fault-injection): sets the store's
 * fault plan, or with {"disk_full":bool} caps the database at its size or
 * lifts the cap. Answers what the previous plan saw (docs/faults.md). */
void ks_api_sandbox_faults(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	struct ks_fault_stats seen;
	if (ks_store_faults_stats(app->store, &seen) != KS_OK) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	if (!strcmp(ks_http_method(req), "GET")) {
		ks_reply_json(req, 200, json_pack("{s:I,s:I}", "matched", (json_int_t)seen.matched,
						  "injected", (json_int_t)seen.injected));
		return;
	}
	size_t len;
	const char *text = ks_http_body(req, &len);
	json_t *b = json_loadb(text, len, 0, NULL);
	struct ks_errlist errs = KS_ERRLIST_INIT;
	json_t *full = json_object_get(b, "disk_full");
	if (!json_is_object(b)) {
		ks_errlist_add(&errs, "the body must be a JSON object");
	} else if (full) {
		if (!json_is_boolean(full))
			ks_errlist_add(&errs, "disk_full must be true or false");
		else if (ks_store_disk_full(app->store, json_is_true(full)) != KS_OK)
			ks_errlist_add(&errs, "disk_full: this database backend has no size cap");
	} else {
		struct ks_fault_plan plan = { 0 };
		fault_plan_parse(b, &plan, &errs);
		if (!errs.n)
			ks_store_faults_set(app->store, &plan);
	}
	json_decref(b);
	if (errs.n)
		ks_reply_messages(req, 400, &errs);
	else
		ks_reply_json(req, 200, json_pack("{s:I,s:I}", "matched", (json_int_t)seen.matched,
						  "injected", (json_int_t)seen.injected));
	ks_errlist_release(&errs);
}
