/* This file contains the notification worker: it claims due outbox rows,
 * POSTs them with libcurl's multi interface, follows 307/308 (at most 5
 * hops), and records each outcome with the retry the policy gives. */
#include <assert.h>
#include <curl/curl.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/errors.h"
#include "core/retry.h"
#include "notify/mail.h"
#include "notify/notify.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/metrics.h"
#include "util/xalloc.h"

#define MAX_HOPS 5
#define BODY_MAX (64 * 1024) /* of the merchant's answer: the rest is not read */
#define FETCH_MAX 64
#define DEFER_MAX 4096 /* rows of saturated merchants skipped over, at most */

struct delivery {
	struct ks_notifier *n;
	struct ks_outbox_row row;
	CURL *easy;
	struct curl_slist *headers;
	char *url; /* the current target, after redirects */
	int hops;
	size_t answer_bytes;
	int64_t at_ms;
	struct timespec started;
	char errbuf[CURL_ERROR_SIZE];
	struct ks_store_write w;
	struct ks_outbox_result result;
	char error[CURL_ERROR_SIZE + 32];
	struct delivery *prev, *next; /* in the notifier's in_curl list */
	/* email only */
	struct curl_slist *rcpt;
	char *mail;
	size_t mail_len, mail_off;
};

struct ks_notifier {
	struct ks_store *st;
	struct ks_notify_config cfg;
	CURLM *multi;
	pthread_t thread;
	/* set by ks_notifier_quiesce: no more claims; deliveries in flight
	 * run until drain_end_ms (monotonic), set before it */
	atomic_int stop;
	_Atomic int64_t drain_end_ms;
	pthread_mutex_t mu; /* guards busy and loads */
	pthread_cond_t idle; /* signalled when a recorded outcome leaves busy */
	int64_t *busy;      /* rows delivered or being recorded */
	size_t nbusy;
	/* deliveries in flight per merchant environment, so that one
	 * merchant's slow receiver cannot take every slot */
	struct env_load {
		int64_t env_id;
		unsigned n;
	} *loads;
	size_t nloads;
	/* due rows skipped because their merchant is at its limit (worker only) */
	struct env_load *deferred; /* env_id, and the row id in n's place */
	int64_t *deferred_ids;
	size_t ndeferred;
	struct delivery *in_curl; /* inside the multi handle (worker only) */
};

/* Adds delta to env's count of deliveries in flight; returns the new count.
 * Called with n->mu held. */
static unsigned load_add(struct ks_notifier *n, int64_t env_id, int delta)
{
	for (size_t i = 0; i < n->nloads; i++) {
		if (n->loads[i].env_id != env_id)
			continue;
		n->loads[i].n = (unsigned)((int)n->loads[i].n + delta);
		unsigned now = n->loads[i].n;
		if (now == 0)
			n->loads[i] = n->loads[--n->nloads];
		return now;
	}
	if (delta <= 0)
		return 0;
	n->loads[n->nloads++] = (struct env_load){ env_id, (unsigned)delta };
	return (unsigned)delta;
}

static unsigned load_of(struct ks_notifier *n, int64_t env_id)
{
	pthread_mutex_lock(&n->mu);
	unsigned v = load_add(n, env_id, 0);
	pthread_mutex_unlock(&n->mu);
	return v;
}

static void busy_add(struct ks_notifier *n, int64_t id, int64_t env_id)
{
	pthread_mutex_lock(&n->mu);
	load_add(n, env_id, 1);
	n->busy[n->nbusy++] = id;
	pthread_mutex_unlock(&n->mu);
}

static void busy_remove(struct ks_notifier *n, int64_t id, int64_t env_id)
{
	pthread_mutex_lock(&n->mu);
	load_add(n, env_id, -1);
	for (size_t i = 0; i < n->nbusy; i++) {
		if (n->busy[i] == id) {
			n->busy[i] = n->busy[--n->nbusy];
			break;
		}
	}
	if (n->nbusy == 0)
		pthread_cond_broadcast(&n->idle);
	pthread_mutex_unlock(&n->mu);
}

static size_t discard(char *data, size_t size, size_t nmemb, void *arg)
{
	(void)data;
	struct delivery *d = arg;
	d->answer_bytes += size * nmemb;
	return d->answer_bytes > BODY_MAX ? 0 : size * nmemb; /* 0 stops reading */
}

static void delivery_free(struct delivery *d)
{
	if (d->easy)
		curl_easy_cleanup(d->easy);
	curl_slist_free_all(d->headers);
	curl_slist_free_all(d->rcpt);
	free(d->mail);
	ks_outbox_row_release(&d->row);
	free(d->url);
	free(d);
}

static int64_t ms_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000 + (t1.tv_nsec - t0->tv_nsec) / 1000000;
}

static int64_t monotonic_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static size_t read_mail(char *buf, size_t size, size_t nmemb, void *arg)
{
	struct delivery *d = arg;
	size_t room = size * nmemb, left = d->mail_len - d->mail_off;
	size_t n = left < room ? left : room;
	memcpy(buf, d->mail + d->mail_off, n);
	d->mail_off += n;
	return n;
}

/* An email delivery: the recipients and the message come from the row. */
static void setup_mail(struct ks_notifier *n, struct delivery *d)
{
	CURL *e = d->easy;
	if (!d->mail) {
		d->mail = ks_notify_mail_text(n->cfg.smtp_from, d->row.target, d->row.body,
					      ks_clock_now_ms(), &d->mail_len);
		d->rcpt = ks_notify_mail_rcpts(d->row.target);
	}
	d->mail_off = 0;
	curl_easy_setopt(e, CURLOPT_URL, n->cfg.smtp_url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, n->cfg.smtp_from);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, d->rcpt);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_mail);
	curl_easy_setopt(e, CURLOPT_READDATA, d);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
}

static void setup_http(struct ks_notifier *n, struct delivery *d)
{
	CURL *e = d->easy;
	curl_easy_setopt(e, CURLOPT_URL, d->url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, d->row.body);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, d->headers);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)n->cfg.timeout_s * 1000L);
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L); /* 307/308 by hand, 301-303 final */
	/* a POST is not idempotent: never let libcurl silently re-send it on a
	 * fresh connection when a reused one turns out dead. One connection
	 * per attempt, so one attempt is one POST */
	curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
	curl_easy_setopt(e, CURLOPT_FORBID_REUSE, 1L);
}

static void start_request(struct ks_notifier *n, struct delivery *d)
{
	CURL *e = d->easy;
	curl_easy_reset(e);
	if (strcmp(d->row.kind, "email") == 0)
		setup_mail(n, d);
	else
		setup_http(n, d);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)n->cfg.timeout_s * 1000L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, d);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, d->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, d);
	d->errbuf[0] = '\0';
	d->answer_bytes = 0;
	curl_multi_add_handle(n->multi, e);
	d->prev = NULL;
	d->next = n->in_curl;
	if (d->next)
		d->next->prev = d;
	n->in_curl = d;
}

static void unlink_curl(struct ks_notifier *n, struct delivery *d)
{
	curl_multi_remove_handle(n->multi, d->easy);
	if (d->prev)
		d->prev->next = d->next;
	else
		n->in_curl = d->next;
	if (d->next)
		d->next->prev = d->prev;
	d->prev = d->next = NULL;
}

static void start_delivery(struct ks_notifier *n, struct ks_outbox_row *row)
{
	struct delivery *d = ks_xcalloc(1, sizeof(*d));
	d->n = n;
	d->row = *row;
	d->easy = curl_easy_init();
	d->url = ks_xstrdup(row->target);
	d->at_ms = ks_clock_now_ms() + row->clock_offset_ms; /* its environment's time */
	clock_gettime(CLOCK_MONOTONIC, &d->started);
	d->headers = curl_slist_append(NULL, "Content-Type: application/json");
	d->headers = curl_slist_append(d->headers, "Accept: application/json");
	d->headers = curl_slist_append(d->headers, "User-Agent: Veritrans");
	d->headers = curl_slist_append(d->headers, "Expect:"); /* no 100-continue wait */
	busy_add(n, row->id, row->env_id);
	if (!d->easy)
		abort(); /* out of memory */
	start_request(n, d);
}

/* The writer thread: the outcome is durable, the row may be claimed again. */
static void recorded(struct ks_store_write *w, void *arg)
{
	struct delivery *d = arg;
	if (w->rc)
		ks_log(KS_LOG_ERROR, NULL, "outbox %lld: attempt not recorded: %s (sent again later)",
		       (long long)d->row.id, ks_err_message(w->rc));
	busy_remove(d->n, d->row.id, d->row.env_id);
	delivery_free(d);
}

static enum ks_retry_transport transport_of(CURLcode code, long http)
{
	if (http > 0)
		return KS_RETRY_TRANSPORT_OK; /* an answer came, even if its body was cut */
	if (code == CURLE_OPERATION_TIMEDOUT)
		return KS_RETRY_TRANSPORT_TIMEOUT;
	if (code == CURLE_COULDNT_CONNECT)
		return KS_RETRY_TRANSPORT_REFUSED;
	return KS_RETRY_TRANSPORT_ERROR;
}

/* A request ended: follow a 307/308 (when may_follow), or record the
 * attempt. */
static void finish(struct ks_notifier *n, struct delivery *d, CURLcode code, int may_follow)
{
	long http = 0;
	char *next = NULL;
	curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_getinfo(d->easy, CURLINFO_REDIRECT_URL, &next);
	unlink_curl(n, d);
	if (may_follow && strcmp(d->row.kind, "http") == 0 && (http == 307 || http == 308) &&
	    next && d->hops < MAX_HOPS) {
		d->hops++;
		free(d->url);
		d->url = ks_xstrdup(next);
		start_request(n, d);
		return;
	}
	int is_mail = strcmp(d->row.kind, "email") == 0;
	if (is_mail) /* SMTP: the message was accepted, or it was not */
		http = code == CURLE_OK ? 200 : 0;
	enum ks_retry_class cls = ks_retry_classify((int)http, transport_of(code, http));
	int delay = 0;
	/* where in its window a midtrans retry falls: [0, 1) */
	double jitter = (double)randombytes_random() / 4294967296.0;
	enum ks_retry_verdict v = ks_retry_next_on(n->cfg.schedule, d->row.attempts + 1, cls,
						   (int)n->cfg.retry_interval_s, jitter, &delay);
	if (http == 0 || (code != CURLE_OK && code != CURLE_WRITE_ERROR))
		snprintf(d->error, sizeof(d->error), "%s",
			 d->errbuf[0] ? d->errbuf : curl_easy_strerror(code));
	if ((http == 307 || http == 308) && d->hops >= MAX_HOPS)
		snprintf(d->error, sizeof(d->error), "more than %d redirects", MAX_HOPS);
	d->result = (struct ks_outbox_result){
		.outbox_id = d->row.id,
		.at_ms = d->at_ms,
		.target = d->url,
		.http_status = (int)http,
		.latency_ms = ms_since(&d->started),
		.error = d->error[0] ? d->error : NULL,
		.state = v == KS_RETRY_DONE ? "done" : v == KS_RETRY_AGAIN ? "pending" : "failed",
		.next_at_ms = ks_clock_now_ms() + d->row.clock_offset_ms + (int64_t)delay * 1000,
	};
	ks_log(KS_LOG_DEBUG, NULL, "outbox %lld attempt %d: %ld %s -> %s", (long long)d->row.id,
	       d->row.attempts + 1, http, d->error, d->result.state);
	ks_metrics_delivery(v == KS_RETRY_DONE ? "done" : v == KS_RETRY_AGAIN ? "retry" : "failed");
	d->w.kind = KS_WRITE_OUTBOX_RESULT;
	d->w.u.outbox_result = d->result;
	d->w.done = recorded;
	d->w.arg = d;
	ks_store_submit(n->st, &d->w);
}

/* Forgets the skipped rows whose merchant has a free slot again: the next
 * fetch returns them in their turn. */
static void prune_deferred(struct ks_notifier *n)
{
	size_t kept = 0;
	for (size_t i = 0; i < n->ndeferred; i++) {
		if (load_of(n, n->deferred[i].env_id) < n->cfg.max_per_merchant) /* free again */
			continue;
		n->deferred[kept] = n->deferred[i];
		n->deferred_ids[kept++] = n->deferred_ids[i];
	}
	n->ndeferred = kept;
}

/* One fetch of due rows, skipping those in flight and those deferred;
 * starts each whose merchant has a free slot and defers the others.
 * Returns how many rows the fetch gave; *started counts the starts. */
static size_t claim_once(struct ks_notifier *n, size_t want, size_t *started)
{
	struct ks_outbox_row rows[FETCH_MAX];
	size_t got = 0;
	pthread_mutex_lock(&n->mu);
	size_t nskip = n->nbusy + n->ndeferred;
	int64_t *skip = ks_xmalloc(sizeof(int64_t) * (nskip ? nskip : 1));
	memcpy(skip, n->busy, sizeof(int64_t) * n->nbusy);
	pthread_mutex_unlock(&n->mu);
	memcpy(skip + (nskip - n->ndeferred), n->deferred_ids, sizeof(int64_t) * n->ndeferred);
	ks_store_outbox_due(n->st, ks_clock_now_ms(), skip, nskip, rows, want, &got);
	free(skip);
	for (size_t i = 0; i < got; i++) {
		if (load_of(n, rows[i].env_id) < n->cfg.max_per_merchant) {
			start_delivery(n, &rows[i]);
			(*started)++;
			continue;
		}
		if (n->ndeferred < DEFER_MAX) {
			n->deferred[n->ndeferred] = (struct env_load){ rows[i].env_id, 0 };
			n->deferred_ids[n->ndeferred++] = rows[i].id;
		}
		ks_outbox_row_release(&rows[i]);
	}
	return got;
}

static void claim_due(struct ks_notifier *n)
{
	pthread_mutex_lock(&n->mu);
	size_t room = n->cfg.max_in_flight > n->nbusy ? n->cfg.max_in_flight - n->nbusy : 0;
	pthread_mutex_unlock(&n->mu);
	if (room == 0)
		return;
	prune_deferred(n);
	/* fetch again only to get past rows of merchants at their limit */
	for (int round = 0; round < DEFER_MAX / FETCH_MAX && room > 0; round++) {
		size_t want = room < FETCH_MAX ? room : FETCH_MAX, started = 0;
		size_t got = claim_once(n, want, &started);
		room -= started;
		if (got < want || started > 0 || n->ndeferred >= DEFER_MAX)
			break;
	}
}

/* The stop's deadline passed: what is still in curl ends as a timeout and
 * is recorded like any attempt (the merchant had the whole
 * --notify-timeout since the stop began). */
static void cut_in_flight(struct ks_notifier *n)
{
	while (n->in_curl) {
		struct delivery *d = n->in_curl;
		snprintf(d->errbuf, sizeof(d->errbuf), "no answer before kasir stopped");
		finish(n, d, CURLE_OPERATION_TIMEDOUT, 0);
	}
}

/* Waits until every outcome handed to the store is durable. */
static void wait_recorded(struct ks_notifier *n)
{
	pthread_mutex_lock(&n->mu);
	while (n->nbusy > 0)
		pthread_cond_wait(&n->idle, &n->mu);
	pthread_mutex_unlock(&n->mu);
}

static void *worker_main(void *arg)
{
	struct ks_notifier *n = arg;
	for (;;) {
		int wait_ms = 100; /* polls for new rows this often */
		if (!atomic_load(&n->stop)) {
			claim_due(n);
		} else {
			if (!n->in_curl)
				break;
			int64_t rest_ms = atomic_load(&n->drain_end_ms) - monotonic_ms();
			if (rest_ms <= 0) {
				cut_in_flight(n);
				break;
			}
			if (rest_ms < wait_ms)
				wait_ms = (int)rest_ms;
		}
		int running = 0;
		curl_multi_perform(n->multi, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(n->multi, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			struct delivery *d = NULL;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&d);
			finish(n, d, msg->data.result, 1);
		}
		/* sleeps until a socket is ready, a kick, or wait_ms */
		curl_multi_poll(n->multi, NULL, 0, wait_ms, NULL);
	}
	/* This thread's store session claimed the rows (on PostgreSQL it owns
	 * their leases, and they are free to other nodes once it ends): it
	 * must outlive the writes of their outcomes, or another node, or this
	 * one restarted, could send a delivered notification again. */
	wait_recorded(n);
	return NULL;
}

int ks_notifier_start(struct ks_store *st, const struct ks_notify_config *cfg,
		      struct ks_notifier **out, char *err, size_t errsz)
{
	*out = NULL;
	struct ks_notifier *n = ks_xcalloc(1, sizeof(*n));
	n->st = st;
	n->cfg = *cfg;
	if (n->cfg.max_per_merchant == 0 || n->cfg.max_per_merchant > n->cfg.max_in_flight)
		n->cfg.max_per_merchant = n->cfg.max_in_flight;
	n->busy = ks_xcalloc(cfg->max_in_flight + FETCH_MAX, sizeof(int64_t));
	n->loads = ks_xcalloc(cfg->max_in_flight + FETCH_MAX, sizeof(*n->loads));
	n->deferred = ks_xcalloc(DEFER_MAX, sizeof(*n->deferred));
	n->deferred_ids = ks_xcalloc(DEFER_MAX, sizeof(int64_t));
	pthread_mutex_init(&n->mu, NULL);
	pthread_cond_init(&n->idle, NULL);
	n->multi = curl_multi_init();
	if (!n->multi || pthread_create(&n->thread, NULL, worker_main, n) != 0) {
		snprintf(err, errsz, "cannot start the notification worker");
		if (n->multi)
			curl_multi_cleanup(n->multi);
		pthread_cond_destroy(&n->idle);
		pthread_mutex_destroy(&n->mu);
		free(n->busy);
		free(n->loads);
		free(n->deferred);
		free(n->deferred_ids);
		free(n);
		return -1;
	}
	*out = n;
	return 0;
}

void ks_notifier_kick(struct ks_notifier *n)
{
	if (n)
		curl_multi_wakeup(n->multi);
}

void ks_notifier_quiesce(struct ks_notifier *n)
{
	if (!n || atomic_load(&n->stop))
		return;
	atomic_store(&n->drain_end_ms, monotonic_ms() + (int64_t)n->cfg.timeout_s * 1000);
	atomic_store(&n->stop, 1);
	curl_multi_wakeup(n->multi);
}

void ks_notifier_stop(struct ks_notifier *n)
{
	if (!n)
		return;
	ks_notifier_quiesce(n);
	/* the worker ends once every delivery it started is recorded */
	pthread_join(n->thread, NULL);
	assert(!n->in_curl && n->nbusy == 0);
	curl_multi_cleanup(n->multi);
	pthread_cond_destroy(&n->idle);
	pthread_mutex_destroy(&n->mu);
	free(n->busy);
	free(n->loads);
	free(n->deferred);
	free(n->deferred_ids);
	free(n);
}
