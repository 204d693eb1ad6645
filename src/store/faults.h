/* Fault injection in the store (issue 8, docs/faults.md): a decorator over
 * any backend that fails the Nth matching store call, as SQLite's own
 * I/O-error tests fail the Nth I/O operation, plus a real SQLITE_FULL from
 * the SQLite backend. Only `kasir serve --fault-injection` wraps its store;
 * the sandbox endpoint POST /sandbox/v1/faults drives it. */
#ifndef KS_STORE_FAULTS_H
#define KS_STORE_FAULTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* What an injected fault looks like to the caller. */
enum ks_fault_error {
	KS_FAULT_IO,   /* an I/O error: KS_ERR_INTERNAL (500) */
	KS_FAULT_FULL, /* disk full: KS_ERR_UNAVAILABLE (503, Retry-After) */
};

#define KS_FAULT_CALLS_MAX 32

/* A plan: among the calls whose name matches `calls`, numbered from 1 when
 * the plan is set, calls fail_call .. fail_call + count - 1 fail with
 * error. `calls` is "all", "read", "write", a read operation's name
 * (order_by_token, payment_get, ...) or a write kind's (order_create,
 * payment_create, payment_change, outbox_result, env_settings,
 * merchant_create). count 0 switches injection off. */
struct ks_fault_plan {
	uint64_t fail_call;
	uint64_t count;
	enum ks_fault_error error;
	char calls[KS_FAULT_CALLS_MAX];
};

/* What the decorator has seen since the plan was set. */
struct ks_fault_stats {
	uint64_t matched;  /* calls that matched the plan's filter */
	uint64_t injected; /* of those, how many were failed */
};

/* Wraps inner (ownership passes to the wrapper: closing the wrapper closes
 * inner) in a fault-injecting store with no plan set. NULL when its thread
 * cannot start or it lacks an operation of inner's backend (inner is then
 * still the caller's). */
struct ks_store *ks_store_faults_wrap(struct ks_store *inner);

/* True when name is a filter a plan may use. */
bool ks_store_faults_filter_ok(const char *name);

/* Sets the plan of a wrapper and resets its counters. KS_ERR_NOT_FOUND when
 * st is not a fault-injecting store. */
int ks_store_faults_set(struct ks_store *st, const struct ks_fault_plan *plan);

/* The wrapper's counters; KS_ERR_NOT_FOUND when st is not one. */
int ks_store_faults_stats(struct ks_store *st, struct ks_fault_stats *out);

/* Real disk full: caps the database at its current size (SQLite's PRAGMA
 * max_page_count) so a write that needs a new page fails with SQLITE_FULL,
 * or lifts the cap ("space returns"). Applied by the writer before its next
 * batch. st may be a wrapper; KS_ERR_INVALID when the backend has no such
 * control. */
int ks_store_disk_full(struct ks_store *st, bool full);

/* The SQLite backend's side of ks_store_disk_full (store/sqlite.c). */
int ks_store_sqlite_disk_full(struct ks_store *st, bool full);

#endif
