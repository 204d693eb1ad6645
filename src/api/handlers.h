/* The handlers of the API surfaces, listed in routes.c. */
#ifndef KS_API_HANDLERS_H
#define KS_API_HANDLERS_H

#include "http/http.h"
#include "store/store.h"

/* Checks the Basic auth server key; fills env. KS_ERR_AUTH when wrong. */
int ks_api_authenticate(struct ks_http_req *req, struct ks_env *env);

void ks_api_snap_create(struct ks_http_req *req);
void ks_api_healthz(struct ks_http_req *req);

#endif
