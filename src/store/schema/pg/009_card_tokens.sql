-- kasir schema 9, PostgreSQL only: card tokens (GET /v2/token) and cards
-- waiting for their 3-D Secure step, shared by every node so a token made on
-- one node can be charged on another. Each row is single use (taken with
-- DELETE ... RETURNING) and lives 10 minutes. sealed is the card number and
-- expiry sealed with the card key (core/seal.c), with only the outcome of
-- the CVV check made at tokenization: the CVV itself is never stored
-- (docs/store.md). SQLite serves one node, which keeps these in memory.
CREATE TABLE card_tokens (
	id          TEXT   PRIMARY KEY,
	sealed      BYTEA  NOT NULL,
	expires_at  BIGINT NOT NULL
);
CREATE INDEX card_tokens_expiry ON card_tokens (expires_at);
