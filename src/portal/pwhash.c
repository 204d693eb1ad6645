/* This file contains the portal's password thread (pwhash.h): a queue of
 * tasks, bounded, taken in turn by one thread that lives as long as the
 * process. One at a time keeps Argon2id's memory to 64 MB whatever the
 * number of log-ins, and leaves the other core to the API. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "portal/pwhash.h"
#include "util/log.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static struct ks_pw_task *head, *tail;
static int queued;
static int started;

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
		pthread_mutex_unlock(&mu);
		t->next = NULL;
		t->run(t); /* may free t */
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

/* Queues t (the thread starts with the first task); -1 when
 * KS_PW_QUEUE_MAX tasks already wait. */
static int pw_submit(struct ks_pw_task *t)
{
	pthread_mutex_lock(&mu);
	if (queued >= KS_PW_QUEUE_MAX || start_locked() != 0) {
		pthread_mutex_unlock(&mu);
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
	if (pw_submit(t) == 0)
		return 0;
	ks_http_reply_header(req, "Retry-After", "1");
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
