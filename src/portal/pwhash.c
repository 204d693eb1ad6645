/* This file contains the portal's password thread (pwhash.h): a queue of
 * tasks, bounded by its length and by the wait it means, taken in turn by
 * one thread that lives as long as the process. One at a time keeps
 * Argon2id's memory to 64 MB whatever the number of log-ins, and leaves the
 * other core to the API. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/http.h"
#include "portal/pwhash.h"
#include "util/log.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct ks_pw_task *head, *tail;
static int queued;  /* waiting, the one in progress not counted */
static int running; /* 1 while a task runs */
static int64_t mean_ns; /* running mean of the task time; 0 before the first */
static int started;

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t ks_pw_mean_next(int64_t mean, int64_t sample_ns)
{
	if (sample_ns < 0)
		sample_ns = 0;
	return mean ? mean + (sample_ns - mean) / 4 : sample_ns;
}

int ks_pw_admit(int waiting, int in_progress, int64_t mean, unsigned *retry_s)
{
	*retry_s = 0;
	int ahead = waiting + in_progress;
	if (ahead <= 0)
		return 1;
	if (mean <= 0)
		mean = (int64_t)KS_PW_MEAN_DEFAULT_MS * 1000000;
	if (waiting < KS_PW_QUEUE_MAX && (ahead + 1) * mean <= (int64_t)KS_PW_WAIT_MAX_MS * 1000000)
		return 1;
	int64_t s = (ahead * mean + 999999999) / 1000000000;
	*retry_s = s < 1 ? 1 : s > 3600 ? 3600 : (unsigned)s;
	return 0;
}

static void *pw_main(void *arg)
{
	(void)arg;
	for (;;) {
		pthread_mutex_lock(&mu);
		while (!head)
			pthread_cond_wait(&ready, &mu);
		struct ks_pw_task *t = head;
		head = t->next;
		if (!head)
			tail = NULL;
		queued--;
		running = 1;
		pthread_mutex_unlock(&mu);
		t->next = NULL;
		int64_t t0 = mono_ns();
		t->run(t); /* may free t */
		int64_t took = mono_ns() - t0;
		pthread_mutex_lock(&mu);
		running = 0;
		mean_ns = ks_pw_mean_next(mean_ns, took);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

/* With mu held: the thread, once. */
static int start_locked(void)
{
	if (started)
		return 0;
	pthread_t th;
	if (pthread_create(&th, NULL, pw_main, NULL) != 0) {
		ks_log(KS_LOG_ERROR, NULL, "cannot start the portal's password thread");
		return -1;
	}
	pthread_detach(th);
	started = 1;
	return 0;
}

/* Queues t (the thread starts with the first task); -1 with *retry_s
 * set when ks_pw_admit refuses it or the thread cannot start. */
static int pw_submit(struct ks_pw_task *t, unsigned *retry_s)
{
	pthread_mutex_lock(&mu);
	if (!ks_pw_admit(queued, running, mean_ns, retry_s) || start_locked() != 0) {
		pthread_mutex_unlock(&mu);
		if (!*retry_s)
			*retry_s = 1;
		return -1;
	}
	t->next = NULL;
	if (tail)
		tail->next = t;
	else
		head = t;
	tail = t;
	queued++;
	pthread_cond_signal(&ready);
	pthread_mutex_unlock(&mu);
	return 0;
}

int ks_pw_handoff(struct ks_http_req *req, struct ks_pw_task *t)
{
	ks_http_suspend(req); /* first: the thread may answer before submit returns */
	unsigned retry_s;
	if (pw_submit(t, &retry_s) == 0)
		return 0;
	char secs[16];
	snprintf(secs, sizeof(secs), "%u", retry_s);
	ks_http_reply_header(req, "Retry-After", secs);
	return -1;
}

int ks_pw_hash(const char *pw, char out[crypto_pwhash_STRBYTES])
{
	return crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int ks_pw_check(const char *hash, const char *pw)
{
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

void ks_pw_free(char *pw)
{
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
}
