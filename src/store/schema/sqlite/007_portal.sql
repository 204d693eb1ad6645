-- kasir schema 10: the Merchant Admin Portal (SPEC §9): log-ins, sessions,
-- the Snap preferences of each environment, and the indexes that keep the
-- transaction list fast at a million rows.

ALTER TABLE merchants ADD COLUMN email TEXT;             -- the portal log-in; NULL = none
ALTER TABLE merchants ADD COLUMN password_hash TEXT;     -- Argon2id (crypto_pwhash_str)
ALTER TABLE merchants ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0; -- in a row
ALTER TABLE merchants ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;
ALTER TABLE merchants ADD COLUMN url TEXT;               -- General: merchant URL
CREATE UNIQUE INDEX merchants_email ON merchants (email) WHERE email IS NOT NULL;

-- A session is found by the SHA-256 of its cookie: the database never holds
-- a cookie that would log anyone in.
CREATE TABLE portal_sessions (
	id_hash     BLOB    PRIMARY KEY,
	merchant_id INTEGER NOT NULL REFERENCES merchants(id),
	csrf        TEXT    NOT NULL,
	created_at  INTEGER NOT NULL,
	expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX portal_sessions_merchant ON portal_sessions (merchant_id);

-- Snap preferences: active channels ('' = every channel), default language
-- of the payment page, 3-D Secure forced on every card payment (on in
-- production, SPEC §10; new environments get it from their insert).
ALTER TABLE environments ADD COLUMN active_channels TEXT NOT NULL DEFAULT '';
ALTER TABLE environments ADD COLUMN language TEXT NOT NULL DEFAULT 'id';
ALTER TABLE environments ADD COLUMN secure_3ds INTEGER NOT NULL DEFAULT 0;
UPDATE environments SET secure_3ds = 1 WHERE kind = 1;

-- The portal's list: newest first per environment, optionally by status or
-- by method; keyset paging on (created_at, id). Order-id search uses the
-- orders (env_id, order_id) constraint's index.
CREATE INDEX payments_env_time ON payments (env_id, created_at);
CREATE INDEX payments_env_status_time ON payments (env_id, status, created_at);
CREATE INDEX payments_env_method_time ON payments (env_id, payment_type, created_at);
