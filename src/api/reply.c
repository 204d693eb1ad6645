/* This file contains the JSON reply helpers. */
#include <stdio.h>
#include <string.h>

#include "api/reply.h"
#include "core/errors.h"

void ks_reply_json(struct ks_http_req *req, int status, json_t *value)
{
	char *s = json_dumps(value, JSON_COMPACT);
	json_decref(value);
	if (!s) {
		static const char oom[] = "{\"error_messages\":[\"Sorry, we encountered internal "
					  "server error. We will fix this soon.\"]}";
		ks_http_reply(req, 500, "application/json", strdup(oom), sizeof(oom) - 1);
		return;
	}
	ks_http_reply(req, status, "application/json", s, strlen(s));
}

void ks_reply_messages(struct ks_http_req *req, int status, const struct ks_errlist *errs)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < errs->n; i++) {
		json_t *m = json_string(errs->msgs[i]);
		/* a message quoting cut input may end mid-character */
		json_array_append_new(arr, m ? m : json_string("invalid value (not UTF-8)"));
	}
	ks_reply_json(req, status, json_pack("{s:o}", "error_messages", arr));
}

void ks_reply_message(struct ks_http_req *req, int status, const char *msg)
{
	ks_reply_json(req, status, json_pack("{s:[s]}", "error_messages", msg));
}

void ks_reply_error(struct ks_http_req *req, int err)
{
	ks_reply_message(req, ks_err_http_status(err), ks_err_message(err));
}

void ks_reply_core(struct ks_http_req *req, int status, const char *msg,
		   const struct ks_errlist *errs)
{
	char code[8];
	snprintf(code, sizeof(code), "%d", status);
	json_t *o = json_pack("{s:s,s:s}", "status_code", code, "status_message", msg);
	if (errs && errs->n) {
		json_t *arr = json_array();
		for (size_t i = 0; i < errs->n; i++) {
			json_t *m = json_string(errs->msgs[i]);
			json_array_append_new(arr, m ? m : json_string("invalid value (not UTF-8)"));
		}
		json_object_set_new(o, "validation_messages", arr);
	}
	ks_reply_json(req, status, o);
}
