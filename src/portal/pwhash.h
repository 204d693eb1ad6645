/* Argon2id off the HTTP worker threads. Hashing or checking a portal
 * password takes 64 MB and about a tenth of a second (libsodium's
 * interactive limits); on a worker thread that would stall every request
 * behind it, the payment API's too. The portal hands that work to one
 * thread of its own, which takes the tasks in turn.
 *
 * The queue is bounded by the wait it would mean, not only by its length:
 * the thread keeps a running mean of how long a task takes (CLOCK_MONOTONIC,
 * exponentially weighted), and a task whose turn would come after more than
 * KS_PW_WAIT_MAX_MS is refused at once (503 with Retry-After) rather than
 * kept waiting. KS_PW_QUEUE_MAX bounds the memory the waiting tasks hold. */
#ifndef KS_PORTAL_PWHASH_H
#define KS_PORTAL_PWHASH_H

#include <stdint.h>
#include <sodium.h>

struct ks_http_req;

/* Tasks waiting at most; beyond, a log-in or sign-up is refused (503). */
#define KS_PW_QUEUE_MAX 64
/* Longest expected wait for a new task (the tasks ahead of it, the one in
 * progress and its own, at the mean task time); beyond, refused (503). */
#define KS_PW_WAIT_MAX_MS 2000
/* The mean task time before the first task has been timed: on the slow
 * side, so that a cold start admits too few rather than too many. */
#define KS_PW_MEAN_DEFAULT_MS 200
#define KS_PW_BUSY "too many log-ins at once; retry in a moment"
#define KS_PW_NOMEM "cannot hash the password now (out of memory); retry"

struct ks_pw_task {
	void (*run)(struct ks_pw_task *t); /* on the password thread */
	struct ks_pw_task *next;
};

/* Suspends req and queues t. -1 when the queue is full or its expected
 * wait too long: req stays suspended, with Retry-After set (the seconds
 * the tasks already queued are expected to take, at least 1), for the
 * caller to answer (KS_PW_BUSY, 503) and resume. */
int ks_pw_handoff(struct ks_http_req *req, struct ks_pw_task *t);

/* Whether a new task may join a queue where `waiting` tasks wait and
 * `in_progress` (0 or 1) runs, each expected to take mean_ns (0: not yet
 * measured, KS_PW_MEAN_DEFAULT_MS): 1 while fewer than KS_PW_QUEUE_MAX
 * wait and (waiting + in_progress + 1) x mean_ns is at most
 * KS_PW_WAIT_MAX_MS; else 0 with *retry_s set to the whole seconds the
 * tasks ahead are expected to take (at least 1). An empty queue always
 * admits, however slow a task is. Pure: the rule ks_pw_handoff applies. */
int ks_pw_admit(int waiting, int in_progress, int64_t mean_ns, unsigned *retry_s);

/* The next running mean of the task time after a task that took
 * sample_ns: the first sample (mean_ns 0) is taken as it is, later ones
 * weigh one quarter. Pure. */
int64_t ks_pw_mean_next(int64_t mean_ns, int64_t sample_ns);

/* Argon2id of pw at libsodium's interactive limits: 0, or -1 when the
 * memory for it could not be had. On the password thread. */
int ks_pw_hash(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* Whether pw matches hash (crypto_pwhash_str_verify). On the password
 * thread. */
int ks_pw_check(const char *hash, const char *pw);
/* Wipes and frees a copy of a password (NULL: nothing). */
void ks_pw_free(char *pw);

#endif
