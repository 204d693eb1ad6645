/* The PostgreSQL backend's reads (store/pg_read.c), as the ops table of
 * store/pg.c names them; each does what its store.h twin says. */
#ifndef KS_STORE_PG_READ_H
#define KS_STORE_PG_READ_H

#include "store/store.h"

int ks_pg_env_by_key_hash(struct ks_store *st, const unsigned char hash[32], struct ks_env *out);
int ks_pg_env_by_merchant(struct ks_store *st, const char *code, enum ks_env_kind kind,
			  struct ks_env *out);
int ks_pg_env_by_client_key(struct ks_store *st, const char *key, struct ks_env *out);
int ks_pg_idem_get(struct ks_store *st, int64_t env_id, const char *key, int64_t now_ms,
		   int *status, char **body);
int ks_pg_order_count(struct ks_store *st, int64_t env_id, int64_t *out);
int ks_pg_order_by_token(struct ks_store *st, const char *token, struct ks_order *out);
int ks_pg_order_by_ref(struct ks_store *st, int64_t ref, struct ks_order *out);
int ks_pg_payment_get(struct ks_store *st, const char *transaction_id, struct ks_payment *out);
int ks_pg_payment_latest(struct ks_store *st, int64_t env_id, const char *order_id,
			 struct ks_payment *out);
int ks_pg_saved_card_get(struct ks_store *st, int64_t env_id, const char *token, int64_t now_ms,
			 struct ks_saved_card *out);
int ks_pg_saved_cards_of_user(struct ks_store *st, int64_t env_id, const char *user_id,
			      int64_t now_ms, struct ks_saved_card *out, size_t max, size_t *n);
int ks_pg_outbox_stats(struct ks_store *st, int64_t *depth, int64_t *oldest_ms);
/* Claims the rows it returns for this node for the store's lease. */
int ks_pg_outbox_due(struct ks_store *st, int64_t now_ms, const int64_t *busy, size_t nbusy,
		     struct ks_outbox_row *out, size_t max, size_t *n);
/* Claims the payments it returns for this node for the store's lease. */
int ks_pg_payments_due(struct ks_store *st, int64_t now_ms, struct ks_payment *out, size_t max,
		       size_t *n);
int ks_pg_number_find(struct ks_store *st, const char *channel, const char *number,
		      struct ks_number_hit *out);
/* the portal */
int ks_pg_account_get(struct ks_store *st, const char *email, int64_t merchant_id,
		      struct ks_account *out);
int ks_pg_session_get(struct ks_store *st, const unsigned char id_hash[32], int64_t now_ms,
		      struct ks_session *out);
int ks_pg_txn_list(struct ks_store *st, const struct ks_txn_filter *f,
		   void (*row)(void *arg, const struct ks_txn_row *r), void *arg);
int ks_pg_txn_history(struct ks_store *st, int64_t payment_id,
		      void (*row)(void *arg, const struct ks_history_row *r), void *arg);
int ks_pg_txn_deliveries(struct ks_store *st, const char *transaction_id,
			 void (*row)(void *arg, const struct ks_delivery_row *r), void *arg);
int ks_pg_txn_stats(struct ks_store *st, int64_t env_id, int64_t from_ms, int64_t to_ms,
		    void (*row)(void *arg, const struct ks_stat_row *r), void *arg);
/* The shared card vault (store/pg_vault.c). */
int ks_pg_vault_put(struct ks_store *st, const char *id, const unsigned char *sealed, size_t len,
		    int64_t expires_ms, int64_t now_ms);
int ks_pg_vault_take(struct ks_store *st, const char *id, int64_t now_ms, unsigned char *out,
		     size_t max, size_t *len);

#endif
