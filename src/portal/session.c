/* This file contains the portal's sessions: the cookie (a random id the
 * database knows only by its SHA-256), finding the logged-in merchant of a
 * request, and the environment a route names. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/app.h"
#include "core/errors.h"
#include "portal/portal.h"
#include "util/clock.h"
#include "util/log.h"

#define COOKIE_VALUE_LEN 43 /* base64url of 32 bytes, no padding */

void ks_portal_session_new(char cookie[64], unsigned char id_hash[32], char csrf[64])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(cookie, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_hash_sha256(id_hash, (const unsigned char *)cookie, strlen(cookie));
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(csrf, 64, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void ks_portal_set_cookie(struct ks_http_req *req, const char *value, long long max_age_s)
{
	struct ks_app *app = ks_http_app(req);
	int secure = strncasecmp(app->public_url, "https://", 8) == 0;
	char h[256];
	snprintf(h, sizeof(h), "%s=%s; Path=/map; Max-Age=%lld; HttpOnly; SameSite=Strict%s",
		 KS_PORTAL_COOKIE, value, max_age_s, secure ? "; Secure" : "");
	ks_http_reply_header(req, "Set-Cookie", h);
}

/* The value of our cookie in a Cookie header; 0 when absent or malformed. */
static int cookie_value(const char *header, char out[COOKIE_VALUE_LEN + 1])
{
	const size_t nlen = strlen(KS_PORTAL_COOKIE);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		size_t n = strcspn(p, ";");
		if (n == nlen + 1 + COOKIE_VALUE_LEN && strncmp(p, KS_PORTAL_COOKIE, nlen) == 0 &&
		    p[nlen] == '=') {
			memcpy(out, p + nlen + 1, COOKIE_VALUE_LEN);
			out[COOKIE_VALUE_LEN] = '\0';
			return 1;
		}
		p += n;
	}
	return 0;
}

int ks_portal_env_kind(const char *name, enum ks_env_kind *out)
{
	if (name && strcmp(name, "sandbox") == 0)
		*out = KS_ENV_SANDBOX;
	else if (name && strcmp(name, "production") == 0)
		*out = KS_ENV_PRODUCTION;
	else
		return -1;
	return 0;
}

int ks_portal_begin(struct ks_http_req *req, int write, int env_param,
		    struct ks_portal_ctx *ctx)
{
	struct ks_app *app = ks_http_app(req);
	memset(ctx, 0, sizeof(*ctx));
	ks_portal_headers(req);
	char cookie[COOKIE_VALUE_LEN + 1];
	if (!cookie_value(ks_http_header(req, "Cookie"), cookie)) {
		ks_portal_error(req, 401, "please log in");
		return -1;
	}
	crypto_hash_sha256(ctx->id_hash, (const unsigned char *)cookie, strlen(cookie));
	sodium_memzero(cookie, sizeof(cookie));
	int rc = ks_store_session_get(app->store, ctx->id_hash, ks_clock_now_ms(), &ctx->session);
	if (!rc)
		rc = ks_store_account_by_id(app->store, ctx->session.merchant_id, &ctx->account);
	if (rc == KS_ERR_NOT_FOUND) {
		ks_portal_error(req, 401, "your session has ended; please log in again");
		return -1;
	}
	if (rc) {
		ks_portal_error(req, ks_err_http_status(rc), ks_err_message(rc));
		return -1;
	}
	if (write && !ks_portal_csrf_ok(req, &ctx->session)) {
		ks_log(KS_LOG_WARN, ks_http_reqid(req), "portal request refused: bad CSRF token or origin");
		ks_portal_error(req, 403, "the request did not come from the portal (CSRF token missing or wrong); reload the page");
		return -1;
	}
	if (env_param < 0)
		return 0;
	enum ks_env_kind kind;
	if (ks_portal_env_kind(ks_http_param(req, env_param), &kind)) {
		ks_portal_error(req, 404, "environment must be sandbox or production");
		return -1;
	}
	rc = ks_store_env_by_merchant(app->store, ctx->account.code, kind, &ctx->env);
	if (rc) {
		ks_portal_error(req, rc == KS_ERR_NOT_FOUND ? 404 : ks_err_http_status(rc),
				rc == KS_ERR_NOT_FOUND ? "environment not found" : ks_err_message(rc));
		return -1;
	}
	return 0;
}
