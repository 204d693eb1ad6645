/* The storage interface (DESIGN §4): every read and write kasir makes goes
 * through these functions, whatever the backend. Reads run on the calling
 * thread; writes are jobs that the backend commits in groups (several jobs
 * per durable transaction) and then completes through a callback, so an
 * HTTP worker never waits idle on a disk flush. */
#ifndef KS_STORE_STORE_H
#define KS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/snap.h"

struct ks_store;

#define KS_KEY_MAX 128
#define KS_MERCHANT_CODE_LEN 10 /* "G" + 9 digits, like Midtrans merchant ids */

enum ks_env_kind { KS_ENV_SANDBOX = 0, KS_ENV_PRODUCTION = 1 };

#define KS_MERCHANT_NAME_MAX 100

/* One environment of one merchant: its keys and settings. */
struct ks_env {
	int64_t id;
	int64_t merchant_id;
	char merchant_code[KS_MERCHANT_CODE_LEN + 1];
	char merchant_name[KS_MERCHANT_NAME_MAX * 4 + 1];
	enum ks_env_kind kind;
	char server_key[KS_KEY_MAX + 1];
	char client_key[KS_KEY_MAX + 1];
	bool recurring; /* one click (recurring MID) on: SPEC §5.2 */
	/* settings (SPEC §9); "" when not set */
	char notification_url[256];
	char notification_emails[1024];
	char finish_url[256];
	char unfinish_url[256];
	char error_url[256];
	/* Snap preferences (SPEC §9) */
	ks_paymethod_set active_channels; /* 0 = every channel */
	char language[3];                 /* "id" or "en" */
	bool secure_3ds;
	/* the test clock (POST /sandbox/v1/clock): how far this environment's
	 * time runs ahead of real time; only grows; 0 in production */
	int64_t clock_offset_ms;
};

/* The environment's "now", in ms since the epoch: real time plus its test
 * clock's offset (production: real time). Every time kasir writes for an
 * environment (due times, statuses, expiries) is in this time. */
int64_t ks_env_now_ms(const struct ks_env *env);

/* A new merchant with both environments; every field filled by the caller
 * (keys come from core/keys.h or the command line). */
struct ks_merchant_new {
	char code[KS_MERCHANT_CODE_LEN + 1];
	const char *name;
	char server_key[2][KS_KEY_MAX + 1]; /* indexed by enum ks_env_kind */
	char client_key[2][KS_KEY_MAX + 1];
	const char *notification_url; /* sandbox's; NULL = none */
	const char *email;            /* portal log-in; NULL = none */
	const char *password_hash;    /* crypto_pwhash_str; with email */
	const char *url;              /* merchant URL; NULL = none */
};

/* A new Snap order (the token and the request behind it). Pointers are
 * borrowed: they must stay valid until the write completes. */
struct ks_order_new {
	int64_t env_id;
	char token[37];
	const struct ks_snap_req *req;
	int64_t created_ms;
	int64_t expires_ms;
	const char *notify_override; /* NULL when the header was absent */
	const char *notify_append;
	const char *request_json; /* the body as received */
	size_t request_len;
	/* Idempotency-Key and the answer to replay for it; key NULL = none */
	const char *idem_key;
	int idem_status;
	const char *idem_body;
	int64_t idem_expires_ms;
};

/* A Snap order as the payment page needs it (ks_store_order_by_token). */
struct ks_order {
	int64_t id;
	struct ks_env env; /* the merchant environment it belongs to */
	char token[37];
	char order_id[KS_ORDER_ID_MAX + 1];
	int64_t gross_amount;
	int64_t created_ms;
	int64_t expires_ms;
	ks_paymethod_set enabled_payments; /* 0 = every channel */
	bool cc_secure, cc_authorize, cc_save_card;
	char *finish_url;   /* owned, NULL when absent */
	char *error_url;    /* owned, NULL when absent */
	char *user_id;      /* owned, NULL when absent */
	char *notify_override; /* owned: X-Override-Notification, NULL when absent */
	char *notify_append;   /* owned: X-Append-Notification, NULL when absent */
	char *request_json; /* owned: the body as received */
	int64_t paid_payment_id; /* 0 until a payment processed the order */
	/* custom VA numbers of the request (SPEC §2.5), normalised; "" when absent */
	char bca_va[KS_VA_BCA_DIGITS + 1];
	char bni_va[KS_VA_BNI_DIGITS + 1];
	char permata_va[KS_VA_PERMATA_DIGITS + 1];
	char permata_recipient[81]; /* upper-cased; "" when absent */
};

/* Frees what *o owns. */
void ks_order_release(struct ks_order *o);

#define KS_STATUS_MAX 24

/* One charge attempt of an order (a Midtrans "transaction"). */
struct ks_payment {
	int64_t id;
	int64_t order_ref;
	int64_t env_id;
	char transaction_id[37];
	char payment_type[32];
	char status[KS_STATUS_MAX]; /* transaction_status */
	char fraud_status[16];      /* "" when none */
	char status_code[4];
	char status_message[128];
	int64_t gross_amount;
	int64_t created_ms;
	int64_t updated_ms;
	int64_t due_ms; /* next timed transition (core/schedule.h); 0 = none */
	char *details; /* owned JSON object text: method fields */
};

/* Frees what *p owns. */
void ks_payment_release(struct ks_payment *p);

/* A change of an environment's settings: NULL (or recurring -1) keeps a
 * value, "" clears it. Validated by the caller. */
struct ks_env_settings {
	int64_t env_id;
	int recurring;
	const char *notification_url;
	const char *notification_emails;
	const char *finish_url;
	const char *unfinish_url;
	const char *error_url;
	const char *active_channels; /* ks_paymethod_set_format text */
	const char *language;
	int secure_3ds;               /* -1 keeps */
};

#define KS_EMAIL_MAX 255
#define KS_PWHASH_MAX 128 /* crypto_pwhash_STRBYTES */

/* A merchant account as the portal sees it (its log-in and General
 * settings). */
struct ks_account {
	int64_t merchant_id;
	char code[KS_MERCHANT_CODE_LEN + 1];
	char name[KS_MERCHANT_NAME_MAX * 4 + 1];
	char email[KS_EMAIL_MAX + 1];
	char password_hash[KS_PWHASH_MAX + 1]; /* "" when it has no log-in */
	char url[256];
	int failed_logins;     /* wrong passwords in a row */
	int64_t locked_until_ms;
};

/* A portal session (found by the SHA-256 of its cookie). */
struct ks_session {
	int64_t merchant_id;
	char csrf[64];
	int64_t expires_ms;
};

/* The outcome of a log-in try, or a new session (sign-up): on success
 * (ok) the failure count is reset and the session, when id_hash is
 * non-NULL, is stored; on failure the count grows and reaching lock_after
 * locks the account until lock_until_ms (and restarts the count). */
struct ks_login_result {
	int64_t merchant_id;
	int ok;
	int lock_after;
	int64_t lock_until_ms;
	const unsigned char *id_hash; /* 32 bytes, borrowed */
	const char *csrf;
	int64_t at_ms;
	int64_t expires_ms;
};

/* A portal transaction list query (keyset paging: rows strictly older than
 * the cursor (before_ms, before_id) when before_id is non-zero). */
struct ks_txn_filter {
	int64_t env_id;
	const char *order_id; /* exact match; NULL = any */
	const char *status;   /* transaction_status; NULL = any */
	const char *method;   /* payment_type; NULL = any */
	int64_t from_ms, to_ms; /* created_at in [from, to); 0 = open */
	int64_t before_ms, before_id;
	unsigned limit;
};

/* One row of the portal's list (strings valid during the callback). */
struct ks_txn_row {
	int64_t id;
	const char *transaction_id;
	const char *order_id;
	const char *payment_type;
	const char *status;
	const char *fraud_status;
	int64_t gross_amount;
	int64_t created_ms;
	const char *customer; /* first and last name as requested; "" if none */
};

/* One status change of a payment. */
struct ks_history_row {
	int64_t at_ms;
	const char *from_status; /* "" for the first */
	const char *to_status;
	const char *cause;
};

/* One notification or email of a payment, with one of its attempts (a
 * row with attempt_at 0 when it has none yet). */
struct ks_delivery_row {
	int64_t outbox_id;
	const char *kind;
	const char *target;
	const char *state;
	int64_t created_ms;
	int64_t attempt_at_ms;
	int http_status; /* 0 when no answer */
	int64_t latency_ms;
	const char *error; /* "" when none */
};

/* A day's payments of one method (the dashboard). */
struct ks_stat_row {
	const char *day; /* YYYY-MM-DD, Asia/Jakarta */
	const char *payment_type;
	int64_t count;
	int64_t succeeded; /* capture or settlement, not challenged */
	int64_t volume;    /* gross_amount of the succeeded */
};

/* A new server key for an environment: the old one stops at commit. */
struct ks_server_key_change {
	int64_t env_id;
	const char *server_key;
};

/* "send notification again": the rows of the payment's current state. */
struct ks_outbox_resend {
	int64_t env_id;
	int64_t payment_id;
	const char *transaction_id;
	int64_t at_ms;
	const struct ks_outbox_new *outbox;
	size_t n_outbox;
};

/* A notification to send, written with the change it announces. */
struct ks_outbox_new {
	const char *kind;   /* "http" or "email" */
	const char *target; /* URL, or comma-separated addresses */
	const char *body;   /* JSON */
};

/* A due outbox row, as the delivery worker sees it. */
struct ks_outbox_row {
	int64_t id;
	int64_t env_id;
	char transaction_id[37];
	char kind[8];
	char *target; /* owned */
	char *body;   /* owned */
	int attempts; /* made so far */
	int64_t clock_offset_ms; /* of its environment: times are in its time */
};

/* Frees what *r owns. */
void ks_outbox_row_release(struct ks_outbox_row *r);

/* The outcome of one delivery try. */
struct ks_outbox_result {
	int64_t outbox_id;
	int64_t at_ms;
	const char *target;
	int http_status; /* 0 when no answer came */
	int64_t latency_ms;
	const char *error; /* NULL when none */
	const char *state; /* "pending" (retry at next_at), "done" or "failed" */
	int64_t next_at_ms;
};

/* The number a non-card payment issues, written with it (SPEC §2.5): a VA
 * number, bill key or payment code, unique among the live payments of its
 * channel (else the write fails with KS_ERR_CONFLICT and conflict
 * "payment number"), or a KlikBCA user id (not unique). */
struct ks_payment_number {
	const char *channel; /* core/channel.h name: "permata_va", ... */
	const char *number;
};

/* Where a simulator number leads (ks_store_number_find). */
struct ks_number_hit {
	char transaction_id[37];
	int live; /* 1 while its payment is pending */
};

/* A status change of a payment, applied only if it is still in
 * from_status (else the write fails with KS_ERR_CONFLICT). Strings are
 * borrowed until the write completes; details NULL keeps the old ones. */
struct ks_payment_change {
	const char *transaction_id;
	int64_t order_ref;
	int64_t env_id;
	const char *from_status;
	const char *from_fraud; /* NULL: any */
	const char *to_status;
	const char *fraud_status;
	const char *status_code;
	const char *status_message;
	const char *details;
	int64_t at_ms;
	int64_t due_ms; /* the new next timed transition; 0 = none */
	const char *cause;
	/* claim the order for this payment: fails with KS_ERR_PROCESSED when
	 * another payment already processed it */
	int mark_processed;
	const struct ks_saved_card *save; /* a card to save with it; NULL: none */
	const struct ks_outbox_new *outbox; /* notifications of this change */
	size_t n_outbox;
};

#define KS_SAVED_TOKEN_MAX 80
#define KS_SEALED_MAX 96

/* A saved card (SPEC §5.1, §5.2): number and expiry only sealed. */
struct ks_saved_card {
	int64_t env_id;
	char token[KS_SAVED_TOKEN_MAX + 1]; /* saved_token_id */
	char user_id[256];                  /* "" when none */
	char masked_card[16];
	int one_click;
	unsigned char sealed[KS_SEALED_MAX];
	size_t sealed_len;
	int64_t created_ms;
	int64_t expires_ms;
};

enum ks_write_kind {
	KS_WRITE_MERCHANT_CREATE,
	KS_WRITE_ORDER_CREATE,
	KS_WRITE_PAYMENT_CREATE,
	KS_WRITE_PAYMENT_CHANGE,
	KS_WRITE_ENV_SETTINGS,
	KS_WRITE_OUTBOX_RESULT,
	KS_WRITE_LOGIN,          /* u.login */
	KS_WRITE_SESSION_DELETE, /* u.session_hash */
	KS_WRITE_ACCOUNT,        /* u.account: log-in, name and URL */
	KS_WRITE_SERVER_KEY,     /* u.server_key */
	KS_WRITE_OUTBOX_RESEND,  /* u.resend */
	KS_WRITE_CLOCK_ADVANCE,  /* u.clock: a sandbox environment's time moves on */
};

/* A write job. The submitter owns it; the store calls done exactly once,
 * from its writer thread, after the job's transaction is durable (rc ==
 * KS_OK) or has been rolled back (rc < 0). */
struct ks_store_write {
	enum ks_write_kind kind;
	union {
		const struct ks_merchant_new *merchant;
		struct ks_order_new order;
		struct {
			/* all fields but id; details borrowed */
			const struct ks_payment *p;
			const char *cause;
			int mark_processed; /* as in ks_payment_change */
			const struct ks_saved_card *save; /* NULL: none */
			const struct ks_outbox_new *outbox;
			size_t n_outbox;
			const struct ks_payment_number *number; /* NULL: none */
		} payment;
		struct ks_outbox_result outbox_result;
		struct ks_env_settings settings;
		struct ks_payment_change change;
		struct ks_login_result login;
		const unsigned char *session_hash; /* 32 bytes, borrowed */
		struct {
			int64_t merchant_id;
			const char *email;         /* NULL keeps (with password_hash) */
			const char *password_hash; /* set: every other session ends */
			const unsigned char *keep_session; /* with password_hash: the
							    * one session that stays (id
							    * hash, 32 bytes), NULL: none */
			const char *name;          /* NULL keeps */
			const char *url;           /* NULL keeps, "" clears */
		} account;
		struct ks_server_key_change server_key;
		struct ks_outbox_resend resend;
		struct {
			int64_t env_id; /* KS_ERR_NOT_FOUND unless a sandbox one */
			int64_t advance_ms; /* >= 0 */
		} clock;
	} u;
	int rc;
	/* for KS_ERR_CONFLICT: which value was taken (static string) */
	const char *conflict;
	void (*done)(struct ks_store_write *w, void *arg);
	void *arg;
	struct ks_store_write *next; /* the store's, while queued */
};

/* Opens (creating and migrating as needed) the store named by url:
 * "sqlite:PATH", or "postgres://..." / "postgresql://..." (a libpq URL). Returns KS_OK and sets *out, or an error with a message
 * in err (size errsz). The caller closes it with ks_store_close. */
int ks_store_open(const char *url, struct ks_store **out, char *err, size_t errsz);
/* Completes every queued write, then frees the store. */
void ks_store_close(struct ks_store *st);

/* Finds the environment whose server key is key. The lookup goes by a hash
 * of the key and the final comparison is constant-time. KS_ERR_AUTH when no
 * environment has it. */
int ks_store_env_by_server_key(struct ks_store *st, const char *key, struct ks_env *out);
/* Finds the environment whose client key (public) is key: KS_ERR_AUTH if
 * none. */
int ks_store_env_by_client_key(struct ks_store *st, const char *key, struct ks_env *out);
/* Finds the environment by merchant code and kind: KS_ERR_NOT_FOUND if none. */
int ks_store_env_by_merchant(struct ks_store *st, const char *code, enum ks_env_kind kind,
			     struct ks_env *out);

/* Looks up a stored Idempotency-Key answer still valid at now_ms. On KS_OK
 * *status and *body (caller frees) are set; KS_ERR_NOT_FOUND when none. */
int ks_store_idem_get(struct ks_store *st, int64_t env_id, const char *key, int64_t now_ms,
		      int *status, char **body);

/* Queues a write (see struct ks_store_write). */
void ks_store_submit(struct ks_store *st, struct ks_store_write *w);
/* Queues a write and waits for it; returns w->rc. For the command line and
 * tests, not for request handlers. */
int ks_store_write_sync(struct ks_store *st, struct ks_store_write *w);

/* The order behind a snap token; KS_ERR_NOT_FOUND when none. The caller
 * releases *out with ks_order_release. */
int ks_store_order_by_token(struct ks_store *st, const char *token, struct ks_order *out);
/* A payment by transaction_id; KS_ERR_NOT_FOUND when none. The caller
 * releases *out with ks_payment_release. */
int ks_store_payment_get(struct ks_store *st, const char *transaction_id, struct ks_payment *out);
/* The newest payment of an environment's order_id; KS_ERR_NOT_FOUND when
 * the order is unknown or has no payment yet. Release as above. */
int ks_store_payment_latest(struct ks_store *st, int64_t env_id, const char *order_id,
			    struct ks_payment *out);
/* The order with row id ref; KS_ERR_NOT_FOUND when none. The caller
 * releases *out with ks_order_release. */
int ks_store_order_by_ref(struct ks_store *st, int64_t ref, struct ks_order *out);

/* A saved card of an environment by its token: KS_ERR_NOT_FOUND if none
 * or expired at now_ms. */
int ks_store_saved_card_get(struct ks_store *st, int64_t env_id, const char *token,
			    int64_t now_ms, struct ks_saved_card *out);
/* The unexpired saved cards of a user_id, newest first: up to max into
 * out, their number in *n. */
int ks_store_saved_cards_of_user(struct ks_store *st, int64_t env_id, const char *user_id,
				 int64_t now_ms, struct ks_saved_card *out, size_t max, size_t *n);

/* Up to max payments whose timed transition is due, earliest first, into
 * out (each released by the caller). now_ms is real time (ks_clock_now_ms):
 * a payment is due when its due time has come in its environment's time
 * (real time plus the environment's clock offset). */
int ks_store_payments_due(struct ks_store *st, int64_t now_ms, struct ks_payment *out, size_t max,
			  size_t *n);

/* Up to max outbox rows due into out (each released by the caller): due
 * as payments are (ks_store_payments_due, now_ms real time), oldest first, skipping ids in busy (nbusy of them: rows being
 * delivered) and any row whose transaction has an earlier row still
 * pending, so a transaction's notifications leave in status order. */
int ks_store_outbox_due(struct ks_store *st, int64_t now_ms, const int64_t *busy, size_t nbusy,
			struct ks_outbox_row *out, size_t max, size_t *n);

/* Pending notifications: how many, and when the oldest was written (0
 * when none). */
int ks_store_outbox_stats(struct ks_store *st, int64_t *depth, int64_t *oldest_ms);

/* The payment a simulator number belongs to: the live (pending) one of
 * channel holding number (the oldest, for KlikBCA user ids), else the
 * newest ended one. KS_ERR_NOT_FOUND when the number was never issued. */
int ks_store_number_find(struct ks_store *st, const char *channel, const char *number,
			 struct ks_number_hit *out);

/* Number of orders in an environment (tests and the demo banner). */
int ks_store_order_count(struct ks_store *st, int64_t env_id, int64_t *out);

/* ---- the portal (src/portal/) ---- */

/* The account with this log-in email: KS_ERR_NOT_FOUND if none. */
int ks_store_account_by_email(struct ks_store *st, const char *email, struct ks_account *out);
/* The account of a merchant: KS_ERR_NOT_FOUND if none. */
int ks_store_account_by_id(struct ks_store *st, int64_t merchant_id, struct ks_account *out);
/* The session whose cookie hashes to id_hash, unexpired at now_ms:
 * KS_ERR_NOT_FOUND if none. */
int ks_store_session_get(struct ks_store *st, const unsigned char id_hash[32], int64_t now_ms,
			 struct ks_session *out);
/* Calls row for each payment f selects, newest first, up to f->limit. */
int ks_store_txn_list(struct ks_store *st, const struct ks_txn_filter *f,
		      void (*row)(void *arg, const struct ks_txn_row *r), void *arg);
/* Calls row for each status change of a payment, oldest first. */
int ks_store_txn_history(struct ks_store *st, int64_t payment_id,
			 void (*row)(void *arg, const struct ks_history_row *r), void *arg);
/* Calls row for each notification and email of a transaction and each of
 * their attempts, in order. */
int ks_store_txn_deliveries(struct ks_store *st, const char *transaction_id,
			    void (*row)(void *arg, const struct ks_delivery_row *r), void *arg);
/* Calls row per (day, method) of the environment's payments created in
 * [from_ms, to_ms). */
int ks_store_txn_stats(struct ks_store *st, int64_t env_id, int64_t from_ms, int64_t to_ms,
		       void (*row)(void *arg, const struct ks_stat_row *r), void *arg);

/* Short-lived sealed secrets shared by every node on the database (card
 * tokens, cards waiting for 3-D Secure: api/vault.c). Whether the backend
 * keeps them; a backend that does not (SQLite: one node) leaves them in
 * the process's memory. */
bool ks_store_has_vault(const struct ks_store *st);
/* Keeps sealed (len bytes) under id until expires_ms; now_ms lets it drop
 * expired entries. KS_OK, KS_ERR_CONFLICT for a taken id, or an error. */
int ks_store_vault_put(struct ks_store *st, const char *id, const unsigned char *sealed,
		       size_t len, int64_t expires_ms, int64_t now_ms);
/* Takes the entry id out (single use) into out (max bytes, its length in
 * *len): KS_OK, or KS_ERR_NOT_FOUND when absent, used or expired at
 * now_ms. */
int ks_store_vault_take(struct ks_store *st, const char *id, int64_t now_ms, unsigned char *out,
			size_t max, size_t *len);

/* The backend table (git's ref_storage_be): one per storage engine. */
struct ks_store_ops {
	const char *scheme; /* "sqlite" */
	int (*open)(const char *path, struct ks_store **out, char *err, size_t errsz);
	void (*close)(struct ks_store *st);
	int (*env_by_key_hash)(struct ks_store *st, const unsigned char hash[32],
			       struct ks_env *out);
	int (*env_by_merchant)(struct ks_store *st, const char *code, enum ks_env_kind kind,
			       struct ks_env *out);
	int (*env_by_client_key)(struct ks_store *st, const char *key, struct ks_env *out);
	int (*idem_get)(struct ks_store *st, int64_t env_id, const char *key, int64_t now_ms,
			int *status, char **body);
	void (*submit)(struct ks_store *st, struct ks_store_write *w);
	int (*order_count)(struct ks_store *st, int64_t env_id, int64_t *out);
	int (*order_by_token)(struct ks_store *st, const char *token, struct ks_order *out);
	int (*payment_get)(struct ks_store *st, const char *transaction_id, struct ks_payment *out);
	int (*payment_latest)(struct ks_store *st, int64_t env_id, const char *order_id,
			      struct ks_payment *out);
	int (*order_by_ref)(struct ks_store *st, int64_t ref, struct ks_order *out);
	int (*payments_due)(struct ks_store *st, int64_t now_ms, struct ks_payment *out, size_t max,
			    size_t *n);
	int (*outbox_stats)(struct ks_store *st, int64_t *depth, int64_t *oldest_ms);
	int (*outbox_due)(struct ks_store *st, int64_t now_ms, const int64_t *busy, size_t nbusy,
			  struct ks_outbox_row *out, size_t max, size_t *n);
	int (*number_find)(struct ks_store *st, const char *channel, const char *number,
			   struct ks_number_hit *out);
	int (*saved_card_get)(struct ks_store *st, int64_t env_id, const char *token,
			      int64_t now_ms, struct ks_saved_card *out);
	int (*saved_cards_of_user)(struct ks_store *st, int64_t env_id, const char *user_id,
				   int64_t now_ms, struct ks_saved_card *out, size_t max,
				   size_t *n);
	int (*account_get)(struct ks_store *st, const char *email, int64_t merchant_id,
			   struct ks_account *out);
	int (*session_get)(struct ks_store *st, const unsigned char id_hash[32], int64_t now_ms,
			   struct ks_session *out);
	int (*txn_list)(struct ks_store *st, const struct ks_txn_filter *f,
			void (*row)(void *arg, const struct ks_txn_row *r), void *arg);
	int (*txn_history)(struct ks_store *st, int64_t payment_id,
			   void (*row)(void *arg, const struct ks_history_row *r), void *arg);
	int (*txn_deliveries)(struct ks_store *st, const char *transaction_id,
			      void (*row)(void *arg, const struct ks_delivery_row *r), void *arg);
	int (*txn_stats)(struct ks_store *st, int64_t env_id, int64_t from_ms, int64_t to_ms,
			 void (*row)(void *arg, const struct ks_stat_row *r), void *arg);

	/* NULL when the backend keeps no shared vault */
	int (*vault_put)(struct ks_store *st, const char *id, const unsigned char *sealed,
			 size_t len, int64_t expires_ms, int64_t now_ms);
	int (*vault_take)(struct ks_store *st, const char *id, int64_t now_ms, unsigned char *out,
			  size_t max, size_t *len);
};

/* Every store begins with this header so the wrappers find the ops. */
struct ks_store {
	const struct ks_store_ops *ops;
};

extern const struct ks_store_ops ks_store_sqlite_ops;
/* PostgreSQL (store/pg.c), under both of its URL schemes. */
extern const struct ks_store_ops ks_store_pg_ops;
extern const struct ks_store_ops ks_store_postgresql_ops;

/* SHA-256 of a key, the lookup hash stored beside each server key. */
void ks_store_key_hash(const char *key, unsigned char out[32]);

#endif
