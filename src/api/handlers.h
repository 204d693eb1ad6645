/* The handlers of the API surfaces, listed in routes.c. */
#ifndef KS_API_HANDLERS_H
#define KS_API_HANDLERS_H

#include <jansson.h>

#include "http/http.h"
#include "store/store.h"

/* Checks the Basic auth server key; fills env. KS_ERR_AUTH when wrong. */
int ks_api_authenticate(struct ks_http_req *req, struct ks_env *env);

void ks_api_snap_create(struct ks_http_req *req);

/* the Core API: status and merchant actions (SPEC §6.1) */
void ks_api_status(struct ks_http_req *req);
void ks_api_action(struct ks_http_req *req);  /* /v2/{id}/approve, deny, cancel, expire */
void ks_api_refund(struct ks_http_req *req);  /* /v2/{id}/refund */
void ks_api_capture(struct ks_http_req *req); /* /v2/capture */
/* Authenticates with the server key and finds payment id (a
 * transaction_id, or the newest payment of an order_id) of that
 * environment, with its order. Answers 401 or 404 itself and returns -1
 * when it cannot; else the caller releases *p and *o. */
int ks_api_find_payment(struct ks_http_req *req, const char *id, struct ks_env *env,
			struct ks_payment *p, struct ks_order *o);
void ks_api_healthz(struct ks_http_req *req);

/* the payment page API (docs/payment-page-api.md) */
void ks_api_pay_info(struct ks_http_req *req);
void ks_api_card_token(struct ks_http_req *req);
void ks_api_pay_charge(struct ks_http_req *req);
void ks_api_pay_status(struct ks_http_req *req); /* the page's poll */
void ks_api_3ds_info(struct ks_http_req *req);
void ks_api_3ds_submit(struct ks_http_req *req);

/* the front end compiled into the binary (web/) */
void ks_api_asset(struct ks_http_req *req);
void ks_api_snap_js(struct ks_http_req *req);
void ks_api_pay_page(struct ks_http_req *req);
void ks_api_3ds_page(struct ks_http_req *req);
void ks_api_demo_page(struct ks_http_req *req);
/* The headers of a kasir page that the payment page may frame (CSP with
 * script-src 'self', no-store): for server-rendered pages. */
void ks_api_page_headers(struct ks_http_req *req);

/* the simulators (docs/simulators.md) */
void ks_api_sim_index(struct ks_http_req *req);   /* GET /sim/ */
void ks_api_sim_form(struct ks_http_req *req);    /* GET /sim/{channel} */
void ks_api_sim_inquiry(struct ks_http_req *req); /* POST /sim/{channel}/inquiry */
void ks_api_sim_pay(struct ks_http_req *req);     /* POST /sim/{channel}/pay, JSON or form */
void ks_api_sim_bank_page(struct ks_http_req *req);   /* GET /sim/{method}/{transaction_id} */
void ks_api_sim_bank_submit(struct ks_http_req *req); /* POST /sim/{method}/{transaction_id} */

/* the sandbox: the demo shop's checkout, and the test clock */
void ks_api_demo_checkout(struct ks_http_req *req);
void ks_api_sandbox_clock(struct ks_http_req *req);
/* the store's fault injection (--fault-injection), docs/faults.md */
void ks_api_sandbox_faults(struct ks_http_req *req);
/* GET /metrics, the Prometheus text format */
void ks_api_metrics(struct ks_http_req *req);

#endif
