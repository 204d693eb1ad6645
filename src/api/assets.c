/* This file contains the static front end: the files of web/ compiled into
 * the binary, served with their content type and security headers. */
#include <string.h>

#include "api/app.h"
#include "api/handlers.h"
#include "api/reply.h"
#include "util/embed.h"

extern const struct ks_embedded ks_web_assets[];

/* The payment page may be framed by any merchant site (snap.js puts it in an
 * iframe), and so may the 3-D Secure page it frames in turn (frame-ancestors
 * checks every ancestor, the merchant's page included); the demo shop only
 * by kasir itself. */
#define CSP_BASE "default-src 'self'; script-src 'self'; style-src 'self'; " \
		 "img-src 'self' data:; connect-src 'self'; frame-src 'self'; " \
		 "base-uri 'none'; form-action 'self'; "
static const char csp_framable[] = CSP_BASE "frame-ancestors *";
static const char csp_own[] = CSP_BASE "frame-ancestors 'self'";

static const struct ks_embedded *find_asset(const char *name)
{
	for (const struct ks_embedded *a = ks_web_assets; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (dot && strcmp(dot, ".html") == 0)
		return "text/html; charset=utf-8";
	if (dot && strcmp(dot, ".js") == 0)
		return "application/javascript; charset=utf-8";
	if (dot && strcmp(dot, ".css") == 0)
		return "text/css; charset=utf-8";
	return "application/octet-stream";
}

void ks_api_page_headers(struct ks_http_req *req)
{
	ks_http_reply_header(req, "Content-Security-Policy", csp_framable);
	ks_http_reply_header(req, "Cache-Control", "no-store");
	ks_http_reply_header(req, "Referrer-Policy", "strict-origin-when-cross-origin");
}

/* Answers with the embedded file name; csp NULL for scripts and styles. */
static void serve(struct ks_http_req *req, const char *name, const char *csp)
{
	const struct ks_embedded *a = find_asset(name);
	if (!a) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	if (csp) {
		ks_http_reply_header(req, "Content-Security-Policy", csp);
		ks_http_reply_header(req, "Cache-Control", "no-store");
		ks_http_reply_header(req, "Referrer-Policy", "strict-origin-when-cross-origin");
	} else {
		ks_http_reply_header(req, "Cache-Control", "public, max-age=300");
	}
	ks_http_serve_embedded(req, a, content_type(name));
}

void ks_api_asset(struct ks_http_req *req)
{
	const char *name = ks_http_param(req, 0);
	/* pages have their own URLs; only scripts and styles come from here */
	const char *dot = name ? strrchr(name, '.') : NULL;
	if (!dot || (strcmp(dot, ".js") != 0 && strcmp(dot, ".css") != 0)) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	serve(req, name, NULL);
}

void ks_api_snap_js(struct ks_http_req *req)
{
	serve(req, "snap.js", NULL);
}

void ks_api_pay_page(struct ks_http_req *req)
{
	serve(req, "pay.html", csp_framable);
}

void ks_api_3ds_page(struct ks_http_req *req)
{
	serve(req, "3ds.html", csp_framable);
}

void ks_api_demo_page(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	if (!app->demo) {
		ks_reply_message(req, 404, "the requested URL was not found");
		return;
	}
	serve(req, "demo.html", csp_own);
}
