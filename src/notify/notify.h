/* The notification worker (SPEC §6.2): one thread that delivers the
 * outbox's HTTP notifications and emails (SMTP) through libcurl's multi
 * interface (thousands in flight without blocking the API), records every
 * attempt and schedules retries by the answer. Only src/notify/ includes
 * curl.h. */
#ifndef KS_NOTIFY_NOTIFY_H
#define KS_NOTIFY_NOTIFY_H

#include "core/retry.h"
#include "store/store.h"

struct ks_notifier;

struct ks_notify_config {
	enum ks_retry_schedule schedule; /* --notify-schedule (fixed) */
	unsigned retry_interval_s; /* --notify-retry-interval (60), for fixed */
	unsigned timeout_s;        /* per attempt (--notify-timeout, 15) */
	unsigned max_in_flight;    /* deliveries at once (1000) */
	unsigned max_per_merchant; /* of those, to one merchant environment
				    * (--notify-per-merchant; 0 = no limit) */
	const char *smtp_url;      /* --smtp-url (smtp:// or smtps://); NULL: no email */
	const char *smtp_from;     /* --smtp-from */
};

/* Starts the worker over st. Returns 0, or -1 with err set. */
int ks_notifier_start(struct ks_store *st, const struct ks_notify_config *cfg,
		      struct ks_notifier **out, char *err, size_t errsz);
/* Wakes the worker: new rows may be due (optional; it also polls). */
void ks_notifier_kick(struct ks_notifier *n);
/* Begins a graceful stop and returns at once: no outbox row is claimed
 * from now on; the deliveries in flight go on for up to the timeout
 * (timeout_s from this call), then those still unanswered end as timed
 * out. Safe to call more than once. */
void ks_notifier_quiesce(struct ks_notifier *n);
/* Stops (quiescing first if needed) and frees n: returns once every
 * delivery in flight has ended and its attempt is durable in the store,
 * so a notification answered 2xx is never sent again after a restart.
 * The store must stay open, its writer running, until this returns. */
void ks_notifier_stop(struct ks_notifier *n);

#endif
