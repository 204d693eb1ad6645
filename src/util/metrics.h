/* Process-wide counters and histograms for GET /metrics (Prometheus text
 * format). Lock-free: every update is one atomic add. */
#ifndef KS_UTIL_METRICS_H
#define KS_UTIL_METRICS_H

#include <stddef.h>
#include <stdint.h>

#define KS_METRICS_ROUTES_MAX 48

/* Names the routes (index = position in the route table; "other" for
 * requests matching none) before any request; pattern strings must live
 * for the process. */
void ks_metrics_set_routes(const char *const *patterns, size_t n);

/* One answered request: route index (n = unmatched), HTTP status, ms. */
void ks_metrics_request(size_t route, int status, double ms);
/* Connections opened (+1) and closed (-1). */
void ks_metrics_connection(int delta);
/* One group commit: how many jobs, how long the commit took. */
void ks_metrics_commit(size_t jobs, double ms);
/* One delivery attempt ended: "done", "retry" or "failed". */
void ks_metrics_delivery(const char *result);

/* Appends the exposition text to a new string (caller frees); the outbox
 * gauges come from the caller (depth, oldest pending age in seconds). */
char *ks_metrics_render(int64_t outbox_depth, double outbox_oldest_s, size_t *len);

#endif
