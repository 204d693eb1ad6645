/* This file contains the SQL text of the PostgreSQL backend: the same reads
 * and writes as the SQLite backend (store/sqlite.c, sqlite_jobs.c), plus the
 * claims that share background work between kasir nodes (docs/store.md). */
#include "store/pg_sql.h"

#define ENV_COLUMNS                                                                      \
	"e.id, e.merchant_id, m.code, e.kind, e.server_key, e.client_key, m.name, e.recurring," \
	" e.notification_url, e.notification_emails, e.finish_url, e.unfinish_url, e.error_url," \
	" e.active_channels, e.language, e.secure_3ds, e.clock_offset_ms"
#define ENV_FROM " FROM environments e JOIN merchants m ON m.id = e.merchant_id"
/* Due in its environment's time: real time ($1) plus the environment's
 * clock offset; the furthest any clock has moved (one look-up in its index)
 * bounds the index range first. */
#define MAX_OFFSET "(SELECT max(clock_offset_ms) FROM environments)"
#define DUE(col, env) col " <= $1 + " MAX_OFFSET " AND " col " <= $1 + (SELECT clock_offset_ms" \
	" FROM environments WHERE id = " env ")"
#define ORDER_SELECT                                                                     \
	"SELECT " ENV_COLUMNS ", o.id, o.token, o.order_id, o.gross_amount,"             \
	" o.created_at, o.expires_at, o.enabled_payments, o.cc_secure,"                   \
	" o.cc_authorize, o.cc_save_card, o.finish_url, o.error_url, o.user_id,"          \
	" o.request_json, coalesce(o.paid_payment_id, 0), o.notify_override,"             \
	" o.notify_append, coalesce(o.bca_va, ''), coalesce(o.bni_va, ''),"               \
	" coalesce(o.permata_va, ''), coalesce(o.permata_recipient, '')"                  \
	" FROM orders o JOIN environments e ON e.id = o.env_id"                           \
	" JOIN merchants m ON m.id = e.merchant_id"
#define PAYMENT_COLUMNS                                                                  \
	"p.id, p.order_ref, p.env_id, p.transaction_id, p.payment_type,"                  \
	" p.status, coalesce(p.fraud_status, ''), p.status_code, p.status_message,"       \
	" p.gross_amount, p.created_at, p.updated_at, p.details, coalesce(p.due_at, 0)"
#define SAVED_COLUMNS                                                                    \
	"env_id, token, coalesce(user_id, ''), masked_card, one_click, sealed,"           \
	" created_at, expires_at FROM saved_cards"
/* How long a node holds claimed work before another may take it over:
 * $n seconds from the database's own clock, the one clock every node
 * shares (an environment's test clock moves only its due times). */
#define LEASE_END(n) "clock_timestamp() + make_interval(secs => " n ")"
/* A claim is free when its lease ran out or its owner's session ended. */
#define LEASE_FREE(until, owner)                                                          \
	"(" until " IS NULL OR " until " < clock_timestamp() OR NOT EXISTS"             \
	" (SELECT 1 FROM pg_stat_activity a WHERE a.pid = " owner "))"
/* A claim is also free to the session that holds it. One node's notifier
 * claims through one connection: rows it claimed but did not start (their
 * merchant at --notify-per-merchant) or whose result it could not record
 * are its to take again at once, and rows it is delivering are in its busy
 * list ($3), so none is sent twice. One node's scheduler claims through
 * another, and waits for a batch's changes before it claims again: a
 * transition it could not write is retried on its next pass, as on SQLite. */
#define MINE_OR_FREE(until, owner) "(" owner " = pg_backend_pid() OR " LEASE_FREE(until, owner) ")"

const char *const ks_pg_sql[PG_STMT__COUNT] = {
	[PG_ENV_BY_HASH] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE e.server_key_hash = $1",
	[PG_ENV_BY_MERCHANT] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE m.code = $1 AND e.kind = $2",
	[PG_ENV_BY_CLIENT_KEY] = "SELECT " ENV_COLUMNS ENV_FROM " WHERE e.client_key = $1",
	[PG_IDEM_GET] = "SELECT http_status, body FROM idempotency_keys"
			" WHERE env_id = $1 AND key = $2 AND expires_at > $3",
	[PG_ORDER_COUNT] = "SELECT count(*) FROM orders WHERE env_id = $1",
	[PG_ORDER_BY_TOKEN] = ORDER_SELECT " WHERE o.token = $1",
	[PG_ORDER_BY_REF] = ORDER_SELECT " WHERE o.id = $1",
	[PG_PAYMENT_GET] = "SELECT " PAYMENT_COLUMNS " FROM payments p WHERE p.transaction_id = $1",
	/* the order's newest attempt: ids grow with time */
	[PG_PAYMENT_LATEST] = "SELECT " PAYMENT_COLUMNS " FROM payments p"
			      " JOIN orders o ON o.id = p.order_ref"
			      " WHERE o.env_id = $1 AND o.order_id = $2 ORDER BY p.id DESC LIMIT 1",
	[PG_SAVED_CARD] = "SELECT " SAVED_COLUMNS " WHERE env_id = $1 AND token = $2 AND expires_at > $3",
	[PG_SAVED_CARDS_OF_USER] = "SELECT " SAVED_COLUMNS " WHERE env_id = $1 AND user_id = $2"
				   " AND expires_at > $3 ORDER BY id DESC",
	/* Claims due outbox rows for this node: rows another node holds (row
	 * lock or unexpired lease) are skipped, and a row waits while an
	 * earlier change of its transaction is pending, so a transaction's
	 * notifications leave in status order. $3: ids this node is still
	 * delivering; $4: the lease in seconds. */
	[PG_OUTBOX_CLAIM] = "WITH c AS (UPDATE outbox SET lease_until = " LEASE_END("$4") ","
			    " lease_owner = pg_backend_pid()"
			    " WHERE id IN (SELECT o.id FROM outbox o"
			    " WHERE o.state = 'pending' AND " DUE("o.next_at", "o.env_id")
			    " AND o.id <> ALL ($3::bigint[])"
			    " AND " MINE_OR_FREE("o.lease_until", "o.lease_owner")
			    " AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.state = 'pending'"
			    " AND e.transaction_id = o.transaction_id AND e.history_id < o.history_id)"
			    " ORDER BY o.next_at, o.id LIMIT $2 FOR UPDATE SKIP LOCKED)"
			    " RETURNING id, env_id, transaction_id, kind, target, body, attempts, next_at)"
			    " SELECT c.id, c.env_id, c.transaction_id, c.kind, c.target, c.body, c.attempts,"
			    " e.clock_offset_ms FROM c JOIN environments e ON e.id = c.env_id"
			    " ORDER BY c.next_at, c.id",
	[PG_OUTBOX_STATS] = "SELECT count(*), coalesce(min(created_at), 0) FROM outbox"
			    " WHERE state = 'pending'",
	/* Claims due timed transitions the same way; the change that applies
	 * one clears the lease (PG_W_PAYMENT_CHANGE). */
	[PG_PAYMENTS_CLAIM] = "WITH c AS (UPDATE payments p SET due_lease_until = " LEASE_END("$3") ","
			      " due_lease_owner = pg_backend_pid()"
			      " WHERE p.id IN (SELECT id FROM payments WHERE " DUE("due_at", "payments.env_id")
			      " AND " MINE_OR_FREE("due_lease_until", "due_lease_owner")
			      " ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)"
			      " RETURNING " PAYMENT_COLUMNS ", p.due_at AS due)"
			      " SELECT * FROM c ORDER BY due",
	/* a few expired tokens go with each new one, so the table stays small */
	[PG_VAULT_PUT] = "WITH gone AS (DELETE FROM card_tokens WHERE id IN (SELECT id FROM card_tokens"
			 " WHERE expires_at <= $4 LIMIT 8))"
			 " INSERT INTO card_tokens (id, sealed, expires_at) VALUES ($1, $2, $3)",
	/* single use: taking it deletes it, whichever node asks */
	[PG_VAULT_TAKE] = "DELETE FROM card_tokens WHERE id = $1 RETURNING sealed, expires_at > $2",

	/* the live row first (the oldest live one for KlikBCA ids), else the
	 * newest ended one */
	[PG_NUMBER_FIND] = "SELECT p.transaction_id, n.live FROM payment_numbers n"
			   " JOIN payments p ON p.id = n.payment_id"
			   " WHERE n.channel = $1 AND n.number = $2"
			   " ORDER BY n.live DESC, CASE WHEN n.live = 1 THEN n.id ELSE -n.id END LIMIT 1",
#define ACCOUNT_SELECT "SELECT id, code, name, coalesce(email, ''), coalesce(password_hash, '')," \
		       " coalesce(url, ''), failed_logins, locked_until FROM merchants"
	[PG_ACCOUNT_BY_EMAIL] = ACCOUNT_SELECT " WHERE email = $1",
	[PG_ACCOUNT_BY_ID] = ACCOUNT_SELECT " WHERE id = $1",
	[PG_SESSION_GET] = "SELECT merchant_id, csrf, expires_at FROM portal_sessions"
			   " WHERE id_hash = $1 AND expires_at > $2",
	/* One statement for every filter shape (NULL or 0: not filtered);
	 * PostgreSQL plans each call with its values (custom plans), so each
	 * shape still uses its index. Keyset paging on (created_at, id). */
	[PG_TXN_LIST] = "SELECT p.id, p.transaction_id, o.order_id, p.payment_type, p.status,"
			" coalesce(p.fraud_status, ''), p.gross_amount, p.created_at,"
			" trim(coalesce(o.request_json::json -> 'customer_details' ->> 'first_name', '') || ' ' ||"
			" coalesce(o.request_json::json -> 'customer_details' ->> 'last_name', ''))"
			" FROM payments p JOIN orders o ON o.id = p.order_ref WHERE p.env_id = $1"
			" AND ($2::text IS NULL OR (o.env_id = $1 AND o.order_id = $2))"
			" AND ($3::text IS NULL OR p.status = $3)"
			" AND ($4::text IS NULL OR p.payment_type = $4)"
			" AND ($5::bigint = 0 OR p.created_at >= $5)"
			" AND ($6::bigint = 0 OR p.created_at < $6)"
			/* the cursor as a range on the index (env_id, created_at) */
			" AND ($8::bigint = 0 OR (p.created_at <= $7 AND (p.created_at < $7 OR p.id < $8)))"
			" ORDER BY p.created_at DESC, p.id DESC LIMIT $9",
	[PG_TXN_HISTORY] = "SELECT at, coalesce(from_status, ''), to_status, cause FROM status_history"
			   " WHERE payment_id = $1 ORDER BY id",
	[PG_TXN_DELIVERIES] = "SELECT o.id, o.kind, o.target, o.state, o.created_at, coalesce(a.at, 0),"
			      " coalesce(a.http_status, 0), coalesce(a.latency_ms, 0), coalesce(a.error, '')"
			      " FROM outbox o LEFT JOIN attempts a ON a.outbox_id = o.id"
			      " WHERE o.transaction_id = $1 ORDER BY o.id, a.id",
	/* days in Asia/Jakarta (UTC+7, no daylight saving) as day numbers */
	[PG_TXN_STATS] = "SELECT to_char(to_timestamp(dayn * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD'),"
			 " payment_type, count(*), sum(ok), sum(ok * gross_amount) FROM"
			 " (SELECT (created_at + 25200000) / 86400000 AS dayn, payment_type, gross_amount,"
			 " CASE WHEN status IN ('capture', 'settlement')"
			 " AND coalesce(fraud_status, '') <> 'challenge' THEN 1 ELSE 0 END AS ok"
			 " FROM payments WHERE env_id = $1 AND created_at >= $2 AND created_at < $3) d"
			 " GROUP BY dayn, payment_type ORDER BY dayn, payment_type",

	[PG_W_MERCHANT] = "INSERT INTO merchants (code, name, created_at, email, password_hash, url)"
			  " VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	/* production forces 3-D Secure from the start (SPEC §10) */
	[PG_W_ENV] = "INSERT INTO environments (merchant_id, kind, server_key, server_key_hash,"
		     " client_key, notification_url, secure_3ds)"
		     " VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $2 = 1 THEN 1 ELSE 0 END)",
	/* One statement, so it can be pipelined: a taken order_id (or token)
	 * inserts nothing and returns 0; the Idempotency-Key answer is kept
	 * only with a new order (an expired key may be used again). */
	[PG_W_ORDER] = "WITH o AS (INSERT INTO orders (env_id, token, order_id, gross_amount,"
		       " created_at, expires_at, enabled_payments, finish_url, error_url,"
		       " notify_override, notify_append, bca_va, bni_va, permata_va,"
		       " permata_recipient, cc_secure, cc_authorize, cc_save_card, user_id,"
		       " idempotency_key, request_json)"
		       " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
		       " $16, $17, $18, $19, $20, $21) ON CONFLICT DO NOTHING RETURNING id),"
		       " i AS (INSERT INTO idempotency_keys (env_id, key, http_status, body, expires_at)"
		       " SELECT $1, $20, $22, $23, $24 FROM o WHERE $20::text IS NOT NULL"
		       " ON CONFLICT (env_id, key) DO UPDATE SET http_status = excluded.http_status,"
		       " body = excluded.body, expires_at = excluded.expires_at)"
		       " SELECT count(*) FROM o",
	[PG_W_PAYMENT] = "INSERT INTO payments (transaction_id, order_ref, env_id, payment_type,"
			 " status, fraud_status, status_code, status_message, gross_amount,"
			 " created_at, updated_at, details, due_at)"
			 " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, nullif($12::bigint, 0))"
			 " RETURNING id",
	[PG_W_HISTORY] = "INSERT INTO status_history (payment_id, at, from_status, to_status, cause)"
			 " VALUES ($1, $2, $3, $4, $5) RETURNING id",
	/* set once: a second payment of the same order changes no row */
	[PG_W_ORDER_CLAIM] = "UPDATE orders SET paid_payment_id = $1"
			     " WHERE id = $2 AND paid_payment_id IS NULL",
	[PG_W_PAYMENT_CHANGE] = "UPDATE payments SET status = $1, fraud_status = $2, status_code = $3,"
				" status_message = $4, details = coalesce($5, details), updated_at = $6,"
				" due_at = nullif($10::bigint, 0), due_lease_until = NULL"
				" WHERE transaction_id = $7 AND status = $8"
				" AND ($9::text IS NULL OR coalesce(fraud_status, '') = $9) RETURNING id",
	[PG_W_SAVED_CARD] = "INSERT INTO saved_cards (env_id, token, user_id, masked_card, one_click,"
			    " sealed, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	/* NULL keeps a setting; '' clears it (stored as NULL) */
	[PG_W_ENV_SETTINGS] = "UPDATE environments SET recurring = coalesce($2, recurring),"
			      " notification_url = CASE WHEN $3::text IS NULL THEN notification_url ELSE nullif($3, '') END,"
			      " notification_emails = CASE WHEN $4::text IS NULL THEN notification_emails ELSE nullif($4, '') END,"
			      " finish_url = CASE WHEN $5::text IS NULL THEN finish_url ELSE nullif($5, '') END,"
			      " unfinish_url = CASE WHEN $6::text IS NULL THEN unfinish_url ELSE nullif($6, '') END,"
			      " error_url = CASE WHEN $7::text IS NULL THEN error_url ELSE nullif($7, '') END,"
			      " active_channels = coalesce($8, active_channels),"
			      " language = coalesce($9, language),"
			      " secure_3ds = coalesce($10, secure_3ds)"
			      " WHERE id = $1",
	[PG_W_OUTBOX] = "INSERT INTO outbox (env_id, transaction_id, history_id, kind, target, body,"
			" next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
	[PG_W_ATTEMPT] = "INSERT INTO attempts (outbox_id, at, target, http_status, latency_ms, error)"
			 " VALUES ($1, $2, $3, $4, $5, $6)",
	/* the result ends this node's lease on the row */
	[PG_W_OUTBOX_UPDATE] = "UPDATE outbox SET state = $2, next_at = $3, attempts = attempts + 1,"
			       " lease_until = NULL WHERE id = $1",
	[PG_W_NUMBER] = "INSERT INTO payment_numbers (payment_id, channel, number) VALUES ($1, $2, $3)",
	/* a payment that leaves pending frees its number for other orders */
	[PG_W_NUMBER_END] = "UPDATE payment_numbers SET live = 0 WHERE payment_id = $1 AND live = 1",
	[PG_W_LOGIN_OK] = "UPDATE merchants SET failed_logins = 0 WHERE id = $1",
	/* the values on the right are the old ones: the try that reaches $2
	 * failures locks until $3 and restarts the count */
	[PG_W_LOGIN_FAIL] = "UPDATE merchants SET"
			    " locked_until = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until END,"
			    " failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END"
			    " WHERE id = $1",
	[PG_W_SESSION_INSERT] = "INSERT INTO portal_sessions (id_hash, merchant_id, csrf, created_at,"
				" expires_at) VALUES ($1, $2, $3, $4, $5)",
	[PG_W_SESSION_DELETE] = "DELETE FROM portal_sessions WHERE id_hash = $1",
	[PG_W_SESSIONS_EXPIRED] = "DELETE FROM portal_sessions WHERE merchant_id = $1 AND expires_at <= $2",
	[PG_W_SESSIONS_END] = "DELETE FROM portal_sessions WHERE merchant_id = $1"
			      " AND ($2::bytea IS NULL OR id_hash <> $2)",
	[PG_W_ACCOUNT] = "UPDATE merchants SET email = coalesce($2, email),"
			 " password_hash = coalesce($3, password_hash), name = coalesce($4, name),"
			 " url = CASE WHEN $5::text IS NULL THEN url ELSE nullif($5, '') END,"
			 " failed_logins = CASE WHEN $3::text IS NULL THEN failed_logins ELSE 0 END,"
			 " locked_until = CASE WHEN $3::text IS NULL THEN locked_until ELSE 0 END"
			 " WHERE id = $1",
	[PG_W_SERVER_KEY] = "UPDATE environments SET server_key = $2, server_key_hash = $3 WHERE id = $1",
	[PG_W_LAST_HISTORY] = "SELECT coalesce(max(id), 0) FROM status_history WHERE payment_id = $1",
	/* kind 0: only a sandbox environment's time moves */
	[PG_W_CLOCK_ADVANCE] = "UPDATE environments SET clock_offset_ms = clock_offset_ms + $2"
			       " WHERE id = $1 AND kind = 0",
};
