/* This file contains the metrics registry and its Prometheus rendering. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/metrics.h"
#include "util/xalloc.h"

static const double ms_bounds[] = { 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 5000 };
#define MS_BUCKETS (sizeof(ms_bounds) / sizeof(ms_bounds[0]))
static const double batch_bounds[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
#define BATCH_BUCKETS (sizeof(batch_bounds) / sizeof(batch_bounds[0]))

struct histogram {
	_Atomic uint64_t bucket[16]; /* cumulative at render time, not here */
	_Atomic uint64_t count;
	_Atomic uint64_t sum_micro; /* sum of values x 1000 */
};

static const char *const *route_names;
static size_t n_routes;
/* requests[route][status - 100] */
static _Atomic uint64_t requests[KS_METRICS_ROUTES_MAX + 1][500];
static struct histogram latency[KS_METRICS_ROUTES_MAX + 1];
static struct histogram commit_jobs, commit_ms;
static _Atomic int64_t connections;
static _Atomic uint64_t deliveries[3]; /* done, retry, failed */
static const char *const delivery_names[3] = { "done", "retry", "failed" };

void ks_metrics_set_routes(const char *const *patterns, size_t n)
{
	route_names = patterns;
	n_routes = n < KS_METRICS_ROUTES_MAX ? n : KS_METRICS_ROUTES_MAX;
}

static void observe(struct histogram *h, const double *bounds, size_t nb, double v)
{
	size_t i = 0;
	while (i < nb && v > bounds[i])
		i++;
	atomic_fetch_add(&h->bucket[i], 1); /* i == nb: only +Inf */
	atomic_fetch_add(&h->count, 1);
	atomic_fetch_add(&h->sum_micro, (uint64_t)(v * 1000.0));
}

void ks_metrics_request(size_t route, int status, double ms)
{
	if (route > n_routes)
		route = n_routes;
	if (status >= 100 && status < 600)
		atomic_fetch_add(&requests[route][status - 100], 1);
	observe(&latency[route], ms_bounds, MS_BUCKETS, ms);
}

void ks_metrics_connection(int delta)
{
	atomic_fetch_add(&connections, delta);
}

void ks_metrics_commit(size_t jobs, double ms)
{
	observe(&commit_jobs, batch_bounds, BATCH_BUCKETS, (double)jobs);
	observe(&commit_ms, ms_bounds, MS_BUCKETS, ms);
}

void ks_metrics_delivery(const char *result)
{
	for (int i = 0; i < 3; i++)
		if (strcmp(result, delivery_names[i]) == 0)
			atomic_fetch_add(&deliveries[i], 1);
}

struct out {
	char *buf;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	for (;;) {
		va_start(ap, fmt);
		int n = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < o->cap - o->len) {
			o->len += (size_t)n;
			return;
		}
		o->cap = o->cap * 2 + (size_t)(n > 0 ? n : 0);
		o->buf = ks_xrealloc(o->buf, o->cap);
	}
}

static void put_histogram(struct out *o, const char *name, const char *labels,
			  struct histogram *h, const double *bounds, size_t nb)
{
	uint64_t cum = 0;
	for (size_t i = 0; i <= nb; i++) {
		cum += atomic_load(&h->bucket[i]);
		if (i < nb)
			put(o, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels, *labels ? "," : "",
			    bounds[i], (unsigned long long)cum);
		else
			put(o, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels, *labels ? "," : "",
			    (unsigned long long)cum);
	}
	const char *open = *labels ? "{" : "", *close = *labels ? "}" : "";
	put(o, "%s_sum%s%s%s %.3f\n", name, open, labels, close,
	    (double)atomic_load(&h->sum_micro) / 1000.0);
	put(o, "%s_count%s%s%s %llu\n", name, open, labels, close,
	    (unsigned long long)atomic_load(&h->count));
}

static const char *route_name(size_t r)
{
	return r < n_routes ? route_names[r] : "other";
}

char *ks_metrics_render(int64_t outbox_depth, double outbox_oldest_s, size_t *len)
{
	struct out o = { ks_xmalloc(8192), 0, 8192 };
	put(&o, "# HELP kasir_http_requests_total HTTP requests answered, by route and status.\n"
		"# TYPE kasir_http_requests_total counter\n");
	for (size_t r = 0; r <= n_routes; r++)
		for (int s = 0; s < 500; s++) {
			uint64_t v = atomic_load(&requests[r][s]);
			if (v)
				put(&o, "kasir_http_requests_total{route=\"%s\",status=\"%d\"} %llu\n",
				    route_name(r), s + 100, (unsigned long long)v);
		}
	put(&o, "# HELP kasir_http_request_duration_ms Time from request to answer.\n"
		"# TYPE kasir_http_request_duration_ms histogram\n");
	for (size_t r = 0; r <= n_routes; r++) {
		if (!atomic_load(&latency[r].count))
			continue;
		char labels[128];
		snprintf(labels, sizeof(labels), "route=\"%s\"", route_name(r));
		put_histogram(&o, "kasir_http_request_duration_ms", labels, &latency[r], ms_bounds,
			      MS_BUCKETS);
	}
	put(&o, "# HELP kasir_http_connections Open HTTP connections.\n"
		"# TYPE kasir_http_connections gauge\nkasir_http_connections %lld\n",
	    (long long)atomic_load(&connections));
	put(&o, "# HELP kasir_store_commit_jobs Writes per group commit.\n"
		"# TYPE kasir_store_commit_jobs histogram\n");
	put_histogram(&o, "kasir_store_commit_jobs", "", &commit_jobs, batch_bounds, BATCH_BUCKETS);
	put(&o, "# HELP kasir_store_commit_duration_ms Time of one group commit (fsync included).\n"
		"# TYPE kasir_store_commit_duration_ms histogram\n");
	put_histogram(&o, "kasir_store_commit_duration_ms", "", &commit_ms, ms_bounds, MS_BUCKETS);
	put(&o, "# HELP kasir_outbox_pending Notifications waiting to be delivered.\n"
		"# TYPE kasir_outbox_pending gauge\nkasir_outbox_pending %lld\n"
		"# HELP kasir_outbox_oldest_seconds Age of the oldest pending notification.\n"
		"# TYPE kasir_outbox_oldest_seconds gauge\nkasir_outbox_oldest_seconds %.3f\n",
	    (long long)outbox_depth, outbox_oldest_s);
	put(&o, "# HELP kasir_notify_attempts_total Delivery attempts, by outcome.\n"
		"# TYPE kasir_notify_attempts_total counter\n");
	for (int i = 0; i < 3; i++)
		put(&o, "kasir_notify_attempts_total{result=\"%s\"} %llu\n", delivery_names[i],
		    (unsigned long long)atomic_load(&deliveries[i]));
	*len = o.len;
	return o.buf;
}
