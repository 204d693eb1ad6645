/* The HTTP transport (libmicrohttpd behind it): a route table, requests with
 * bounded bodies, replies, and suspend/resume so a handler can finish a
 * request from another thread (the store's writer) without holding a worker.
 * Only src/http/ includes microhttpd.h. */
#ifndef KS_HTTP_HTTP_H
#define KS_HTTP_HTTP_H

#include <stddef.h>

struct ks_http_server;
struct ks_http_req;

typedef void (*ks_http_handler)(struct ks_http_req *req);

/* One route. pattern segments "{}" capture one path segment, handed to the
 * handler percent-decoded (ks_http_param). A table ends with method NULL. */
struct ks_route {
	const char *method; /* "GET" (also serves HEAD) or "POST" */
	const char *pattern;
	ks_http_handler handler;
};

struct ks_http_config {
	const char *listen; /* "HOST:PORT", "[::1]:PORT"; port 0 = any free one */
	unsigned threads;
	unsigned max_connections;
	unsigned timeout_s; /* idle connection timeout */
	size_t body_max;    /* larger bodies get 413 */
};

#define KS_HTTP_MAX_PARAMS 4

/* Starts serving. app is handed to handlers (ks_http_app). On failure
 * returns a KS_ERR_* code with a message in err. */
int ks_http_start(const struct ks_http_config *cfg, const struct ks_route *routes, void *app,
		  struct ks_http_server **out, char *err, size_t errsz);
/* The port actually bound (useful with port 0). */
unsigned ks_http_port(const struct ks_http_server *srv);
/* Graceful stop: stops accepting, waits up to grace_ms for requests in
 * flight to finish, then closes every connection and frees srv. */
void ks_http_stop(struct ks_http_server *srv, unsigned grace_ms);

/* ---- inside a handler ---- */
void *ks_http_app(const struct ks_http_req *req);
const char *ks_http_method(const struct ks_http_req *req);
const char *ks_http_path(const struct ks_http_req *req);
/* Short id for log lines and the X-Request-Id header. */
const char *ks_http_reqid(const struct ks_http_req *req);
/* A request header (case-insensitive name); NULL when absent. */
const char *ks_http_header(const struct ks_http_req *req, const char *name);
/* How many times a header occurs (repeated headers are legal). */
int ks_http_header_count(const struct ks_http_req *req, const char *name);
/* A query parameter, percent-decoded, valid until the request ends; NULL
 * when absent or not decodable. */
const char *ks_http_query(struct ks_http_req *req, const char *name);
/* The i-th "{}" capture of the route, percent-decoded. */
const char *ks_http_param(const struct ks_http_req *req, int i);
/* The body (NUL-terminated; len excludes the NUL); "" when none. */
const char *ks_http_body(const struct ks_http_req *req, size_t *len);

/* Sets the answer; exactly once per request. body is taken (freed with
 * free()), may be NULL when len is 0. Safe from any thread while the request
 * is suspended; then call ks_http_resume. */
void ks_http_reply(struct ks_http_req *req, int status, const char *content_type, char *body,
		   size_t len);
/* The same with bytes that outlive every request (the embedded files):
 * neither copied nor freed. */
void ks_http_reply_static(struct ks_http_req *req, int status, const char *content_type,
			  const char *body, size_t len);
/* Answers with an embedded web file (util/embed.h): its brotli or gzip
 * form when the request's Accept-Encoding takes it (Content-Encoding, Vary),
 * its ETag, and 304 without a body when If-None-Match already has it. */
struct ks_embedded;
void ks_http_serve_embedded(struct ks_http_req *req, const struct ks_embedded *file,
			    const char *content_type);
/* Adds a response header (name and value are copied); before the reply. */
void ks_http_reply_header(struct ks_http_req *req, const char *name, const char *value);

/* Parks the request: the worker thread goes on to other connections. Call
 * before handing the request to another thread, which later replies and
 * calls ks_http_resume. */
void ks_http_suspend(struct ks_http_req *req);
void ks_http_resume(struct ks_http_req *req);

#endif
