/* This file contains the portal's static files (web/map/, compiled into
 * the binary) and the headers every portal answer carries. */
#include <string.h>

#include "portal/portal.h"
#include "util/embed.h"

extern const struct ks_embedded ks_map_assets[];

/* No inline script or style, nothing from elsewhere, never framed. */
static const char csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; "
			  "img-src 'self'; connect-src 'self'; form-action 'self'; "
			  "base-uri 'none'; frame-ancestors 'none'";

void ks_portal_headers(struct ks_http_req *req)
{
	ks_http_reply_header(req, "Content-Security-Policy", csp);
	ks_http_reply_header(req, "X-Frame-Options", "DENY");
	ks_http_reply_header(req, "Referrer-Policy", "no-referrer");
	/* pages and answers hold a merchant's data: never kept by a cache */
	ks_http_reply_header(req, "Cache-Control", "no-store");
	ks_http_reply_header(req, "Cross-Origin-Opener-Policy", "same-origin");
	ks_http_reply_header(req, "Cross-Origin-Resource-Policy", "same-origin");
}

static void serve(struct ks_http_req *req, const char *name, const char *ctype)
{
	for (const struct ks_embedded *a = ks_map_assets; a->name; a++) {
		if (strcmp(a->name, name) == 0) {
			ks_http_serve_embedded(req, a, ctype);
			return;
		}
	}
	ks_portal_error(req, 404, "the requested URL was not found");
}

void ks_portal_page(struct ks_http_req *req)
{
	ks_portal_headers(req);
	serve(req, "index.html", "text/html; charset=utf-8");
}

void ks_portal_redirect(struct ks_http_req *req)
{
	ks_portal_headers(req);
	ks_http_reply_header(req, "Location", "/map/");
	ks_http_reply(req, 302, NULL, NULL, 0);
}

void ks_portal_asset(struct ks_http_req *req)
{
	ks_portal_headers(req);
	const char *name = ks_http_param(req, 0);
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (dot && strcmp(dot, ".js") == 0)
		serve(req, name, "application/javascript; charset=utf-8");
	else if (dot && strcmp(dot, ".css") == 0)
		serve(req, name, "text/css; charset=utf-8");
	else
		ks_portal_error(req, 404, "the requested URL was not found");
}
