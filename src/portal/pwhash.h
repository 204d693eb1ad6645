/* Argon2id off the HTTP worker threads. Hashing or checking a portal
 * password takes 64 MB and about a tenth of a second (libsodium's
 * interactive limits); on a worker thread that would stall every request
 * behind it, the payment API's too. The portal hands that work to one
 * thread of its own, which takes the tasks in turn. */
#ifndef KS_PORTAL_PWHASH_H
#define KS_PORTAL_PWHASH_H

#include <sodium.h>

struct ks_http_req;

/* Tasks waiting at most; beyond, a log-in or sign-up is refused (503). */
#define KS_PW_QUEUE_MAX 64
#define KS_PW_BUSY "too many log-ins at once; retry in a second"
#define KS_PW_NOMEM "cannot hash the password now (out of memory); retry"

struct ks_pw_task {
	void (*run)(struct ks_pw_task *t); /* on the password thread */
	struct ks_pw_task *next;
};

/* Suspends req and queues t. -1 when the queue is full: req stays
 * suspended, with Retry-After set, for the caller to answer (KS_PW_BUSY,
 * 503) and resume. */
int ks_pw_handoff(struct ks_http_req *req, struct ks_pw_task *t);

/* Argon2id of pw at libsodium's interactive limits: 0, or -1 when the
 * memory for it could not be had. On the password thread. */
int ks_pw_hash(const char *pw, char out[crypto_pwhash_STRBYTES]);
/* Whether pw matches hash (crypto_pwhash_str_verify). On the password
 * thread. */
int ks_pw_check(const char *hash, const char *pw);
/* Wipes and frees a copy of a password (NULL: nothing). */
void ks_pw_free(char *pw);

#endif
