/* This file contains the SQLite write jobs: inserting merchants with their
 * environments, and Snap orders with their Idempotency-Key answers. */
#include <stdio.h>
#include <string.h>

#include "core/errors.h"
#include "store/sqlite_jobs.h"
#include "util/clock.h"
#include "util/log.h"

static const char *const write_sql[W__COUNT] = {
	[W_MERCHANT] = "INSERT INTO merchants (code, name, created_at, email, password_hash, url)"
		       " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	/* production forces 3-D Secure from the start (SPEC §10) */
	[W_ENV] = "INSERT INTO environments (merchant_id, kind, server_key, server_key_hash,"
		  " client_key, notification_url, secure_3ds) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?2 = 1)",
	[W_ORDER] = "INSERT INTO orders (env_id, token, order_id, gross_amount, created_at,"
		    " expires_at, enabled_payments, finish_url, error_url, notify_override,"
		    " notify_append, bca_va, bni_va, permata_va, permata_recipient, cc_secure,"
		    " cc_authorize, cc_save_card, user_id, idempotency_key, request_json)"
		    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
		    " ?16, ?17, ?18, ?19, ?20, ?21)",
	/* REPLACE: a key whose answer has expired may be used again */
	[W_IDEM] = "INSERT OR REPLACE INTO idempotency_keys (env_id, key, http_status, body,"
		   " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[W_PAYMENT] = "INSERT INTO payments (transaction_id, order_ref, env_id, payment_type,"
		      " status, fraud_status, status_code, status_message, gross_amount,"
		      " created_at, updated_at, details, due_at)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11, nullif(?12, 0))",
	[W_HISTORY] = "INSERT INTO status_history (payment_id, at, from_status, to_status, cause)"
		      " VALUES (?1, ?2, ?3, ?4, ?5)",
	/* set once: a second payment of the same order changes no row */
	[W_ORDER_CLAIM] = "UPDATE orders SET paid_payment_id = ?1"
			  " WHERE id = ?2 AND paid_payment_id IS NULL",
	[W_PAYMENT_CHANGE] = "UPDATE payments SET status = ?1, fraud_status = ?2, status_code = ?3,"
			     " status_message = ?4, details = coalesce(?5, details), updated_at = ?6,"
			     " due_at = nullif(?10, 0)"
			     " WHERE transaction_id = ?7 AND status = ?8"
			     " AND (?9 IS NULL OR coalesce(fraud_status, '') = ?9) RETURNING id",
	[W_SAVED_CARD] = "INSERT INTO saved_cards (env_id, token, user_id, masked_card, one_click,"
			 " sealed, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	/* NULL keeps a setting; '' clears it (stored as NULL) */
	[W_ENV_SETTINGS] = "UPDATE environments SET recurring = coalesce(?2, recurring),"
			   " notification_url = CASE WHEN ?3 IS NULL THEN notification_url ELSE nullif(?3, '') END,"
			   " notification_emails = CASE WHEN ?4 IS NULL THEN notification_emails ELSE nullif(?4, '') END,"
			   " finish_url = CASE WHEN ?5 IS NULL THEN finish_url ELSE nullif(?5, '') END,"
			   " unfinish_url = CASE WHEN ?6 IS NULL THEN unfinish_url ELSE nullif(?6, '') END,"
			   " error_url = CASE WHEN ?7 IS NULL THEN error_url ELSE nullif(?7, '') END,"
			   " active_channels = coalesce(?8, active_channels),"
			   " language = coalesce(?9, language),"
			   " secure_3ds = coalesce(?10, secure_3ds)"
			   " WHERE id = ?1",
	[W_OUTBOX] = "INSERT INTO outbox (env_id, transaction_id, history_id, kind, target, body,"
		     " next_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
	[W_ATTEMPT] = "INSERT INTO attempts (outbox_id, at, target, http_status, latency_ms, error)"
		      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[W_NUMBER] = "INSERT INTO payment_numbers (payment_id, channel, number) VALUES (?1, ?2, ?3)",
	/* a payment that leaves pending frees its number for other orders */
	[W_NUMBER_END] = "UPDATE payment_numbers SET live = 0 WHERE payment_id = ?1 AND live = 1",
	[W_OUTBOX_UPDATE] = "UPDATE outbox SET state = ?2, next_at = ?3, attempts = attempts + 1"
			    " WHERE id = ?1",
	[W_LOGIN_OK] = "UPDATE merchants SET failed_logins = 0 WHERE id = ?1",
	/* the values on the right are the old ones: the try that reaches
	 * ?2 failures locks until ?3 and restarts the count */
	[W_LOGIN_FAIL] = "UPDATE merchants SET"
			 " locked_until = CASE WHEN failed_logins + 1 >= ?2 THEN ?3 ELSE locked_until END,"
			 " failed_logins = CASE WHEN failed_logins + 1 >= ?2 THEN 0 ELSE failed_logins + 1 END"
			 " WHERE id = ?1",
	[W_SESSION_INSERT] = "INSERT INTO portal_sessions (id_hash, merchant_id, csrf, created_at,"
			     " expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[W_SESSION_DELETE] = "DELETE FROM portal_sessions WHERE id_hash = ?1",
	[W_SESSIONS_EXPIRED] = "DELETE FROM portal_sessions WHERE merchant_id = ?1 AND expires_at <= ?2",
	[W_SESSIONS_END] = "DELETE FROM portal_sessions WHERE merchant_id = ?1"
			   " AND (?2 IS NULL OR id_hash <> ?2)",
	[W_ACCOUNT] = "UPDATE merchants SET email = coalesce(?2, email),"
		      " password_hash = coalesce(?3, password_hash), name = coalesce(?4, name),"
		      " url = CASE WHEN ?5 IS NULL THEN url ELSE nullif(?5, '') END,"
		      " failed_logins = CASE WHEN ?3 IS NULL THEN failed_logins ELSE 0 END,"
		      " locked_until = CASE WHEN ?3 IS NULL THEN locked_until ELSE 0 END"
		      " WHERE id = ?1",
	[W_SERVER_KEY] = "UPDATE environments SET server_key = ?2, server_key_hash = ?3 WHERE id = ?1",
	[W_LAST_HISTORY] = "SELECT coalesce(max(id), 0) FROM status_history WHERE payment_id = ?1",
	/* kind 0: only a sandbox environment's time moves */
	[W_CLOCK_ADVANCE] = "UPDATE environments SET clock_offset_ms = clock_offset_ms + ?2"
			    " WHERE id = ?1 AND kind = 0",
};

int ks_sqlite_writer_init(struct ks_sqlite_writer *w, sqlite3 *db, char *err, size_t errsz)
{
	memset(w, 0, sizeof(*w));
	w->db = db;
	for (int i = 0; i < W__COUNT; i++) {
		if (sqlite3_prepare_v3(db, write_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &w->stmt[i], NULL) != SQLITE_OK) {
			snprintf(err, errsz, "cannot prepare write statement: %s", sqlite3_errmsg(db));
			for (int j = 0; j < i; j++)
				sqlite3_finalize(w->stmt[j]);
			w->db = NULL;
			return KS_ERR_INTERNAL;
		}
	}
	return KS_OK;
}

void ks_sqlite_writer_release(struct ks_sqlite_writer *w)
{
	for (int i = 0; i < W__COUNT; i++)
		sqlite3_finalize(w->stmt[i]);
	sqlite3_close(w->db);
	memset(w, 0, sizeof(*w));
}

int ks_sqlite_exec(struct ks_sqlite_writer *w, const char *sql)
{
	int src = sqlite3_exec(w->db, sql, NULL, NULL, NULL);
	return ks_sqlite_rc(src);
}

/* Steps a bound insert and resets it; KS_OK or an error code. */
static int step_insert(sqlite3_stmt *s)
{
	int src = sqlite3_step(s);
	int ext = sqlite3_extended_errcode(sqlite3_db_handle(s));
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (src == SQLITE_DONE)
		return KS_OK;
	if (src != SQLITE_CONSTRAINT)
		ks_log(KS_LOG_ERROR, NULL, "insert failed: %s (%d)",
		       sqlite3_errstr(ext), ext);
	return ks_sqlite_rc(src);
}

static void bind_opt_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_keep(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int apply_merchant(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_merchant_new *m = job->u.merchant;
	sqlite3_stmt *s = w->stmt[W_MERCHANT];
	sqlite3_bind_text(s, 1, m->code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, m->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, ks_clock_now_ms());
	bind_opt_text(s, 4, m->email);
	bind_opt_text(s, 5, m->password_hash);
	bind_opt_text(s, 6, m->url);
	int rc = step_insert(s);
	if (rc) {
		if (rc == KS_ERR_CONFLICT)
			job->conflict = strstr(sqlite3_errmsg(w->db), "email") ? "email"
										: "merchant code";
		return rc;
	}
	int64_t mid = sqlite3_last_insert_rowid(w->db);
	for (int kind = 0; kind < 2; kind++) {
		unsigned char hash[32];
		ks_store_key_hash(m->server_key[kind], hash);
		s = w->stmt[W_ENV];
		sqlite3_bind_int64(s, 1, mid);
		sqlite3_bind_int(s, 2, kind);
		sqlite3_bind_text(s, 3, m->server_key[kind], -1, SQLITE_STATIC);
		sqlite3_bind_blob(s, 4, hash, 32, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 5, m->client_key[kind], -1, SQLITE_STATIC);
		bind_opt_text(s, 6, kind == KS_ENV_SANDBOX ? m->notification_url : NULL);
		rc = step_insert(s);
		if (rc) {
			if (rc == KS_ERR_CONFLICT) {
				const char *msg = sqlite3_errmsg(w->db);
				job->conflict = strstr(msg, "client_key") ? "client key" : "server key";
			}
			return rc;
		}
	}
	return KS_OK;
}

static int apply_order(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_order_new *o = &job->u.order;
	const struct ks_snap_req *r = o->req;
	char methods[512];
	ks_paymethod_set_format(r->enabled_payments, methods, sizeof(methods));
	sqlite3_stmt *s = w->stmt[W_ORDER];
	sqlite3_bind_int64(s, 1, o->env_id);
	sqlite3_bind_text(s, 2, o->token, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->order_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, r->gross_amount);
	sqlite3_bind_int64(s, 5, o->created_ms);
	sqlite3_bind_int64(s, 6, o->expires_ms);
	sqlite3_bind_text(s, 7, methods, -1, SQLITE_TRANSIENT);
	bind_opt_text(s, 8, r->finish_url);
	bind_opt_text(s, 9, r->error_url);
	bind_opt_text(s, 10, o->notify_override);
	bind_opt_text(s, 11, o->notify_append);
	bind_opt_text(s, 12, r->bca_va);
	bind_opt_text(s, 13, r->bni_va);
	bind_opt_text(s, 14, r->permata_va);
	bind_opt_text(s, 15, r->permata_recipient);
	sqlite3_bind_int(s, 16, r->cc_secure);
	sqlite3_bind_int(s, 17, r->cc_authorize);
	sqlite3_bind_int(s, 18, r->cc_save_card);
	bind_opt_text(s, 19, r->user_id);
	bind_opt_text(s, 20, o->idem_key);
	sqlite3_bind_text(s, 21, o->request_json, (int)o->request_len, SQLITE_STATIC);
	int rc = step_insert(s);
	if (rc == KS_ERR_CONFLICT)
		return KS_ERR_DUPLICATE; /* UNIQUE (env_id, order_id); tokens never repeat */
	if (rc || !o->idem_key)
		return rc;
	s = w->stmt[W_IDEM];
	sqlite3_bind_int64(s, 1, o->env_id);
	sqlite3_bind_text(s, 2, o->idem_key, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 3, o->idem_status);
	sqlite3_bind_text(s, 4, o->idem_body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, o->idem_expires_ms);
	return step_insert(s);
}

static int add_history(struct ks_sqlite_writer *w, int64_t payment_id, int64_t at,
		       const char *from, const char *to, const char *cause)
{
	sqlite3_stmt *s = w->stmt[W_HISTORY];
	sqlite3_bind_int64(s, 1, payment_id);
	sqlite3_bind_int64(s, 2, at);
	bind_opt_text(s, 3, from);
	sqlite3_bind_text(s, 4, to, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, cause, -1, SQLITE_STATIC);
	return step_insert(s);
}

/* The notifications of the change history_id, due at once. */
static int add_outbox(struct ks_sqlite_writer *w, int64_t env_id, const char *txid,
		      int64_t history_id, int64_t at, const struct ks_outbox_new *rows, size_t n)
{
	int rc = KS_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_stmt *s = w->stmt[W_OUTBOX];
		sqlite3_bind_int64(s, 1, env_id);
		sqlite3_bind_text(s, 2, txid, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 3, history_id);
		sqlite3_bind_text(s, 4, rows[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, rows[i].target, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 6, rows[i].body, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 7, at);
		rc = step_insert(s);
	}
	return rc;
}

static int apply_outbox_result(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_outbox_result *r = &job->u.outbox_result;
	sqlite3_stmt *s = w->stmt[W_ATTEMPT];
	sqlite3_bind_int64(s, 1, r->outbox_id);
	sqlite3_bind_int64(s, 2, r->at_ms);
	sqlite3_bind_text(s, 3, r->target, -1, SQLITE_STATIC);
	if (r->http_status)
		sqlite3_bind_int(s, 4, r->http_status);
	else
		sqlite3_bind_null(s, 4);
	sqlite3_bind_int64(s, 5, r->latency_ms);
	bind_opt_text(s, 6, r->error);
	int rc = step_insert(s);
	if (rc)
		return rc;
	s = w->stmt[W_OUTBOX_UPDATE];
	sqlite3_bind_int64(s, 1, r->outbox_id);
	sqlite3_bind_text(s, 2, r->state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, r->next_at_ms);
	return step_insert(s);
}

static int claim_order(struct ks_sqlite_writer *w, int64_t order_ref, int64_t payment_id)
{
	sqlite3_stmt *s = w->stmt[W_ORDER_CLAIM];
	sqlite3_bind_int64(s, 1, payment_id);
	sqlite3_bind_int64(s, 2, order_ref);
	int rc = step_insert(s);
	if (!rc && sqlite3_changes(w->db) == 0)
		rc = KS_ERR_PROCESSED;
	return rc;
}

static int save_card(struct ks_sqlite_writer *w, const struct ks_saved_card *c)
{
	if (!c)
		return KS_OK;
	sqlite3_stmt *s = w->stmt[W_SAVED_CARD];
	sqlite3_bind_int64(s, 1, c->env_id);
	sqlite3_bind_text(s, 2, c->token, -1, SQLITE_STATIC);
	bind_opt_text(s, 3, c->user_id);
	sqlite3_bind_text(s, 4, c->masked_card, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, c->one_click);
	sqlite3_bind_blob(s, 6, c->sealed, (int)c->sealed_len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 7, c->created_ms);
	sqlite3_bind_int64(s, 8, c->expires_ms);
	return step_insert(s);
}

static int apply_settings(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_env_settings *e = &job->u.settings;
	sqlite3_stmt *s = w->stmt[W_ENV_SETTINGS];
	sqlite3_bind_int64(s, 1, e->env_id);
	if (e->recurring >= 0)
		sqlite3_bind_int(s, 2, e->recurring);
	else
		sqlite3_bind_null(s, 2);
	bind_keep(s, 3, e->notification_url);
	bind_keep(s, 4, e->notification_emails);
	bind_keep(s, 5, e->finish_url);
	bind_keep(s, 6, e->unfinish_url);
	bind_keep(s, 7, e->error_url);
	bind_keep(s, 8, e->active_channels);
	bind_keep(s, 9, e->language);
	if (e->secure_3ds >= 0)
		sqlite3_bind_int(s, 10, e->secure_3ds);
	else
		sqlite3_bind_null(s, 10);
	int rc = step_insert(s);
	return !rc && sqlite3_changes(w->db) == 0 ? KS_ERR_NOT_FOUND : rc;
}

static int add_number(struct ks_store_write *job, struct ks_sqlite_writer *w, int64_t payment_id)
{
	const struct ks_payment_number *n = job->u.payment.number;
	if (!n)
		return KS_OK;
	sqlite3_stmt *s = w->stmt[W_NUMBER];
	sqlite3_bind_int64(s, 1, payment_id);
	sqlite3_bind_text(s, 2, n->channel, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, n->number, -1, SQLITE_STATIC);
	int rc = step_insert(s);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "payment number";
	return rc;
}

static int end_numbers(struct ks_sqlite_writer *w, int64_t payment_id)
{
	sqlite3_stmt *s = w->stmt[W_NUMBER_END];
	sqlite3_bind_int64(s, 1, payment_id);
	return step_insert(s);
}

static int apply_payment(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_payment *p = job->u.payment.p;
	sqlite3_stmt *s = w->stmt[W_PAYMENT];
	sqlite3_bind_text(s, 1, p->transaction_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, p->order_ref);
	sqlite3_bind_int64(s, 3, p->env_id);
	sqlite3_bind_text(s, 4, p->payment_type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, p->status, -1, SQLITE_STATIC);
	bind_opt_text(s, 6, p->fraud_status);
	sqlite3_bind_text(s, 7, p->status_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, p->status_message, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 9, p->gross_amount);
	sqlite3_bind_int64(s, 10, p->created_ms);
	sqlite3_bind_text(s, 11, p->details ? p->details : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 12, p->due_ms);
	int rc = step_insert(s);
	if (rc)
		return rc;
	int64_t id = sqlite3_last_insert_rowid(w->db);
	if (strcmp(p->status, "pending") == 0)
		rc = add_number(job, w, id);
	if (rc)
		return rc;
	rc = add_history(w, id, p->created_ms, NULL, p->status, job->u.payment.cause);
	if (!rc)
		rc = add_outbox(w, p->env_id, p->transaction_id, sqlite3_last_insert_rowid(w->db),
				p->created_ms, job->u.payment.outbox, job->u.payment.n_outbox);
	if (!rc && job->u.payment.mark_processed)
		rc = claim_order(w, p->order_ref, id);
	if (!rc)
		rc = save_card(w, job->u.payment.save);
	return rc;
}

static int apply_change(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_payment_change *c = &job->u.change;
	sqlite3_stmt *s = w->stmt[W_PAYMENT_CHANGE];
	sqlite3_bind_text(s, 1, c->to_status, -1, SQLITE_STATIC);
	bind_opt_text(s, 2, c->fraud_status);
	sqlite3_bind_text(s, 3, c->status_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->status_message, -1, SQLITE_STATIC);
	bind_opt_text(s, 5, c->details);
	sqlite3_bind_int64(s, 6, c->at_ms);
	sqlite3_bind_text(s, 7, c->transaction_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, c->from_status, -1, SQLITE_STATIC);
	bind_keep(s, 9, c->from_fraud);
	sqlite3_bind_int64(s, 10, c->due_ms);
	int src = sqlite3_step(s);
	int64_t id = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (src == SQLITE_ROW)
		src = sqlite3_step(s);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (src != SQLITE_DONE)
		return ks_sqlite_rc(src);
	if (id == 0)
		return KS_ERR_CONFLICT; /* no longer in from_status */
	int rc = KS_OK;
	if (strcmp(c->to_status, "pending") != 0)
		rc = end_numbers(w, id);
	if (!rc)
		rc = add_history(w, id, c->at_ms, c->from_status, c->to_status, c->cause);
	if (!rc)
		rc = add_outbox(w, c->env_id, c->transaction_id, sqlite3_last_insert_rowid(w->db),
				c->at_ms, c->outbox, c->n_outbox);
	if (!rc && c->mark_processed)
		rc = claim_order(w, c->order_ref, id);
	if (!rc)
		rc = save_card(w, c->save);
	return rc;
}

/* Exactly one row changed, else KS_ERR_NOT_FOUND. */
static int step_update(struct ks_sqlite_writer *w, sqlite3_stmt *s)
{
	int rc = step_insert(s);
	return !rc && sqlite3_changes(w->db) == 0 ? KS_ERR_NOT_FOUND : rc;
}

static int apply_login(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_login_result *l = &job->u.login;
	sqlite3_stmt *s;
	if (!l->ok) {
		s = w->stmt[W_LOGIN_FAIL];
		sqlite3_bind_int64(s, 1, l->merchant_id);
		sqlite3_bind_int(s, 2, l->lock_after);
		sqlite3_bind_int64(s, 3, l->lock_until_ms);
		return step_update(w, s);
	}
	s = w->stmt[W_LOGIN_OK];
	sqlite3_bind_int64(s, 1, l->merchant_id);
	int rc = step_update(w, s);
	if (rc || !l->id_hash)
		return rc;
	s = w->stmt[W_SESSIONS_EXPIRED];
	sqlite3_bind_int64(s, 1, l->merchant_id);
	sqlite3_bind_int64(s, 2, l->at_ms);
	if ((rc = step_insert(s)))
		return rc;
	s = w->stmt[W_SESSION_INSERT];
	sqlite3_bind_blob(s, 1, l->id_hash, 32, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, l->merchant_id);
	sqlite3_bind_text(s, 3, l->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, l->at_ms);
	sqlite3_bind_int64(s, 5, l->expires_ms);
	return step_insert(s);
}

static int apply_session_delete(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	sqlite3_stmt *s = w->stmt[W_SESSION_DELETE];
	sqlite3_bind_blob(s, 1, job->u.session_hash, 32, SQLITE_STATIC);
	return step_insert(s);
}

static int apply_account(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	sqlite3_stmt *s = w->stmt[W_ACCOUNT];
	sqlite3_bind_int64(s, 1, job->u.account.merchant_id);
	bind_keep(s, 2, job->u.account.email);
	bind_keep(s, 3, job->u.account.password_hash);
	bind_keep(s, 4, job->u.account.name);
	bind_keep(s, 5, job->u.account.url);
	int rc = step_update(w, s);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "email";
	if (rc || !job->u.account.password_hash)
		return rc;
	/* a new password ends the sessions made with the old one */
	s = w->stmt[W_SESSIONS_END];
	sqlite3_bind_int64(s, 1, job->u.account.merchant_id);
	if (job->u.account.keep_session)
		sqlite3_bind_blob(s, 2, job->u.account.keep_session, 32, SQLITE_STATIC);
	return step_insert(s);
}

static int apply_server_key(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_server_key_change *k = &job->u.server_key;
	unsigned char hash[32];
	ks_store_key_hash(k->server_key, hash);
	sqlite3_stmt *s = w->stmt[W_SERVER_KEY];
	sqlite3_bind_int64(s, 1, k->env_id);
	sqlite3_bind_text(s, 2, k->server_key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 3, hash, 32, SQLITE_TRANSIENT);
	int rc = step_update(w, s);
	if (rc == KS_ERR_CONFLICT)
		job->conflict = "server key";
	return rc;
}

/* The new rows belong to the payment's latest change, so they leave after
 * anything of it still pending. */
static int apply_resend(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	const struct ks_outbox_resend *r = &job->u.resend;
	sqlite3_stmt *s = w->stmt[W_LAST_HISTORY];
	sqlite3_bind_int64(s, 1, r->payment_id);
	int src = sqlite3_step(s);
	int64_t history_id = src == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	if (src != SQLITE_ROW)
		return ks_sqlite_rc(src);
	return add_outbox(w, r->env_id, r->transaction_id, history_id, r->at_ms, r->outbox,
			  r->n_outbox);
}

static int apply_clock(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	sqlite3_stmt *s = w->stmt[W_CLOCK_ADVANCE];
	sqlite3_bind_int64(s, 1, job->u.clock.env_id);
	sqlite3_bind_int64(s, 2, job->u.clock.advance_ms);
	return step_update(w, s);
}

int ks_sqlite_job_apply(struct ks_sqlite_writer *w, struct ks_store_write *job)
{
	switch (job->kind) {
	case KS_WRITE_MERCHANT_CREATE:
		return apply_merchant(w, job);
	case KS_WRITE_ORDER_CREATE:
		return apply_order(w, job);
	case KS_WRITE_PAYMENT_CREATE:
		return apply_payment(w, job);
	case KS_WRITE_PAYMENT_CHANGE:
		return apply_change(w, job);
	case KS_WRITE_ENV_SETTINGS:
		return apply_settings(w, job);
	case KS_WRITE_OUTBOX_RESULT:
		return apply_outbox_result(w, job);
	case KS_WRITE_LOGIN:
		return apply_login(w, job);
	case KS_WRITE_SESSION_DELETE:
		return apply_session_delete(w, job);
	case KS_WRITE_ACCOUNT:
		return apply_account(w, job);
	case KS_WRITE_SERVER_KEY:
		return apply_server_key(w, job);
	case KS_WRITE_OUTBOX_RESEND:
		return apply_resend(w, job);
	case KS_WRITE_CLOCK_ADVANCE:
		return apply_clock(w, job);
	}
	return KS_ERR_INTERNAL;
}
