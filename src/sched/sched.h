/* The timed transitions (SPEC §2.6, §6.1, §8): a thread that finds the
 * payments whose next transition is due on the injectable clock — pending
 * past its deadline → expire, capture → settlement at the settlement time,
 * an undecided challenge → cancel then — and applies them through the one
 * change path (txn/change.h), notifications included. */
#ifndef KS_SCHED_SCHED_H
#define KS_SCHED_SCHED_H

#include "store/store.h"

struct ks_scheduler;

/* Starts the thread; settlement_minute is minutes after 00:00 Jakarta.
 * Returns 0, or -1 with err set. */
int ks_scheduler_start(struct ks_store *st, int settlement_minute, struct ks_scheduler **out,
		       char *err, size_t errsz);
/* Runs a pass soon (after the test clock moved). */
void ks_scheduler_kick(struct ks_scheduler *s);
/* Stops the thread after the pass in progress; changes it submitted
 * complete before it returns. */
void ks_scheduler_stop(struct ks_scheduler *s);

#endif
