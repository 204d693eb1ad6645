/* This file contains the Snap token API, POST /snap/v1/transactions (SPEC
 * §2): authentication, the optional headers, validation, and the durable
 * write whose commit releases the 201. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/ratelimit.h"
#include "api/reply.h"
#include "core/auth.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/jsonlimit.h"
#include "core/notifyurl.h"
#include "core/snap.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define IDEM_KEY_MAX 46
#define IDEM_TTL_MS (5 * 60 * 1000)

/* One create in flight: lives from validation to the write's completion. */
struct create_ctx {
	struct ks_http_req *req;
	struct ks_app *app;
	struct ks_store_write w;
	struct ks_snap_req snap;
	char *answer; /* the 201 body */
	char *idem_key;
	int64_t env_id;
	int64_t now_ms; /* the environment's time at the request */
};

int ks_api_authenticate(struct ks_http_req *req, struct ks_env *env)
{
	struct ks_app *app = ks_http_app(req);
	char key[KS_KEY_MAX + 1];
	if (ks_basic_auth_user(ks_http_header(req, "Authorization"), key, sizeof(key)) != 0)
		return KS_ERR_AUTH;
	int rc = ks_store_env_by_server_key(app->store, key, env);
	sodium_memzero(key, sizeof(key));
	if (rc)
		return rc;
	int wait = ks_ratelimit_take(env->id, ks_clock_now_ms());
	if (wait) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%d", wait);
		ks_http_reply_header(req, "Retry-After", secs);
		return KS_ERR_RATE_LIMITED;
	}
	return KS_OK;
}

/* Parses the body; an empty body counts as null (PHP sends one). Returns
 * NULL, with messages in errs, when it is not JSON or nests too deep. */
static json_t *parse_body(struct ks_http_req *req, struct ks_errlist *errs)
{
	size_t len;
	const char *body = ks_http_body(req, &len);
	size_t i = 0;
	while (i < len && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n'))
		i++;
	if (i == len)
		return json_null();
	if (ks_json_depth(body, len) > KS_JSON_MAX_DEPTH) {
		ks_errlist_add(errs, "There was a problem in the JSON you submitted");
		ks_errlist_add(errs, "JSON nesting is deeper than %d levels", KS_JSON_MAX_DEPTH);
		return NULL;
	}
	json_error_t jerr;
	json_t *v = json_loadb(body, len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &jerr);
	if (!v) {
		ks_errlist_add(errs, "There was a problem in the JSON you submitted");
		ks_errlist_add(errs, "JSON error at line %d, column %d: %s", jerr.line,
			       jerr.column, jerr.text);
	}
	return v;
}

static void check_notify_header(struct ks_http_req *req, const char *name,
				struct ks_errlist *errs)
{
	const char *v = ks_http_header(req, name);
	if (v && ks_notify_urls_check(v) != 0)
		ks_errlist_add(errs, "%s must hold 1 to %d comma-separated http:// or https:// "
				     "URLs of at most %d characters", name, KS_NOTIFY_URLS_MAX,
			       KS_URL_MAX);
}

static void create_ctx_free(struct create_ctx *c)
{
	ks_snap_req_release(&c->snap);
	free(c->answer);
	free(c->idem_key);
	free(c);
}

/* The writer thread calls this once the order is durable or refused. */
static void create_done(struct ks_store_write *w, void *arg)
{
	struct create_ctx *c = arg;
	struct ks_http_req *req = c->req;
	int status;
	char *body;
	if (w->rc == KS_OK) {
		ks_http_reply(req, 201, "application/json", c->answer, strlen(c->answer));
		c->answer = NULL;
	} else if (w->rc == KS_ERR_DUPLICATE && c->idem_key &&
		   ks_store_idem_get(c->app->store, c->env_id, c->idem_key, c->now_ms,
				     &status, &body) == KS_OK) {
		/* the same key raced in (another request in flight, or another
		 * node) and its order was stored first: its answer is ours too */
		ks_http_reply(req, status, "application/json", body, strlen(body));
	} else {
		if (w->rc != KS_ERR_DUPLICATE)
			ks_log(KS_LOG_ERROR, ks_http_reqid(req), "order not stored: %s",
			       ks_err_message(w->rc));
		ks_reply_error(req, w->rc);
	}
	/* only now, with the outcome on disk, may a retry see the key free */
	if (c->idem_key)
		ks_idem_end(c->app, c->env_id, c->idem_key);
	create_ctx_free(c);
	ks_http_resume(req);
}

/* Replays a stored answer, or claims the key. Returns 1 when the request
 * has been answered. */
static int idempotency_check(struct ks_http_req *req, struct ks_app *app,
			     const struct ks_env *env, const char *key)
{
	int status;
	char *body;
	int64_t env_id = env->id;
	int rc = ks_store_idem_get(app->store, env_id, key, ks_env_now_ms(env), &status, &body);
	if (rc == KS_OK) {
		ks_http_reply(req, status, "application/json", body, strlen(body));
		return 1;
	}
	if (rc != KS_ERR_NOT_FOUND) {
		ks_reply_error(req, rc);
		return 1;
	}
	if (ks_idem_begin(app, env_id, key) != 0) {
		ks_reply_error(req, KS_ERR_IN_PROGRESS);
		return 1;
	}
	return 0;
}

static void submit_create(struct ks_http_req *req, struct create_ctx *c, const struct ks_env *env)
{
	struct ks_app *app = c->app;
	int64_t now = ks_env_now_ms(env);
	struct ks_order_new *o = &c->w.u.order;
	c->now_ms = now;
	c->w.kind = KS_WRITE_ORDER_CREATE;
	c->w.done = create_done;
	c->w.arg = c;
	o->env_id = env->id;
	ks_uuid_v7_new(now, o->token);
	o->req = &c->snap;
	o->created_ms = now;
	o->expires_ms = ks_snap_expiry_at(&c->snap, now);
	o->notify_override = ks_http_header(req, "X-Override-Notification");
	o->notify_append = ks_http_header(req, "X-Append-Notification");
	o->request_json = ks_http_body(req, &o->request_len);
	char *url = ks_xasprintf("%s/snap/v2/vtweb/%s", app->public_url, o->token);
	json_t *answer = json_pack("{s:s,s:s}", "token", o->token, "redirect_url", url);
	c->answer = json_dumps(answer, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(answer);
	free(url);
	if (c->idem_key) {
		o->idem_key = c->idem_key;
		o->idem_status = 201;
		o->idem_body = c->answer;
		o->idem_expires_ms = now + IDEM_TTL_MS;
	}
	/* park first: the writer may finish before submit returns */
	ks_http_suspend(req);
	ks_store_submit(app->store, &c->w);
}

/* The environment's Snap preferences (SPEC §9) shape the order: only its
 * active channels are offered, and card payments go through 3-D Secure
 * when it is on. A request that asks only for inactive channels is
 * refused. */
static void apply_preferences(struct ks_snap_req *r, const struct ks_env *env,
			      struct ks_errlist *errs)
{
	if (env->active_channels) {
		ks_paymethod_set want = r->enabled_payments ? r->enabled_payments : KS_PM_ALL;
		r->enabled_payments = want & env->active_channels;
		if (!r->enabled_payments)
			ks_errlist_add(errs, "enabled_payments: none of the requested payment channels "
					     "is active for this merchant");
	}
	if (env->secure_3ds)
		r->cc_secure = true;
}

void ks_api_snap_create(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	if (!atomic_load(&app->ready)) {
		ks_reply_error(req, KS_ERR_UNAVAILABLE);
		return;
	}
	struct ks_env env;
	int rc = ks_api_authenticate(req, &env);
	if (rc) {
		ks_reply_error(req, rc);
		return;
	}
	/* a key over 46 characters is ignored, as Midtrans does */
	const char *ikey = ks_http_header(req, "Idempotency-Key");
	if (ikey && (!*ikey || strlen(ikey) > IDEM_KEY_MAX))
		ikey = NULL;
	if (ikey && idempotency_check(req, app, &env, ikey))
		return;

	struct create_ctx *c = ks_xcalloc(1, sizeof(*c));
	c->req = req;
	c->app = app;
	c->env_id = env.id;
	c->idem_key = ikey ? ks_xstrdup(ikey) : NULL;
	struct ks_errlist errs = KS_ERRLIST_INIT;
	json_t *body = parse_body(req, &errs);
	if (body) {
		ks_snap_validate(body, &c->snap, &errs);
		json_decref(body);
		if (!errs.n)
			apply_preferences(&c->snap, &env, &errs);
	}
	check_notify_header(req, "X-Override-Notification", &errs);
	check_notify_header(req, "X-Append-Notification", &errs);
	if (errs.n) {
		ks_reply_messages(req, 400, &errs);
		ks_errlist_release(&errs);
		if (c->idem_key)
			ks_idem_end(app, env.id, c->idem_key);
		create_ctx_free(c);
		return;
	}
	submit_create(req, c, &env);
}

void ks_api_healthz(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	if (!atomic_load(&app->ready)) {
		ks_reply_message(req, 503, "starting");
		return;
	}
	static const char ok[] = "{\"status\":\"ok\"}";
	ks_http_reply(req, 200, "application/json", ks_xstrdup(ok), sizeof(ok) - 1);
}
