/* This file contains the scheduler thread: every half second (or when
 * kicked) it applies the due timed transitions, one write per payment, and
 * waits for them before the next pass so none is applied twice. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/errors.h"
#include "core/fsm.h"
#include "sched/sched.h"
#include "txn/change.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define BATCH 64
#define PERIOD_MS 500

struct ks_scheduler {
	struct ks_store *st;
	int settlement_minute;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int stop, kicked;
	int pending_writes; /* submitted this pass, not yet done */
};

struct job {
	struct ks_scheduler *s;
	struct ks_order order;
	struct ks_payment pay;
	struct ks_txn_change ch;
};

static void job_done(struct ks_store_write *w, void *arg)
{
	struct job *j = arg;
	/* KS_ERR_CONFLICT: a merchant or customer changed it first; the next
	 * pass looks at it again */
	if (w->rc && w->rc != KS_ERR_CONFLICT)
		ks_log(KS_LOG_ERROR, NULL, "timed transition of %s not stored: %s",
		       j->pay.transaction_id, ks_err_message(w->rc));
	struct ks_scheduler *s = j->s;
	ks_txn_change_release(&j->ch);
	ks_order_release(&j->order);
	ks_payment_release(&j->pay);
	free(j);
	pthread_mutex_lock(&s->mu);
	s->pending_writes--;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* Which timed event is due for a payment in its state. */
static enum ks_fsm_event due_event(const struct ks_payment *p)
{
	if (strcmp(p->status, "pending") == 0)
		return KS_FSM_EV_EXPIRY;
	if (strcmp(p->fraud_status, "challenge") == 0)
		return KS_FSM_EV_CHALLENGE_TIMEOUT;
	return KS_FSM_EV_SETTLE;
}

/* Takes ownership of *p. Returns 1 when a write was submitted. The change
 * happens at the environment's time (its test clock), like every other
 * time of the payment. */
static int apply_due(struct ks_scheduler *s, struct ks_payment *p)
{
	struct job *j = ks_xcalloc(1, sizeof(*j));
	j->s = s;
	j->pay = *p;
	if (ks_store_order_by_ref(s->st, j->pay.order_ref, &j->order) != KS_OK ||
	    ks_txn_change_prepare(&j->ch, &j->order, &j->pay, due_event(&j->pay), NULL, NULL,
				  NULL, ks_env_now_ms(&j->order.env), s->settlement_minute) != 0) {
		/* a due time with no transition the table allows cannot be
		 * written by kasir (core/schedule.h gives none); skip it */
		ks_log(KS_LOG_DEBUG, NULL, "payment %s (%s) has a due time but no timed transition",
		       j->pay.transaction_id, j->pay.status);
		ks_order_release(&j->order);
		ks_payment_release(&j->pay);
		free(j);
		return 0;
	}
	j->ch.w.done = job_done;
	j->ch.w.arg = j;
	pthread_mutex_lock(&s->mu);
	s->pending_writes++;
	pthread_mutex_unlock(&s->mu);
	ks_store_submit(s->st, &j->ch.w);
	return 1;
}

static void run_pass(struct ks_scheduler *s)
{
	struct ks_payment due[BATCH];
	size_t n;
	do {
		n = 0;
		if (ks_store_payments_due(s->st, ks_clock_now_ms(), due, BATCH, &n) != KS_OK)
			return;
		int submitted = 0;
		for (size_t i = 0; i < n; i++)
			submitted += apply_due(s, &due[i]);
		/* wait for this batch: the next read must see its results */
		pthread_mutex_lock(&s->mu);
		while (s->pending_writes > 0)
			pthread_cond_wait(&s->cv, &s->mu);
		pthread_mutex_unlock(&s->mu);
		if (!submitted)
			break; /* only stuck rows left: try them next period */
	} while (n == BATCH);
}

static void *sched_main(void *arg)
{
	struct ks_scheduler *s = arg;
	pthread_mutex_lock(&s->mu);
	while (!s->stop) {
		s->kicked = 0;
		pthread_mutex_unlock(&s->mu);
		run_pass(s);
		pthread_mutex_lock(&s->mu);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += PERIOD_MS * 1000000L;
		until.tv_sec += until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!s->stop && !s->kicked)
			if (pthread_cond_timedwait(&s->cv, &s->mu, &until) == ETIMEDOUT)
				break;
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

int ks_scheduler_start(struct ks_store *st, int settlement_minute, struct ks_scheduler **out,
		       char *err, size_t errsz)
{
	struct ks_scheduler *s = ks_xcalloc(1, sizeof(*s));
	s->st = st;
	s->settlement_minute = settlement_minute;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	if (pthread_create(&s->thread, NULL, sched_main, s) != 0) {
		snprintf(err, errsz, "cannot start the scheduler thread");
		free(s);
		*out = NULL;
		return -1;
	}
	*out = s;
	return 0;
}

void ks_scheduler_kick(struct ks_scheduler *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->kicked = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

void ks_scheduler_stop(struct ks_scheduler *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}
