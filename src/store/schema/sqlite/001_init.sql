-- kasir schema 1: merchants, their two environments, Snap orders and
-- Idempotency-Key answers. Times are UTC milliseconds since the epoch;
-- money is whole rupiah.

CREATE TABLE merchants (
	id          INTEGER PRIMARY KEY,
	code        TEXT    NOT NULL UNIQUE,          -- public id, "G" + 9 digits
	name        TEXT    NOT NULL,
	created_at  INTEGER NOT NULL
);

-- kind 0 = sandbox, 1 = production. server_key_hash (SHA-256) is what the
-- authentication looks up; the key itself is then compared in constant time.
CREATE TABLE environments (
	id               INTEGER PRIMARY KEY,
	merchant_id      INTEGER NOT NULL REFERENCES merchants(id),
	kind             INTEGER NOT NULL CHECK (kind IN (0, 1)),
	server_key       TEXT    NOT NULL,
	server_key_hash  BLOB    NOT NULL UNIQUE,
	client_key       TEXT    NOT NULL UNIQUE,
	notification_url TEXT,
	UNIQUE (merchant_id, kind)
);

-- One row per snap token. The integer key keeps inserts in time order; the
-- token (a UUIDv7) is time-ordered too, so both indexes grow at their end.
-- order_id uniqueness per environment is this table's constraint.
CREATE TABLE orders (
	id                 INTEGER PRIMARY KEY,
	env_id             INTEGER NOT NULL REFERENCES environments(id),
	token              TEXT    NOT NULL UNIQUE,
	order_id           TEXT    NOT NULL,
	gross_amount       INTEGER NOT NULL,
	created_at         INTEGER NOT NULL,
	expires_at         INTEGER NOT NULL,
	enabled_payments   TEXT    NOT NULL,          -- canonical names, "" = all active
	finish_url         TEXT,
	error_url          TEXT,
	notify_override    TEXT,
	notify_append      TEXT,
	bca_va             TEXT,
	bni_va             TEXT,
	permata_va         TEXT,
	permata_recipient  TEXT,
	cc_secure          INTEGER NOT NULL DEFAULT 0,
	cc_authorize       INTEGER NOT NULL DEFAULT 0,
	cc_save_card       INTEGER NOT NULL DEFAULT 0,
	user_id            TEXT,
	idempotency_key    TEXT,
	request_json       TEXT    NOT NULL,          -- the body as received
	UNIQUE (env_id, order_id)
);

-- Answers replayed for a repeated Idempotency-Key (SPEC §2.2).
CREATE TABLE idempotency_keys (
	env_id      INTEGER NOT NULL REFERENCES environments(id),
	key         TEXT    NOT NULL,
	http_status INTEGER NOT NULL,
	body        TEXT    NOT NULL,
	expires_at  INTEGER NOT NULL,
	PRIMARY KEY (env_id, key)
) WITHOUT ROWID;
