/* What every API handler shares: the store, the public URL, and the
 * registry of Idempotency-Keys whose first request is still running. */
#ifndef KS_API_APP_H
#define KS_API_APP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include "http/http.h"
#include "sched/sched.h"
#include "store/store.h"

struct ks_idem_slot;

struct ks_app {
	struct ks_store *store;
	const char *public_url; /* no trailing slash */
	atomic_int ready;       /* 0 until serve has finished starting: 503s */
	int test_clock;         /* --test-clock: POST /sandbox/v1/clock exists */
	int demo;               /* --demo: the demo shop at /demo */
	unsigned char card_key[32]; /* seals saved cards (--card-key-file) */
	int settlement_minute;      /* --settlement-time, minutes after 00:00 Jakarta */
	struct ks_scheduler *scheduler; /* kicked when the test clock moves */
	pthread_mutex_t idem_mu;
	struct ks_idem_slot *idem_running;
};

/* Sets up app over an open store; ks_app_release undoes it. */
void ks_app_init(struct ks_app *app, struct ks_store *store, const char *public_url);
void ks_app_release(struct ks_app *app);

/* The route table of every API surface. */
extern const struct ks_route ks_api_routes[];

/* Marks (env, key) as running; returns 0, or -1 when it already runs. */
int ks_idem_begin(struct ks_app *app, int64_t env_id, const char *key);
/* Clears the mark; call after the outcome is durable. */
void ks_idem_end(struct ks_app *app, int64_t env_id, const char *key);

#endif
