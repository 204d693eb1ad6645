/* The handlers of the API surfaces, listed in routes.c. */
#ifndef KS_API_HANDLERS_H
#define KS_API_HANDLERS_H

#include "http/http.h"
#include "store/store.h"

/* Checks the Basic auth server key; fills env. KS_ERR_AUTH when wrong. */
int ks_api_authenticate(struct ks_http_req *req, struct ks_env *env);

void ks_api_snap_create(struct ks_http_req *req);
void ks_api_healthz(struct ks_http_req *req);

/* the payment page API (docs/payment-page-api.md) */
void ks_api_pay_info(struct ks_http_req *req);
void ks_api_card_token(struct ks_http_req *req);
void ks_api_pay_charge(struct ks_http_req *req);
void ks_api_3ds_info(struct ks_http_req *req);
void ks_api_3ds_submit(struct ks_http_req *req);

/* the front end compiled into the binary (web/) */
void ks_api_asset(struct ks_http_req *req);
void ks_api_snap_js(struct ks_http_req *req);
void ks_api_pay_page(struct ks_http_req *req);
void ks_api_3ds_page(struct ks_http_req *req);
void ks_api_demo_page(struct ks_http_req *req);

/* the sandbox: the demo shop's checkout, and the test clock */
void ks_api_demo_checkout(struct ks_http_req *req);
void ks_api_sandbox_clock(struct ks_http_req *req);

#endif
