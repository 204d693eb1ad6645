/* This file contains the portal's cross-site request checks. Session
 * cookies are SameSite=Strict already; every state-changing request must
 * also carry the session's CSRF token in X-CSRF-Token (a header a page of
 * another origin cannot set without CORS, which kasir never grants) and,
 * when the browser sends one, an Origin that is kasir's own. */
#include <sodium.h>
#include <string.h>

#include "api/app.h"
#include "portal/portal.h"

int ks_portal_origin_ok(struct ks_http_req *req)
{
	const char *origin = ks_http_header(req, "Origin");
	if (!origin)
		return 1; /* not a browser's cross-origin request */
	struct ks_app *app = ks_http_app(req);
	/* the public URL's scheme://host[:port], without any path */
	const char *pu = app->public_url;
	const char *host = strstr(pu, "://");
	size_t n = host ? (size_t)(host + 3 - pu) + strcspn(host + 3, "/") : strlen(pu);
	if (strlen(origin) == n && strncmp(origin, pu, n) == 0)
		return 1;
	/* same host as the request itself (kasir reached by another name) */
	const char *h = ks_http_header(req, "Host");
	const char *o = strstr(origin, "://");
	return h && o && strcmp(o + 3, h) == 0;
}

int ks_portal_csrf_ok(struct ks_http_req *req, const struct ks_session *s)
{
	if (!ks_portal_origin_ok(req))
		return 0;
	const char *token = ks_http_header(req, "X-CSRF-Token");
	size_t n = strlen(s->csrf);
	return token && n > 0 && strlen(token) == n && sodium_memcmp(token, s->csrf, n) == 0;
}
