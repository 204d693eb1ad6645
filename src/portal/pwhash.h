/* Argon2id off the HTTP worker threads. Hashing or checking a portal
 * password takes 64 MB and about a tenth of a second (libsodium's
 * interactive limits); on a worker thread that would stall every request
 * behind it, the payment API's too. The portal hands that work to one
 * thread of its own, which takes the tasks in turn. */
#ifndef KS_PORTAL_PWHASH_H
#define KS_PORTAL_PWHASH_H

/* Tasks waiting at most; beyond, a log-in or sign-up is refused (503). */
#define KS_PW_QUEUE_MAX 64

struct ks_pw_task {
	void (*run)(struct ks_pw_task *t); /* on the password thread */
	struct ks_pw_task *next;
};

/* Queues t (the thread starts with the first task). 0, or -1 when
 * KS_PW_QUEUE_MAX tasks already wait: the caller answers 503. */
int ks_pw_submit(struct ks_pw_task *t);

#endif
