-- kasir schema 7 (twin of sqlite/007_portal.sql): the Merchant Admin Portal
-- (SPEC §9): log-ins, sessions, the Snap preferences of each environment,
-- and the indexes that keep the transaction list fast.

ALTER TABLE merchants ADD COLUMN email TEXT;
ALTER TABLE merchants ADD COLUMN password_hash TEXT;
ALTER TABLE merchants ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE merchants ADD COLUMN locked_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE merchants ADD COLUMN url TEXT;
CREATE UNIQUE INDEX merchants_email ON merchants (email) WHERE email IS NOT NULL;

-- Found by the SHA-256 of its cookie: the database never holds a cookie.
CREATE TABLE portal_sessions (
	id_hash     BYTEA   PRIMARY KEY,
	merchant_id BIGINT  NOT NULL REFERENCES merchants(id),
	csrf        TEXT    NOT NULL,
	created_at  BIGINT  NOT NULL,
	expires_at  BIGINT  NOT NULL
);
CREATE INDEX portal_sessions_merchant ON portal_sessions (merchant_id);

ALTER TABLE environments ADD COLUMN active_channels TEXT NOT NULL DEFAULT '';
ALTER TABLE environments ADD COLUMN language TEXT NOT NULL DEFAULT 'id';
ALTER TABLE environments ADD COLUMN secure_3ds INTEGER NOT NULL DEFAULT 0;
UPDATE environments SET secure_3ds = 1 WHERE kind = 1;

CREATE INDEX payments_env_time ON payments (env_id, created_at);
CREATE INDEX payments_env_status_time ON payments (env_id, status, created_at);
CREATE INDEX payments_env_method_time ON payments (env_id, payment_type, created_at);
