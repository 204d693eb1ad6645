/* This file contains the libmicrohttpd glue: daemon start and graceful stop,
 * the access handler (body collection with a limit, routing, replies) and
 * suspend/resume for requests completed by other threads. */
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/errors.h"
#include "core/urlcode.h"
#include "http/http.h"
#include "http/route.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/xalloc.h"

/* Beyond this many bytes of an oversized body the connection is dropped
 * instead of draining it for the 413 answer. */
#define DRAIN_MAX (1024 * 1024)

struct header {
	char *name, *value;
	struct header *next;
};

struct query_value {
	char *value;
	struct query_value *next;
};

struct ks_http_req {
	struct ks_http_server *srv;
	struct MHD_Connection *conn;
	const char *method;
	const char *path;
	char id[17];
	char *params[KS_HTTP_MAX_PARAMS];
	char *body;
	size_t len, cap;
	size_t dropped; /* bytes of an oversized body not kept */
	int too_large;
	size_t route; /* index in the route table; the table's length = none */
	int dispatched;
	int suspended;
	/* the answer */
	int status;
	const char *ctype;
	char *out;
	const char *out_static; /* or bytes nobody frees (ks_http_reply_static) */
	size_t outlen;
	int replied;
	struct header *headers;
	struct query_value *decoded;
	struct timespec start;
};

struct ks_http_server {
	struct MHD_Daemon *daemon;
	const struct ks_route *routes;
	size_t n_routes;
	char **route_names; /* "METHOD pattern", for the metrics */
	void *app;
	size_t body_max;
	unsigned port;
	atomic_long inflight;
	atomic_ulong next_id;
};

/* ---- accessors ---- */

void *ks_http_app(const struct ks_http_req *req) { return req->srv->app; }
const char *ks_http_method(const struct ks_http_req *req) { return req->method; }
const char *ks_http_path(const struct ks_http_req *req) { return req->path; }
const char *ks_http_reqid(const struct ks_http_req *req) { return req->id; }

const char *ks_http_header(const struct ks_http_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
				    const char *value)
{
	(void)kind;
	(void)value;
	struct { const char *name; int n; } *c = cls;
	if (strcasecmp(key, c->name) == 0)
		c->n++;
	return MHD_YES;
}

int ks_http_header_count(const struct ks_http_req *req, const char *name)
{
	struct { const char *name; int n; } c = { name, 0 };
	MHD_get_connection_values(req->conn, MHD_HEADER_KIND, count_header, &c);
	return c.n;
}

const char *ks_http_query(struct ks_http_req *req, const char *name)
{
	/* values arrive raw (see no_unescape); decode on demand */
	const char *raw = MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
	if (!raw)
		return NULL;
	size_t n = strlen(raw);
	struct query_value *q = ks_xmalloc(sizeof(*q));
	q->value = ks_xmalloc(n + 1);
	q->next = req->decoded;
	req->decoded = q;
	if (ks_percent_decode(raw, n, q->value, true) < 0)
		return NULL;
	return q->value;
}

const char *ks_http_param(const struct ks_http_req *req, int i)
{
	return (i >= 0 && i < KS_HTTP_MAX_PARAMS) ? req->params[i] : NULL;
}

const char *ks_http_body(const struct ks_http_req *req, size_t *len)
{
	if (len)
		*len = req->len;
	return req->body ? req->body : "";
}

void ks_http_reply(struct ks_http_req *req, int status, const char *content_type, char *body,
		   size_t len)
{
	if (req->replied) {
		ks_log(KS_LOG_ERROR, req->id, "second reply to one request dropped");
		free(body);
		return;
	}
	req->replied = 1;
	req->status = status;
	req->ctype = content_type;
	req->out = body;
	req->outlen = len;
}

void ks_http_reply_static(struct ks_http_req *req, int status, const char *content_type,
			  const char *body, size_t len)
{
	if (req->replied) {
		ks_log(KS_LOG_ERROR, req->id, "second reply to one request dropped");
		return;
	}
	ks_http_reply(req, status, content_type, NULL, 0);
	req->out_static = body;
	req->outlen = len;
}

void ks_http_reply_header(struct ks_http_req *req, const char *name, const char *value)
{
	struct header *h = ks_xmalloc(sizeof(*h));
	h->name = ks_xstrdup(name);
	h->value = ks_xstrdup(value);
	h->next = req->headers;
	req->headers = h;
}

void ks_http_suspend(struct ks_http_req *req)
{
	req->suspended = 1;
	MHD_suspend_connection(req->conn);
}

void ks_http_resume(struct ks_http_req *req)
{
	MHD_resume_connection(req->conn);
}

/* ---- the access handler ---- */

static void reply_static(struct ks_http_req *req, int status, const char *json)
{
	ks_http_reply(req, status, "application/json", ks_xstrdup(json), strlen(json));
}

static enum MHD_Result queue_reply(struct ks_http_req *req)
{
	struct MHD_Response *r =
		req->out_static
			? MHD_create_response_from_buffer(req->outlen, (void *)req->out_static,
							  MHD_RESPMEM_PERSISTENT)
			: MHD_create_response_from_buffer(req->outlen, req->out,
							  req->out ? MHD_RESPMEM_MUST_FREE
								   : MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	req->out = NULL; /* the response owns it now */
	if (req->ctype)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, req->ctype);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Request-Id", req->id);
	int retry_after = 0;
	for (struct header *h = req->headers; h; h = h->next) {
		MHD_add_response_header(r, h->name, h->value);
		retry_after |= strcasecmp(h->name, "Retry-After") == 0;
	}
	/* every 503 (store busy or full, not ready yet) says when to come back */
	if (req->status == 503 && !retry_after)
		MHD_add_response_header(r, "Retry-After", "1");
	enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)req->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void dispatch(struct ks_http_req *req)
{
	if (req->too_large) {
		reply_static(req, 413, "{\"error_messages\":[\"request body is larger than 16384 bytes\"]}");
		return;
	}
	int method_mismatch = 0;
	const struct ks_route *rt = ks_route_match(req->srv->routes, req->method, req->path,
						   req->params, &method_mismatch);
	req->route = rt ? (size_t)(rt - req->srv->routes) : req->srv->n_routes;
	if (rt) {
		rt->handler(req);
	} else if (method_mismatch) {
		reply_static(req, 405, "{\"error_messages\":[\"method not allowed\"]}");
	} else {
		reply_static(req, 404, "{\"error_messages\":[\"the requested URL was not found\"]}");
	}
}

static int collect_body(struct ks_http_req *req, const char *data, size_t n)
{
	if (req->too_large || req->len + n > req->srv->body_max) {
		req->too_large = 1;
		req->dropped += n;
		return req->dropped > DRAIN_MAX ? -1 : 0;
	}
	if (req->len + n + 1 > req->cap) {
		req->cap = req->len + n + 1 > 2 * req->cap ? req->len + n + 1 : 2 * req->cap;
		req->body = ks_xrealloc(req->body, req->cap);
	}
	memcpy(req->body + req->len, data, n);
	req->len += n;
	req->body[req->len] = '\0';
	return 0;
}

static struct ks_http_req *req_new(struct ks_http_server *srv, struct MHD_Connection *conn,
				   const char *url, const char *method)
{
	struct ks_http_req *req = ks_xcalloc(1, sizeof(*req));
	req->srv = srv;
	req->route = srv->n_routes;
	req->conn = conn;
	req->method = method;
	req->path = url;
	clock_gettime(CLOCK_MONOTONIC, &req->start);
	snprintf(req->id, sizeof(req->id), "%08lx", (unsigned long)atomic_fetch_add(&srv->next_id, 1));
	atomic_fetch_add(&srv->inflight, 1);
	return req;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct ks_http_server *srv = cls;
	struct ks_http_req *req = *con_cls;
	if (!req) {
		req = req_new(srv, conn, url, method);
		*con_cls = req;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl && strtoull(cl, NULL, 10) > srv->body_max) {
			/* refuse before reading the body */
			req->too_large = 1;
			req->dispatched = 1;
			dispatch(req);
			return queue_reply(req);
		}
		return MHD_YES;
	}
	if (*upload_size) {
		int rc = collect_body(req, upload, *upload_size);
		*upload_size = 0;
		return rc ? MHD_NO : MHD_YES;
	}
	if (!req->dispatched) {
		req->dispatched = 1;
		dispatch(req);
		if (req->suspended && !req->replied)
			return MHD_YES; /* another thread replies, then resumes */
	}
	if (!req->replied) {
		if (req->suspended)
			return MHD_YES; /* resumed without a reply yet: keep waiting */
		ks_log(KS_LOG_ERROR, req->id, "handler for %s %s gave no answer", method, url);
		reply_static(req, 500, "{\"error_messages\":[\"Sorry, we encountered internal "
				       "server error. We will fix this soon.\"]}");
	}
	return queue_reply(req);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)conn;
	struct ks_http_server *srv = cls;
	struct ks_http_req *req = *con_cls;
	if (!req)
		return;
	*con_cls = NULL;
	struct timespec end;
	clock_gettime(CLOCK_MONOTONIC, &end);
	double ms = (double)(end.tv_sec - req->start.tv_sec) * 1e3 +
		    (double)(end.tv_nsec - req->start.tv_nsec) / 1e6;
	if (req->replied)
		ks_metrics_request(req->route, req->status, ms);
	/* the path only: query strings may hold card data */
	ks_log(KS_LOG_DEBUG, req->id, "%s %s %d %.2fms%s", req->method, req->path, req->status, ms,
	       toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	for (int i = 0; i < KS_HTTP_MAX_PARAMS; i++)
		free(req->params[i]);
	while (req->headers) {
		struct header *h = req->headers;
		req->headers = h->next;
		free(h->name);
		free(h->value);
		free(h);
	}
	while (req->decoded) {
		struct query_value *q = req->decoded;
		req->decoded = q->next;
		free(q->value);
		free(q);
	}
	free(req->out);
	free(req->body);
	free(req);
	atomic_fetch_sub(&srv->inflight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	(void)cls;
	(void)c;
	(void)socket_context;
	ks_metrics_connection(toe == MHD_CONNECTION_NOTIFY_STARTED ? 1 : -1);
}

/* Keep paths and query values raw: path segments are decoded one by one
 * after routing, so "%2F" inside an order id cannot make a new segment. */
static size_t no_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

__attribute__((format(printf, 2, 0))) static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	size_t n = strlen(line);
	while (n && line[n - 1] == '\n')
		line[--n] = '\0';
	ks_log(KS_LOG_WARN, NULL, "http: %s", line);
}

static void free_route_names(struct ks_http_server *srv)
{
	ks_metrics_set_routes(NULL, 0);
	for (size_t i = 0; i < srv->n_routes; i++)
		free(srv->route_names[i]);
	free(srv->route_names);
}

/* Resolves "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *ss, socklen_t *sslen,
			char *err, size_t errsz)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	if (!colon || colon == listen || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errsz, "--listen must be HOST:PORT, got '%s'", listen);
		return KS_ERR_INVALID;
	}
	size_t hl = (size_t)(colon - listen);
	memcpy(host, listen, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	char *end;
	unsigned long port = strtoul(colon + 1, &end, 10);
	if (!colon[1] || *end || port > 65535) {
		snprintf(err, errsz, "--listen port must be 0 to 65535, got '%s'", colon + 1);
		return KS_ERR_INVALID;
	}
	struct addrinfo hints = { .ai_flags = AI_NUMERICSERV, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	char portstr[8];
	snprintf(portstr, sizeof(portstr), "%lu", port);
	if (getaddrinfo(host, portstr, &hints, &ai) != 0 || !ai) {
		snprintf(err, errsz, "--listen host '%s' cannot be resolved", host);
		return KS_ERR_INVALID;
	}
	memcpy(ss, ai->ai_addr, ai->ai_addrlen);
	*sslen = ai->ai_addrlen;
	freeaddrinfo(ai);
	return KS_OK;
}

/* Descriptors kept for the rest of kasir: the database, the notifier's
 * sockets (up to 1000 in flight), log files. */
#define FD_RESERVE 1100

/* Every connection is a descriptor. A flood of idle connections must find
 * room, not a refused accept: raise the soft descriptor limit to the hard
 * one (as nginx's worker_rlimit_nofile does), and keep the connection limit
 * within it. */
static unsigned fit_connection_limit(unsigned want)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rlim_t old = rl.rlim_cur;
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
			rl.rlim_cur = old;
	}
	if (rl.rlim_cur == RLIM_INFINITY)
		return want;
	rlim_t reserve = rl.rlim_cur / 2 < FD_RESERVE ? rl.rlim_cur / 2 : FD_RESERVE;
	rlim_t room = rl.rlim_cur - reserve;
	if (room < 16)
		room = 16;
	if ((rlim_t)want <= room)
		return want;
	ks_log(KS_LOG_WARN, NULL,
	       "--max-connections %u lowered to %llu: the descriptor limit is %llu (raise ulimit -n)",
	       want, (unsigned long long)room, (unsigned long long)rl.rlim_cur);
	return (unsigned)room;
}

int ks_http_start(const struct ks_http_config *cfg, const struct ks_route *routes, void *app,
		  struct ks_http_server **out, char *err, size_t errsz)
{
	struct sockaddr_storage ss;
	socklen_t sslen;
	*out = NULL;
	int rc = parse_listen(cfg->listen, &ss, &sslen, err, errsz);
	if (rc)
		return rc;
	struct ks_http_server *srv = ks_xcalloc(1, sizeof(*srv));
	srv->routes = routes;
	srv->app = app;
	while (routes[srv->n_routes].method)
		srv->n_routes++;
	srv->route_names = ks_xcalloc(srv->n_routes + 1, sizeof(char *));
	for (size_t i = 0; i < srv->n_routes; i++)
		srv->route_names[i] = ks_xasprintf("%s %s", routes[i].method, routes[i].pattern);
	ks_metrics_set_routes((const char *const *)srv->route_names, srv->n_routes);
	srv->body_max = cfg->body_max;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
			 MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG | MHD_USE_TURBO;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	/* at least 2 pool threads: without a pool, libmicrohttpd 0.9.75 stops
	 * serving at 128+ keep-alive connections (DESIGN §5a) */
	unsigned threads = cfg->threads < 2 ? 2 : cfg->threads;
	srv->daemon = MHD_start_daemon(
		flags, 0, NULL, NULL, on_request, srv,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, to catch all */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, fit_connection_limit(cfg->max_connections),
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout_s,
		/* per-connection buffer for headers and the response head;
		 * bodies are copied out, so this stays small (RSS at 1000
		 * open connections) */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)16384,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
		MHD_OPTION_UNESCAPE_CALLBACK, no_unescape, NULL,
		MHD_OPTION_END);
	if (!srv->daemon) {
		snprintf(err, errsz, "cannot listen on %s (address in use or not permitted)",
			 cfg->listen);
		free_route_names(srv);
		free(srv);
		return KS_ERR_INVALID;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon,
								MHD_DAEMON_INFO_BIND_PORT);
	srv->port = info ? info->port : 0;
	*out = srv;
	return KS_OK;
}

unsigned ks_http_port(const struct ks_http_server *srv)
{
	return srv->port;
}

void ks_http_stop(struct ks_http_server *srv, unsigned grace_ms)
{
	MHD_socket lsock = MHD_quiesce_daemon(srv->daemon);
	if (lsock != MHD_INVALID_SOCKET)
		close(lsock);
	/* requests already dispatched (some parked on the store) finish */
	for (unsigned waited = 0; atomic_load(&srv->inflight) > 0 && waited < grace_ms; waited += 10) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };
		nanosleep(&ts, NULL);
	}
	if (atomic_load(&srv->inflight) > 0)
		ks_log(KS_LOG_WARN, NULL, "stopping with %ld requests still in flight",
		       (long)atomic_load(&srv->inflight));
	MHD_stop_daemon(srv->daemon);
	free_route_names(srv);
	free(srv);
}
