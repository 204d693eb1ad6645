/* JSON answers shared by the API surfaces. */
#ifndef KS_API_REPLY_H
#define KS_API_REPLY_H

#include <jansson.h>

#include "core/errlist.h"
#include "http/http.h"

/* Serialises value (reference stolen) as the answer. */
void ks_reply_json(struct ks_http_req *req, int status, json_t *value);
/* {"error_messages":[...]} from a list of messages. */
void ks_reply_messages(struct ks_http_req *req, int status, const struct ks_errlist *errs);
/* {"error_messages":[msg]}. */
void ks_reply_message(struct ks_http_req *req, int status, const char *msg);
/* {"error_messages":[...]} for a KS_ERR_* code, with its status and text. */
void ks_reply_error(struct ks_http_req *req, int err);

/* The Core API error shape: {"status_code":"404","status_message":msg},
 * with validation_messages when errs is non-empty; HTTP status = status. */
void ks_reply_core(struct ks_http_req *req, int status, const char *msg,
		   const struct ks_errlist *errs);

#endif
