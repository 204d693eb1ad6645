/* The PostgreSQL backend's statements: every connection prepares all of
 * them once, by name, when it connects (store/pg_conn.c). */
#ifndef KS_STORE_PG_SQL_H
#define KS_STORE_PG_SQL_H

enum pg_stmt {
	/* reads */
	PG_ENV_BY_HASH,
	PG_ENV_BY_MERCHANT,
	PG_ENV_BY_CLIENT_KEY,
	PG_IDEM_GET,
	PG_ORDER_COUNT,
	PG_ORDER_BY_TOKEN,
	PG_ORDER_BY_REF,
	PG_PAYMENT_GET,
	PG_PAYMENT_LATEST,
	PG_SAVED_CARD,
	PG_SAVED_CARDS_OF_USER,
	PG_OUTBOX_CLAIM,
	PG_OUTBOX_STATS,
	PG_PAYMENTS_CLAIM,
	PG_VAULT_PUT,
	PG_VAULT_TAKE,
	/* writes */
	PG_W_MERCHANT,
	PG_W_ENV,
	PG_W_ORDER,
	PG_W_PAYMENT,
	PG_W_HISTORY,
	PG_W_ORDER_CLAIM,
	PG_W_PAYMENT_CHANGE,
	PG_W_SAVED_CARD,
	PG_W_ENV_SETTINGS,
	PG_W_OUTBOX,
	PG_W_ATTEMPT,
	PG_W_OUTBOX_UPDATE,
	PG_W_NUMBER,
	PG_W_NUMBER_END,
	PG_W_LOGIN_OK,
	PG_W_LOGIN_FAIL,
	PG_W_SESSION_INSERT,
	PG_W_SESSION_DELETE,
	PG_W_SESSIONS_EXPIRED,
	PG_W_ACCOUNT,
	PG_W_SERVER_KEY,
	PG_W_LAST_HISTORY,
	PG_STMT__COUNT
};

/* The SQL of each statement ($n parameters). */
extern const char *const ks_pg_sql[PG_STMT__COUNT];

/* Columns of the ENV_COLUMNS, ORDER and PAYMENT selects, for the readers. */
#define PG_ENV_NCOLS 13

#endif
