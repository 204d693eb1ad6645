/* This file contains the portal's accounts: sign-up, log-in with the
 * lock-out after KS_PORTAL_LOCK_AFTER wrong passwords in a row, log-out,
 * and who is logged in. Passwords are kept as Argon2id hashes
 * (crypto_pwhash_str); sessions by the SHA-256 of their cookie. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/app.h"
#include "api/reply.h"
#include "cli/merchant_keys.h"
#include "core/errors.h"
#include "core/settings.h"
#include "portal/portal.h"
#include "portal/pwhash.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

#define WRONG_LOGIN "wrong email or password"

/* A string member of body, or NULL when absent or not a string. */
static const char *str_of(json_t *body, const char *name)
{
	return json_string_value(json_object_get(body, name));
}

/* ---- sign-up ---- */

struct signup {
	struct ks_pw_task task; /* first: the task is the signup */
	struct ks_portal_job *j;
	char *pw;
	struct ks_merchant_new m;
	char hash[crypto_pwhash_STRBYTES];
};

static void signup_finish(struct ks_portal_job *j)
{
	struct signup *s = j->data;
	if (j->w.rc == KS_OK) {
		ks_reply_json(j->req, 201, json_pack("{s:s,s:s}", "merchant_id", s->m.code, "email",
						      s->m.email));
	} else if (j->w.rc == KS_ERR_CONFLICT && j->w.conflict &&
		   strcmp(j->w.conflict, "email") == 0) {
		ks_portal_field_errors(j->req, json_pack("{s:s}", "email",
							 "an account with this email already exists"));
	} else {
		ks_portal_error(j->req, ks_err_http_status(j->w.rc), ks_err_message(j->w.rc));
	}
	sodium_memzero(s->hash, sizeof(s->hash));
}

/* The password thread: the hash, then the write. */
static void signup_hash(struct ks_pw_task *t)
{
	struct signup *s = (struct signup *)t;
	int rc = ks_pw_hash(s->pw, s->hash);
	ks_pw_free(s->pw);
	s->pw = NULL;
	if (rc != 0) {
		ks_portal_job_fail(s->j, 503, KS_PW_NOMEM);
		return;
	}
	ks_portal_job_submit_parked(s->j);
}

void ks_portal_signup(struct ks_http_req *req)
{
	ks_portal_headers(req);
	if (!ks_portal_origin_ok(req)) {
		ks_portal_error(req, 403, "the request did not come from the portal");
		return;
	}
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	const char *name = str_of(body, "name"), *email = str_of(body, "email");
	const char *pw = str_of(body, "password");
	json_t *errs = json_object();
	const char *m;
	if ((m = name ? ks_check_merchant_name(name) : "merchant name is required"))
		json_object_set_new(errs, "name", json_string(m));
	if ((m = email ? ks_check_login_email(email) : "email is required"))
		json_object_set_new(errs, "email", json_string(m));
	if ((m = pw ? ks_check_password(pw) : "password is required"))
		json_object_set_new(errs, "password", json_string(m));
	if (json_object_size(errs)) {
		ks_portal_field_errors(req, errs);
		json_decref(body);
		return;
	}
	json_decref(errs);
	struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_MERCHANT_CREATE);
	struct signup *s = ks_xcalloc(1, sizeof(*s));
	j->data = s;
	j->finish = signup_finish;
	s->j = j;
	s->task.run = signup_hash;
	s->pw = ks_xstrdup(pw);
	/* a random merchant code taken already is one chance in a billion per
	 * merchant: the answer says so and a retry draws another */
	ks_merchant_keys_fill(&s->m, NULL);
	s->m.name = ks_portal_job_str(j, name);
	s->m.email = ks_portal_job_str(j, email);
	s->m.password_hash = s->hash;
	j->w.u.merchant = &s->m;
	json_decref(body);
	if (ks_pw_handoff(req, &s->task) != 0) {
		ks_pw_free(s->pw);
		s->pw = NULL;
		ks_portal_job_fail(j, 503, KS_PW_BUSY);
	}
}

/* ---- log-in ---- */

/* Compared against when the email is unknown, so that an unknown email
 * takes as long as a wrong password. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	if (ks_pw_hash("kasir-no-such-account", dummy_hash) != 0)
		dummy_hash[0] = '\0';
}

struct login {
	struct ks_pw_task task; /* first: the task is the login */
	struct ks_http_req *req;
	char *pw;
	int known; /* the account exists and has a password */
	char cookie[64];
	unsigned char id_hash[32];
	char csrf[64];
	struct ks_account acct;
};

static void login_free(struct login *l)
{
	ks_pw_free(l->pw);
	sodium_memzero(l, sizeof(*l));
	free(l);
}

static void login_finish(struct ks_portal_job *j)
{
	struct login *l = j->data;
	const struct ks_login_result *r = &j->w.u.login;
	if (j->w.rc != KS_OK) {
		ks_portal_error(j->req, ks_err_http_status(j->w.rc), ks_err_message(j->w.rc));
	} else if (!r->ok) {
		ks_portal_error(j->req, 401, WRONG_LOGIN);
	} else {
		ks_portal_set_cookie(j->req, l->cookie, KS_PORTAL_SESSION_MS / 1000);
		ks_reply_json(j->req, 200, json_pack("{s:{s:s,s:s,s:s},s:s}", "merchant", "id",
						      l->acct.code, "name", l->acct.name, "email",
						      l->acct.email, "csrf", l->csrf));
	}
	sodium_memzero(l, sizeof(*l)); /* job.c frees it */
}

/* The password thread: the check, then the write that records it (a
 * session, or one more failure towards the lock). */
static void login_check(struct ks_pw_task *t)
{
	struct login *l = (struct login *)t;
	struct ks_http_req *req = l->req;
	if (!l->known) {
		pthread_once(&dummy_once, make_dummy);
		if (dummy_hash[0] && ks_pw_check(dummy_hash, l->pw))
			ks_log(KS_LOG_DEBUG, ks_http_reqid(req), "the dummy password was typed");
		login_free(l);
		ks_portal_error(req, 401, WRONG_LOGIN);
		ks_http_resume(req);
		return;
	}
	int ok = ks_pw_check(l->acct.password_hash, l->pw);
	ks_pw_free(l->pw);
	l->pw = NULL;
	int64_t now = ks_clock_now_ms();
	struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_LOGIN);
	j->data = l;
	j->finish = login_finish;
	j->w.u.login = (struct ks_login_result){
		.merchant_id = l->acct.merchant_id,
		.ok = ok,
		.lock_after = KS_PORTAL_LOCK_AFTER,
		.lock_until_ms = now + KS_PORTAL_LOCK_MS,
		.at_ms = now,
		.expires_ms = now + KS_PORTAL_SESSION_MS,
	};
	if (ok) {
		ks_portal_session_new(l->cookie, l->id_hash, l->csrf);
		j->w.u.login.id_hash = l->id_hash;
		j->w.u.login.csrf = l->csrf;
	} else {
		ks_log(KS_LOG_INFO, ks_http_reqid(req), "portal log-in failed for merchant %s",
		       l->acct.code);
	}
	ks_portal_job_submit_parked(j);
}

void ks_portal_login(struct ks_http_req *req)
{
	struct ks_app *app = ks_http_app(req);
	ks_portal_headers(req);
	if (!ks_portal_origin_ok(req)) {
		ks_portal_error(req, 403, "the request did not come from the portal");
		return;
	}
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	const char *email = str_of(body, "email"), *pw = str_of(body, "password");
	if (!email || !pw || !*email || !*pw || strlen(pw) > KS_PASSWORD_MAX) {
		ks_portal_error(req, 401, WRONG_LOGIN);
		json_decref(body);
		return;
	}
	struct login *l = ks_xcalloc(1, sizeof(*l));
	int rc = ks_store_account_by_email(app->store, email, &l->acct);
	int64_t now = ks_clock_now_ms();
	if (rc && rc != KS_ERR_NOT_FOUND) {
		ks_portal_error(req, ks_err_http_status(rc), ks_err_message(rc));
		goto out;
	}
	l->known = !rc && l->acct.password_hash[0];
	if (l->known && l->acct.locked_until_ms > now) {
		char msg[160];
		long long mins = (l->acct.locked_until_ms - now + 59999) / 60000;
		snprintf(msg, sizeof(msg), "account locked after %d failed log-ins; try again in %lld minute%s",
			 KS_PORTAL_LOCK_AFTER, mins, mins == 1 ? "" : "s");
		char secs[24];
		snprintf(secs, sizeof(secs), "%lld", (long long)(l->acct.locked_until_ms - now + 999) / 1000);
		ks_http_reply_header(req, "Retry-After", secs);
		ks_portal_error(req, 423, msg);
		goto out;
	}
	l->req = req;
	l->pw = ks_xstrdup(pw);
	l->task.run = login_check;
	if (ks_pw_handoff(req, &l->task) == 0) {
		l = NULL; /* the password thread's now */
	} else {
		ks_portal_error(req, 503, KS_PW_BUSY);
		ks_http_resume(req);
	}
out:
	if (l)
		login_free(l);
	json_decref(body);
}

/* ---- log-out and who is logged in ---- */

void ks_portal_logout(struct ks_http_req *req)
{
	struct ks_portal_ctx ctx;
	if (ks_portal_begin(req, 1, -1, &ctx))
		return;
	struct ks_portal_job *j = ks_portal_job_new(req, KS_WRITE_SESSION_DELETE);
	unsigned char *hash = ks_xmalloc(32);
	memcpy(hash, ctx.id_hash, 32);
	j->data = hash;
	j->w.u.session_hash = hash;
	ks_portal_set_cookie(req, "", 0);
	ks_portal_job_submit(j);
}

void ks_portal_me(struct ks_http_req *req)
{
	struct ks_portal_ctx ctx;
	if (ks_portal_begin(req, 0, -1, &ctx))
		return;
	ks_reply_json(req, 200, json_pack("{s:{s:s,s:s,s:s,s:s},s:s}", "merchant", "id",
					   ctx.account.code, "name", ctx.account.name, "email",
					   ctx.account.email, "url", ctx.account.url, "csrf",
					   ctx.session.csrf));
}
