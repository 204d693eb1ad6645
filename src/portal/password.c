/* This file contains the change of a logged-in merchant's own password:
 * the current one checked (a wrong one counts towards the lock-out, as at
 * log-in), the new one hashed, both on the password thread; the new hash
 * is written and every other session of the merchant ends with it. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/reply.h"
#include "core/errors.h"
#include "core/settings.h"
#include "portal/portal.h"
#include "portal/pwhash.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/xalloc.h"

struct change {
	struct ks_pw_task task; /* first: the task is the change */
	struct ks_http_req *req;
	char *current, *next;
	struct ks_account acct;
	unsigned char keep[32]; /* the session asking: it stays */
	char hash[crypto_pwhash_STRBYTES];
	int wrong; /* the current password did not match */
};

static void change_finish(struct ks_portal_job *j)
{
	struct change *c = j->data;
	if (j->w.rc != KS_OK)
		ks_portal_error(j->req, ks_err_http_status(j->w.rc), ks_err_message(j->w.rc));
	else if (c->wrong)
		ks_portal_field_errors(j->req, json_pack("{s:s}", "current_password",
							 "this is not your current password"));
	else
		ks_reply_json(j->req, 200, json_pack("{s:b}", "ok", 1));
	sodium_memzero(c, sizeof(*c)); /* job.c frees it */
}

/* The password thread: the check, the new hash, then the write (the new
 * password, or one more failure towards the lock). */
static void change_run(struct ks_pw_task *t)
{
	struct change *c = (struct change *)t;
	int ok = ks_pw_check(c->acct.password_hash, c->current);
	ks_pw_free(c->current);
	c->current = NULL;
	int hashed = ok ? ks_pw_hash(c->next, c->hash) : 0;
	ks_pw_free(c->next);
	c->next = NULL;
	int64_t now = ks_clock_now_ms();
	struct ks_portal_job *j = ks_portal_job_new(c->req, ok ? KS_WRITE_ACCOUNT : KS_WRITE_LOGIN);
	j->data = c;
	j->finish = change_finish;
	if (!ok) {
		c->wrong = 1;
		ks_log(KS_LOG_INFO, ks_http_reqid(c->req),
		       "portal password change: wrong current password for merchant %s",
		       c->acct.code);
		j->w.u.login = (struct ks_login_result){
			.merchant_id = c->acct.merchant_id,
			.lock_after = KS_PORTAL_LOCK_AFTER,
			.lock_until_ms = now + KS_PORTAL_LOCK_MS,
			.at_ms = now,
		};
	} else if (hashed != 0) {
		ks_portal_job_fail(j, 503, KS_PW_NOMEM);
		return;
	} else {
		j->w.u.account.merchant_id = c->acct.merchant_id;
		j->w.u.account.password_hash = c->hash;
		j->w.u.account.keep_session = c->keep;
	}
	ks_portal_job_submit_parked(j);
}

static void change_free(struct change *c)
{
	ks_pw_free(c->current);
	ks_pw_free(c->next);
	sodium_memzero(c, sizeof(*c));
	free(c);
}

void ks_portal_password(struct ks_http_req *req)
{
	struct ks_portal_ctx ctx;
	if (ks_portal_begin(req, 1, -1, &ctx))
		return;
	json_t *body = ks_portal_body(req);
	if (!body)
		return;
	const char *current = json_string_value(json_object_get(body, "current_password"));
	const char *next = json_string_value(json_object_get(body, "new_password"));
	json_t *errs = json_object();
	const char *m;
	if (!current || !*current || strlen(current) > KS_PASSWORD_MAX)
		json_object_set_new(errs, "current_password", json_string("your current password is required"));
	if ((m = next ? ks_check_password(next) : "a new password is required"))
		json_object_set_new(errs, "new_password", json_string(m));
	if (json_object_size(errs)) {
		ks_portal_field_errors(req, errs);
		json_decref(body);
		return;
	}
	json_decref(errs);
	int64_t now = ks_clock_now_ms();
	if (ctx.account.locked_until_ms > now) {
		char secs[24];
		snprintf(secs, sizeof(secs), "%lld", (long long)(ctx.account.locked_until_ms - now + 999) / 1000);
		ks_http_reply_header(req, "Retry-After", secs);
		ks_portal_error(req, 423, "account locked after too many wrong passwords; try again later");
		json_decref(body);
		return;
	}
	struct change *c = ks_xcalloc(1, sizeof(*c));
	c->task.run = change_run;
	c->req = req;
	c->current = ks_xstrdup(current);
	c->next = ks_xstrdup(next);
	c->acct = ctx.account;
	memcpy(c->keep, ctx.id_hash, sizeof(c->keep));
	json_decref(body);
	if (ks_pw_handoff(req, &c->task) != 0) {
		change_free(c);
		ks_portal_error(req, 503, KS_PW_BUSY);
		ks_http_resume(req);
	}
}
