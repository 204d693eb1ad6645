/* This file contains the Core API surface merchants call with their server
 * key (SPEC §6.1): the status of a transaction by order_id or
 * transaction_id. */
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/reply.h"
#include "txn/result.h"
#include "core/errors.h"
#include "util/log.h"

#define WRONG_KEY "Transaction cannot be authorized with the current client/server key."
#define NOT_FOUND "Transaction doesn't exist."

/* Authenticates and finds the payment of the {} id: the transaction_id of
 * one of the environment's payments, else the newest payment of its
 * order_id. Answers the request itself and returns -1 when it cannot. */
int ks_api_find_payment(struct ks_http_req *req, const char *id, struct ks_env *env,
			struct ks_payment *p, struct ks_order *o)
{
	struct ks_app *app = ks_http_app(req);
	int rc = ks_api_authenticate(req, env);
	if (rc == KS_ERR_AUTH) {
		ks_reply_core(req, 401, WRONG_KEY, NULL);
		return -1;
	}
	if (rc == KS_ERR_RATE_LIMITED) {
		ks_reply_core(req, 429, ks_err_message(rc), NULL);
		return -1;
	}
	if (!id)
		rc = KS_ERR_NOT_FOUND;
	else if (!rc) {
		rc = ks_store_payment_get(app->store, id, p);
		if (!rc && p->env_id != env->id) {
			ks_payment_release(p);
			rc = KS_ERR_NOT_FOUND; /* another merchant's: never shown */
		}
		if (rc == KS_ERR_NOT_FOUND)
			rc = ks_store_payment_latest(app->store, env->id, id, p);
	}
	if (!rc) {
		rc = ks_store_order_by_ref(app->store, p->order_ref, o);
		if (rc)
			ks_payment_release(p);
	}
	if (rc == KS_ERR_NOT_FOUND) {
		ks_reply_core(req, 404, NOT_FOUND, NULL);
		return -1;
	}
	if (rc) {
		ks_reply_core(req, ks_err_http_status(rc), ks_err_message(rc), NULL);
		return -1;
	}
	return 0;
}

void ks_api_status(struct ks_http_req *req)
{
	struct ks_env env;
	struct ks_payment p;
	struct ks_order o;
	if (ks_api_find_payment(req, ks_http_param(req, 0), &env, &p, &o))
		return;
	json_t *r = ks_txn_status_json(&env, &o, &p, "Success, transaction is found");
	ks_payment_release(&p);
	ks_order_release(&o);
	ks_reply_json(req, 200, r);
}
