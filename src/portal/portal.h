/* The Merchant Admin Portal at /map/ (SPEC §9, docs/portal.md): a small
 * JavaScript app (web/map/) over the JSON endpoints under /map/api/. One
 * file per concern: pages (static files and the strict headers), session
 * (cookies and the logged-in merchant), csrf, auth (sign-up, log-in,
 * log-out), settings, transactions and dashboard; job.c submits their
 * writes. */
#ifndef KS_PORTAL_PORTAL_H
#define KS_PORTAL_PORTAL_H

#include <jansson.h>

#include "http/http.h"
#include "store/store.h"

#define KS_PORTAL_COOKIE "kasir_map"
#define KS_PORTAL_SESSION_MS (12LL * 3600 * 1000) /* absolute session lifetime */
#define KS_PORTAL_LOCK_AFTER 10                    /* wrong passwords in a row */
#define KS_PORTAL_LOCK_MS (15LL * 60 * 1000)

/* The logged-in merchant of an API request. */
struct ks_portal_ctx {
	struct ks_session session;
	unsigned char id_hash[32]; /* the session's key */
	struct ks_account account;
	struct ks_env env; /* of the route's {env} segment, when it has one */
};

/* ---- pages.c ---- */
/* Adds the portal's headers (CSP without inline script, frame-ancestors
 * 'none', nosniff, Referrer-Policy, no-store) to the answer. Every portal
 * handler calls it first. */
void ks_portal_headers(struct ks_http_req *req);
void ks_portal_page(struct ks_http_req *req);     /* GET /map/ */
void ks_portal_redirect(struct ks_http_req *req); /* GET /map -> /map/ */
void ks_portal_asset(struct ks_http_req *req);    /* GET /map/assets/{} */

/* ---- session.c ---- */
/* Finds the request's session (cookie), its account and, when env_param
 * >= 0, the environment named by that route segment ("sandbox" or
 * "production"). write: the request changes state, so its CSRF token is
 * checked too. Answers 401, 403 or 404 itself and returns -1 when it
 * cannot go on. */
int ks_portal_begin(struct ks_http_req *req, int write, int env_param,
		    struct ks_portal_ctx *ctx);
/* A new session: its cookie value (base64url of 32 random bytes), the
 * SHA-256 under which it is stored, and its CSRF token. */
void ks_portal_session_new(char cookie[64], unsigned char id_hash[32], char csrf[64]);
/* Sets the session cookie (HttpOnly, SameSite=Strict, Path=/map, Secure
 * when the public URL is https); value "" with max_age 0 clears it. */
void ks_portal_set_cookie(struct ks_http_req *req, const char *value, long long max_age_s);

/* ---- csrf.c ---- */
/* True when the request came from the portal's own pages: its Origin (when
 * sent) is kasir's and, with a session, its X-CSRF-Token header equals
 * the session's token (constant-time). */
int ks_portal_origin_ok(struct ks_http_req *req);
int ks_portal_csrf_ok(struct ks_http_req *req, const struct ks_session *s);

/* ---- job.c: writes, and JSON in and out ---- */
struct ks_portal_job {
	struct ks_store_write w;
	struct ks_http_req *req;
	json_t *ok; /* the 200 answer on success (taken); NULL: {"ok":true} */
	/* optional: answers instead of the default (ok, 409 or error) */
	void (*finish)(struct ks_portal_job *j);
	char *strs[8]; /* owned copies (ks_portal_job_str) */
	size_t nstrs;
	void *data; /* freed with free() */
};
/* A job for one write of kind; submitted with ks_portal_job_submit, which
 * suspends the request and answers it when the write completes. */
struct ks_portal_job *ks_portal_job_new(struct ks_http_req *req, enum ks_write_kind kind);
/* A copy of s owned by the job (NULL stays NULL). */
const char *ks_portal_job_str(struct ks_portal_job *j, const char *s);
void ks_portal_job_submit(struct ks_portal_job *j);
/* The same for a request already suspended (by the handler that handed it
 * to the password thread). */
void ks_portal_job_submit_parked(struct ks_portal_job *j);
/* Answers {"error": msg} with status instead of submitting j, frees j and
 * resumes its request (suspended). */
void ks_portal_job_fail(struct ks_portal_job *j, int status, const char *msg);

/* The request body as a JSON object; answers 400 itself and returns NULL
 * when it is not one. */
json_t *ks_portal_body(struct ks_http_req *req);
/* {"error": msg} with status. */
void ks_portal_error(struct ks_http_req *req, int status, const char *msg);
/* 422 {"errors": {field: message, ...}} (errors taken). */
void ks_portal_field_errors(struct ks_http_req *req, json_t *errors);
/* Midnight in Asia/Jakarta of a date "YYYY-MM-DD", in UTC ms; -1 when
 * it is not a real date. */
int ks_portal_date(const char *s, int64_t *out_ms);
/* Parses "sandbox" / "production". */
int ks_portal_env_kind(const char *name, enum ks_env_kind *out);

/* ---- the handlers (routes.c) ---- */
void ks_portal_signup(struct ks_http_req *req);
void ks_portal_login(struct ks_http_req *req);
void ks_portal_logout(struct ks_http_req *req);
void ks_portal_me(struct ks_http_req *req);
void ks_portal_password(struct ks_http_req *req); /* the merchant's own, logged in */
void ks_portal_settings_get(struct ks_http_req *req);
void ks_portal_settings_post(struct ks_http_req *req); /* /map/api/{env}/settings/{section} */
void ks_portal_server_key(struct ks_http_req *req);    /* regenerate, confirmed */
void ks_portal_txn_list(struct ks_http_req *req);
void ks_portal_txn_get(struct ks_http_req *req);
void ks_portal_txn_action(struct ks_http_req *req); /* approve ... refund, resend */
void ks_portal_dashboard(struct ks_http_req *req);

#endif
