/* This file contains the PostgreSQL write jobs and the group commit that
 * runs them: one transaction per group of queued jobs, the order inserts of
 * a group pipelined (sent together, answered together), every other job in
 * a savepoint so one job's failure does not undo the others. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/errors.h"
#include "store/pg_store.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/metrics.h"

/* rc of a pipelined segment whose transaction must be replayed job by job */
#define REPLAY 1
/* rc when the connection is in an unknown state and must be dropped */
#define DROP 2

static int64_t mono_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Runs a statement; on KS_OK *out (when asked for) holds its result. */
static int run(PGconn *c, enum pg_stmt s, const struct pg_params *p, PGresult **out)
{
	PGresult *r = ks_pg_run(c, s, p);
	int rc = ks_pg_rc(c, r);
	if (out && !rc)
		*out = r;
	else
		PQclear(r);
	return rc;
}

/* A statement that returns one id (RETURNING id). */
static int run_id(PGconn *c, enum pg_stmt s, const struct pg_params *p, int64_t *id)
{
	PGresult *r = NULL;
	int rc = run(c, s, p, &r);
	*id = 0;
	if (!rc && PQntuples(r) == 1)
		*id = ks_pg_i64_at(r, 0, 0);
	PQclear(r);
	return rc;
}

/* A statement whose changed-row count matters. */
static int run_changes(PGconn *c, enum pg_stmt s, const struct pg_params *p, long *changes)
{
	PGresult *r = NULL;
	int rc = run(c, s, p, &r);
	*changes = rc ? 0 : strtol(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return rc;
}

static int apply_merchant(PGconn *c, struct ks_store_write *job)
{
	const struct ks_merchant_new *m = job->u.merchant;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, m->code);
	ks_pg_text(&p, m->name);
	ks_pg_i64(&p, ks_clock_now_ms());
	ks_pg_opt(&p, m->email);
	ks_pg_opt(&p, m->password_hash);
	ks_pg_opt(&p, m->url);
	PGresult *mr = ks_pg_run(c, PG_W_MERCHANT, &p);
	int rc = ks_pg_rc(c, mr);
	int64_t mid = !rc && PQntuples(mr) == 1 ? ks_pg_i64_at(mr, 0, 0) : 0;
	if (rc == KS_ERR_CONFLICT) {
		const char *cons = PQresultErrorField(mr, PG_DIAG_CONSTRAINT_NAME);
		job->conflict = cons && strstr(cons, "email") ? "email" : "merchant code";
	}
	PQclear(mr);
	if (rc)
		return rc;
	for (int kind = 0; kind < 2; kind++) {
		unsigned char hash[32];
		ks_store_key_hash(m->server_key[kind], hash);
		ks_pg_params_init(&p);
		ks_pg_i64(&p, mid);
		ks_pg_i64(&p, kind);
		ks_pg_text(&p, m->server_key[kind]);
		ks_pg_bytea(&p, hash, 32);
		ks_pg_text(&p, m->client_key[kind]);
		ks_pg_opt(&p, kind == KS_ENV_SANDBOX ? m->notification_url : NULL);
		PGresult *r = ks_pg_run(c, PG_W_ENV, &p);
		rc = ks_pg_rc(c, r);
		if (rc == KS_ERR_CONFLICT) {
			const char *cons = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
			job->conflict = cons && strstr(cons, "client_key") ? "client key" : "server key";
		}
		PQclear(r);
		if (rc)
			return rc;
	}
	return KS_OK;
}

/* The parameters of PG_W_ORDER; methods is the caller's buffer. */
static void order_params(struct pg_params *p, const struct ks_order_new *o, char *methods,
			 size_t msize)
{
	const struct ks_snap_req *r = o->req;
	ks_paymethod_set_format(r->enabled_payments, methods, msize);
	ks_pg_params_init(p);
	ks_pg_i64(p, o->env_id);
	ks_pg_text(p, o->token);
	ks_pg_text(p, r->order_id);
	ks_pg_i64(p, r->gross_amount);
	ks_pg_i64(p, o->created_ms);
	ks_pg_i64(p, o->expires_ms);
	ks_pg_text(p, methods);
	ks_pg_opt(p, r->finish_url);
	ks_pg_opt(p, r->error_url);
	ks_pg_opt(p, o->notify_override);
	ks_pg_opt(p, o->notify_append);
	ks_pg_opt(p, r->bca_va);
	ks_pg_opt(p, r->bni_va);
	ks_pg_opt(p, r->permata_va);
	ks_pg_opt(p, r->permata_recipient);
	ks_pg_i64(p, r->cc_secure);
	ks_pg_i64(p, r->cc_authorize);
	ks_pg_i64(p, r->cc_save_card);
	ks_pg_opt(p, r->user_id);
	ks_pg_opt(p, o->idem_key);
	ks_pg_textn(p, o->request_json, o->request_len);
	ks_pg_i64(p, o->idem_status);
	ks_pg_text(p, o->idem_key ? o->idem_body : "");
	ks_pg_i64(p, o->idem_expires_ms);
}

/* The answer of PG_W_ORDER: how many orders it inserted. */
static int order_result(PGconn *c, PGresult *r)
{
	int rc = ks_pg_rc(c, r);
	if (rc)
		return rc;
	/* UNIQUE (env_id, order_id); tokens never repeat */
	return PQntuples(r) == 1 && ks_pg_i64_at(r, 0, 0) == 1 ? KS_OK : KS_ERR_DUPLICATE;
}

static int apply_order(PGconn *c, struct ks_store_write *job)
{
	struct pg_params p;
	char methods[512];
	order_params(&p, &job->u.order, methods, sizeof(methods));
	PGresult *r = ks_pg_run(c, PG_W_ORDER, &p);
	int rc = order_result(c, r);
	PQclear(r);
	return rc;
}

static int add_history(PGconn *c, int64_t payment_id, int64_t at, const char *from,
		       const char *to, const char *cause, int64_t *id)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, payment_id);
	ks_pg_i64(&p, at);
	ks_pg_opt(&p, from);
	ks_pg_text(&p, to);
	ks_pg_text(&p, cause);
	return run_id(c, PG_W_HISTORY, &p, id);
}

/* The notifications of the change history_id, due at once. */
static int add_outbox(PGconn *c, int64_t env_id, const char *txid, int64_t history_id,
		      int64_t at, const struct ks_outbox_new *rows, size_t n)
{
	int rc = KS_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		struct pg_params p;
		ks_pg_params_init(&p);
		ks_pg_i64(&p, env_id);
		ks_pg_text(&p, txid);
		ks_pg_i64(&p, history_id);
		ks_pg_text(&p, rows[i].kind);
		ks_pg_text(&p, rows[i].target);
		ks_pg_text(&p, rows[i].body);
		ks_pg_i64(&p, at);
		rc = run(c, PG_W_OUTBOX, &p, NULL);
	}
	return rc;
}

static int apply_outbox_result(PGconn *c, struct ks_store_write *job)
{
	const struct ks_outbox_result *r = &job->u.outbox_result;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, r->outbox_id);
	ks_pg_i64(&p, r->at_ms);
	ks_pg_text(&p, r->target);
	if (r->http_status)
		ks_pg_i64(&p, r->http_status);
	else
		ks_pg_text(&p, NULL);
	ks_pg_i64(&p, r->latency_ms);
	ks_pg_opt(&p, r->error);
	int rc = run(c, PG_W_ATTEMPT, &p, NULL);
	if (rc)
		return rc;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, r->outbox_id);
	ks_pg_text(&p, r->state);
	ks_pg_i64(&p, r->next_at_ms);
	return run(c, PG_W_OUTBOX_UPDATE, &p, NULL);
}

static int claim_order(PGconn *c, int64_t order_ref, int64_t payment_id)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, payment_id);
	ks_pg_i64(&p, order_ref);
	long changes;
	int rc = run_changes(c, PG_W_ORDER_CLAIM, &p, &changes);
	return !rc && changes == 0 ? KS_ERR_PROCESSED : rc;
}

static int save_card(PGconn *c, const struct ks_saved_card *sc)
{
	if (!sc)
		return KS_OK;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, sc->env_id);
	ks_pg_text(&p, sc->token);
	ks_pg_opt(&p, sc->user_id);
	ks_pg_text(&p, sc->masked_card);
	ks_pg_i64(&p, sc->one_click);
	ks_pg_bytea(&p, sc->sealed, sc->sealed_len);
	ks_pg_i64(&p, sc->created_ms);
	ks_pg_i64(&p, sc->expires_ms);
	return run(c, PG_W_SAVED_CARD, &p, NULL);
}

static int apply_settings(PGconn *c, struct ks_store_write *job)
{
	const struct ks_env_settings *e = &job->u.settings;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, e->env_id);
	if (e->recurring >= 0)
		ks_pg_i64(&p, e->recurring);
	else
		ks_pg_text(&p, NULL);
	ks_pg_text(&p, e->notification_url); /* NULL keeps, "" clears */
	ks_pg_text(&p, e->notification_emails);
	ks_pg_text(&p, e->finish_url);
	ks_pg_text(&p, e->unfinish_url);
	ks_pg_text(&p, e->error_url);
	ks_pg_text(&p, e->active_channels);
	ks_pg_text(&p, e->language);
	if (e->secure_3ds >= 0)
		ks_pg_i64(&p, e->secure_3ds);
	else
		ks_pg_text(&p, NULL);
	long changes;
	int rc = run_changes(c, PG_W_ENV_SETTINGS, &p, &changes);
	return !rc && changes == 0 ? KS_ERR_NOT_FOUND : rc;
}

/* The payment's number, unique among the live ones of its channel: a
 * taken one fails the job with KS_ERR_CONFLICT (the caller draws another). */
static int add_number(PGconn *c, struct ks_store_write *job, int64_t payment_id)
{
	const struct ks_payment_number *n = job->u.payment.number;
	if (!n)
		return KS_OK;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, payment_id);
	ks_pg_text(&p, n->channel);
	ks_pg_text(&p, n->number);
	int rc = run(c, PG_W_NUMBER, &p, NULL);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "payment number";
	return rc;
}

static int end_numbers(PGconn *c, int64_t payment_id)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, payment_id);
	return run(c, PG_W_NUMBER_END, &p, NULL);
}

static int apply_payment(PGconn *c, struct ks_store_write *job)
{
	const struct ks_payment *pay = job->u.payment.p;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, pay->transaction_id);
	ks_pg_i64(&p, pay->order_ref);
	ks_pg_i64(&p, pay->env_id);
	ks_pg_text(&p, pay->payment_type);
	ks_pg_text(&p, pay->status);
	ks_pg_opt(&p, pay->fraud_status);
	ks_pg_text(&p, pay->status_code);
	ks_pg_text(&p, pay->status_message);
	ks_pg_i64(&p, pay->gross_amount);
	ks_pg_i64(&p, pay->created_ms);
	ks_pg_text(&p, pay->details ? pay->details : "{}");
	ks_pg_i64(&p, pay->due_ms);
	int64_t id, hid;
	int rc = run_id(c, PG_W_PAYMENT, &p, &id);
	if (!rc && strcmp(pay->status, "pending") == 0)
		rc = add_number(c, job, id);
	if (!rc)
		rc = add_history(c, id, pay->created_ms, NULL, pay->status, job->u.payment.cause,
				 &hid);
	if (!rc)
		rc = add_outbox(c, pay->env_id, pay->transaction_id, hid, pay->created_ms,
				job->u.payment.outbox, job->u.payment.n_outbox);
	if (!rc && job->u.payment.mark_processed)
		rc = claim_order(c, pay->order_ref, id);
	if (!rc)
		rc = save_card(c, job->u.payment.save);
	return rc;
}

static int apply_change(PGconn *c, struct ks_store_write *job)
{
	const struct ks_payment_change *ch = &job->u.change;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_text(&p, ch->to_status);
	ks_pg_opt(&p, ch->fraud_status);
	ks_pg_text(&p, ch->status_code);
	ks_pg_text(&p, ch->status_message);
	ks_pg_opt(&p, ch->details);
	ks_pg_i64(&p, ch->at_ms);
	ks_pg_text(&p, ch->transaction_id);
	ks_pg_text(&p, ch->from_status);
	ks_pg_text(&p, ch->from_fraud); /* NULL: any */
	ks_pg_i64(&p, ch->due_ms);
	int64_t id, hid;
	int rc = run_id(c, PG_W_PAYMENT_CHANGE, &p, &id);
	if (rc)
		return rc;
	if (id == 0)
		return KS_ERR_CONFLICT; /* no longer in from_status */
	if (strcmp(ch->to_status, "pending") != 0)
		rc = end_numbers(c, id);
	if (!rc)
		rc = add_history(c, id, ch->at_ms, ch->from_status, ch->to_status, ch->cause, &hid);
	if (!rc)
		rc = add_outbox(c, ch->env_id, ch->transaction_id, hid, ch->at_ms, ch->outbox,
				ch->n_outbox);
	if (!rc && ch->mark_processed)
		rc = claim_order(c, ch->order_ref, id);
	if (!rc)
		rc = save_card(c, ch->save);
	return rc;
}

/* Exactly one row changed, else KS_ERR_NOT_FOUND. */
static int run_update(PGconn *c, enum pg_stmt s, const struct pg_params *p)
{
	long changes;
	int rc = run_changes(c, s, p, &changes);
	return !rc && changes == 0 ? KS_ERR_NOT_FOUND : rc;
}

static int apply_login(PGconn *c, struct ks_store_write *job)
{
	const struct ks_login_result *l = &job->u.login;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, l->merchant_id);
	if (!l->ok) {
		ks_pg_i64(&p, l->lock_after);
		ks_pg_i64(&p, l->lock_until_ms);
		return run_update(c, PG_W_LOGIN_FAIL, &p);
	}
	int rc = run_update(c, PG_W_LOGIN_OK, &p);
	if (rc || !l->id_hash)
		return rc;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, l->merchant_id);
	ks_pg_i64(&p, l->at_ms);
	if ((rc = run(c, PG_W_SESSIONS_EXPIRED, &p, NULL)))
		return rc;
	ks_pg_params_init(&p);
	ks_pg_bytea(&p, l->id_hash, 32);
	ks_pg_i64(&p, l->merchant_id);
	ks_pg_text(&p, l->csrf);
	ks_pg_i64(&p, l->at_ms);
	ks_pg_i64(&p, l->expires_ms);
	return run(c, PG_W_SESSION_INSERT, &p, NULL);
}

static int apply_session_delete(PGconn *c, struct ks_store_write *job)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_bytea(&p, job->u.session_hash, 32);
	return run(c, PG_W_SESSION_DELETE, &p, NULL);
}

static int apply_account(PGconn *c, struct ks_store_write *job)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, job->u.account.merchant_id);
	ks_pg_text(&p, job->u.account.email); /* NULL keeps */
	ks_pg_text(&p, job->u.account.password_hash);
	ks_pg_text(&p, job->u.account.name);
	ks_pg_text(&p, job->u.account.url); /* "" clears */
	int rc = run_update(c, PG_W_ACCOUNT, &p);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "email";
	if (rc || !job->u.account.password_hash)
		return rc;
	/* a new password ends the sessions made with the old one */
	ks_pg_params_init(&p);
	ks_pg_i64(&p, job->u.account.merchant_id);
	if (job->u.account.keep_session)
		ks_pg_bytea(&p, job->u.account.keep_session, 32);
	else
		ks_pg_text(&p, NULL);
	return run(c, PG_W_SESSIONS_END, &p, NULL);
}

static int apply_server_key(PGconn *c, struct ks_store_write *job)
{
	const struct ks_server_key_change *k = &job->u.server_key;
	unsigned char hash[32];
	ks_store_key_hash(k->server_key, hash);
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, k->env_id);
	ks_pg_text(&p, k->server_key);
	ks_pg_bytea(&p, hash, 32);
	int rc = run_update(c, PG_W_SERVER_KEY, &p);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "server key";
	return rc;
}

/* The new rows belong to the payment's latest change, so they leave after
 * anything of it still pending. */
static int apply_resend(PGconn *c, struct ks_store_write *job)
{
	const struct ks_outbox_resend *r = &job->u.resend;
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, r->payment_id);
	int64_t history_id;
	int rc = run_id(c, PG_W_LAST_HISTORY, &p, &history_id);
	if (rc)
		return rc;
	return add_outbox(c, r->env_id, r->transaction_id, history_id, r->at_ms, r->outbox,
			  r->n_outbox);
}

static int apply_clock(PGconn *c, struct ks_store_write *job)
{
	struct pg_params p;
	ks_pg_params_init(&p);
	ks_pg_i64(&p, job->u.clock.env_id);
	ks_pg_i64(&p, job->u.clock.advance_ms);
	return run_update(c, PG_W_CLOCK_ADVANCE, &p);
}

static int apply(PGconn *c, struct ks_store_write *job)
{
	switch (job->kind) {
	case KS_WRITE_MERCHANT_CREATE:
		return apply_merchant(c, job);
	case KS_WRITE_ORDER_CREATE:
		return apply_order(c, job);
	case KS_WRITE_PAYMENT_CREATE:
		return apply_payment(c, job);
	case KS_WRITE_PAYMENT_CHANGE:
		return apply_change(c, job);
	case KS_WRITE_ENV_SETTINGS:
		return apply_settings(c, job);
	case KS_WRITE_OUTBOX_RESULT:
		return apply_outbox_result(c, job);
	case KS_WRITE_LOGIN:
		return apply_login(c, job);
	case KS_WRITE_SESSION_DELETE:
		return apply_session_delete(c, job);
	case KS_WRITE_ACCOUNT:
		return apply_account(c, job);
	case KS_WRITE_SERVER_KEY:
		return apply_server_key(c, job);
	case KS_WRITE_OUTBOX_RESEND:
		return apply_resend(c, job);
	case KS_WRITE_CLOCK_ADVANCE:
		return apply_clock(c, job);
	}
	return KS_ERR_INTERNAL;
}

/* Reads the answer of a command sent in pipeline mode; whether it
 * succeeded. */
static int read_one(PGconn *c)
{
	PGresult *r = PQgetResult(c);
	int ok = r && ks_pg_rc(c, r) == KS_OK;
	PQclear(r);
	if (r)
		PQclear(PQgetResult(c)); /* the NULL that ends its results */
	return ok;
}

/* Sends the order inserts [first, end) together and reads their answers:
 * one round trip for all; whole: the transaction's BEGIN and COMMIT go in
 * the same round trip (a group made of orders only). KS_OK, REPLAY when
 * one failed otherwise than by a taken order_id (the transaction is then
 * aborted), or DROP. */
static int pipeline_orders(PGconn *c, struct ks_store_write *first, struct ks_store_write *end,
			   int whole)
{
	if (!PQenterPipelineMode(c))
		return REPLAY;
	int failed = whole && !PQsendQueryParams(c, "BEGIN", 0, NULL, NULL, NULL, NULL, 0);
	for (struct ks_store_write *job = first; job != end && !failed; job = job->next) {
		struct pg_params p;
		char methods[512];
		order_params(&p, &job->u.order, methods, sizeof(methods));
		failed = !ks_pg_send(c, PG_W_ORDER, &p);
	}
	if (whole && !failed)
		failed = !PQsendQueryParams(c, "COMMIT", 0, NULL, NULL, NULL, NULL, 0);
	if (failed || !PQpipelineSync(c))
		return DROP; /* nothing can be read back reliably */
	if (whole && !read_one(c))
		failed = 1;
	for (struct ks_store_write *job = first; job != end; job = job->next) {
		PGresult *r = PQgetResult(c);
		if (!r) {
			failed = 1;
			break;
		}
		job->rc = order_result(c, r);
		if (job->rc && job->rc != KS_ERR_DUPLICATE)
			failed = 1;
		PQclear(r);
		PQclear(PQgetResult(c)); /* the NULL that ends each query's results */
	}
	if (whole && !read_one(c) && !failed) {
		/* the commit failed: whether it happened is unknown */
		if (ks_pg_broken(c))
			return DROP;
		failed = 1;
	}
	PGresult *r;
	while ((r = PQgetResult(c)) != NULL) {
		ExecStatusType s = PQresultStatus(r);
		PQclear(r);
		if (s == PGRES_PIPELINE_SYNC)
			break;
	}
	if (!PQexitPipelineMode(c))
		return DROP;
	return failed ? REPLAY : KS_OK;
}

/* Runs every job of batch in one transaction; pipelined says whether order
 * inserts go together. Returns KS_OK, REPLAY, DROP, or an error every job
 * got. */
static int run_all(PGconn *c, struct ks_store_write *batch, int pipelined)
{
	size_t jobs = 0, orders = 0;
	for (struct ks_store_write *job = batch; job; job = job->next) {
		jobs++;
		orders += job->kind == KS_WRITE_ORDER_CREATE;
	}
	if (pipelined && orders == jobs) {
		/* the token-creation path: one round trip for the group */
		int64_t t0 = mono_ms();
		int prc = pipeline_orders(c, batch, NULL, 1);
		if (!prc)
			ks_metrics_commit(jobs, (double)(mono_ms() - t0));
		return prc;
	}
	int rc = ks_pg_exec(c, "BEGIN");
	for (struct ks_store_write *job = batch; job && !rc;) {
		if (pipelined && job->kind == KS_WRITE_ORDER_CREATE) {
			struct ks_store_write *end = job;
			while (end && end->kind == KS_WRITE_ORDER_CREATE)
				end = end->next;
			int prc = pipeline_orders(c, job, end, 0);
			if (prc)
				return prc;
			job = end;
			continue;
		}
		rc = ks_pg_exec(c, "SAVEPOINT job");
		if (rc)
			break;
		job->rc = apply(c, job);
		rc = ks_pg_exec(c, job->rc ? "ROLLBACK TO SAVEPOINT job" : "RELEASE SAVEPOINT job");
		job = job->next;
	}
	if (!rc) {
		int64_t t0 = mono_ms();
		rc = ks_pg_exec(c, "COMMIT");
		ks_metrics_commit(jobs, (double)(mono_ms() - t0));
	}
	if (rc) {
		if (!ks_pg_broken(c))
			ks_pg_exec(c, "ROLLBACK");
		for (struct ks_store_write *job = batch; job; job = job->next)
			job->rc = rc;
	}
	return rc;
}

/* The writer's connection, made again at most every 200 ms while the
 * database is away (jobs meanwhile fail at once: their requests get 503). */
static PGconn *writer_conn(struct pg_writer *w)
{
	if (w->c && ks_pg_broken(w->c)) {
		PQfinish(w->c);
		w->c = NULL;
	}
	if (w->c || mono_ms() < w->retry_at_ms)
		return w->c;
	char err[256];
	w->c = ks_pg_connect_prepared(w->url, err, sizeof(err));
	if (!w->c) {
		ks_log(KS_LOG_WARN, NULL, "database writer: %s", err);
		w->retry_at_ms = mono_ms() + 200;
	}
	return w->c;
}

void ks_pg_run_batch(struct pg_writer *w, struct ks_store_write *batch)
{
	PGconn *c = writer_conn(w);
	int rc = c ? run_all(c, batch, 1) : KS_ERR_UNAVAILABLE;
	if (rc == DROP) {
		PQfinish(c);
		w->c = c = NULL;
		rc = KS_ERR_UNAVAILABLE;
	}
	if (rc == REPLAY) {
		/* a pipelined insert failed: roll back and take the jobs one by
		 * one, so only the failing one fails */
		if (!ks_pg_broken(c) && ks_pg_exec(c, "ROLLBACK") == KS_OK) {
			for (struct ks_store_write *job = batch; job; job = job->next)
				job->rc = KS_OK;
			rc = run_all(c, batch, 0);
		} else {
			rc = KS_ERR_UNAVAILABLE;
		}
	}
	if (rc) {
		for (struct ks_store_write *job = batch; job; job = job->next)
			job->rc = rc == REPLAY ? KS_ERR_UNAVAILABLE : rc;
		if (c && ks_pg_broken(c)) {
			PQfinish(c);
			w->c = NULL;
		}
	}
	while (batch) {
		struct ks_store_write *next = batch->next;
		batch->next = NULL;
		batch->done(batch, batch->arg); /* may free batch */
		batch = next;
	}
}
