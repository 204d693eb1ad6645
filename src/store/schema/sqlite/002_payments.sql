-- kasir schema 2: payments (one row per charge attempt of an order; an
-- order may be attempted again after a denial) and their status history.

CREATE TABLE payments (
	id              INTEGER PRIMARY KEY,
	transaction_id  TEXT    NOT NULL UNIQUE,          -- UUIDv7, the Midtrans transaction_id
	order_ref       INTEGER NOT NULL REFERENCES orders(id),
	env_id          INTEGER NOT NULL REFERENCES environments(id),
	payment_type    TEXT    NOT NULL,
	status          TEXT    NOT NULL,                 -- transaction_status
	fraud_status    TEXT,
	status_code     TEXT    NOT NULL,
	status_message  TEXT    NOT NULL,
	gross_amount    INTEGER NOT NULL,
	created_at      INTEGER NOT NULL,
	updated_at      INTEGER NOT NULL,
	details         TEXT    NOT NULL DEFAULT '{}'     -- method fields (masked card, bank, ...), JSON
);
CREATE INDEX payments_order ON payments (order_ref);

-- Every transition: time, from, to, cause.
CREATE TABLE status_history (
	id           INTEGER PRIMARY KEY,
	payment_id   INTEGER NOT NULL REFERENCES payments(id),
	at           INTEGER NOT NULL,
	from_status  TEXT,
	to_status    TEXT    NOT NULL,
	cause        TEXT    NOT NULL
);
CREATE INDEX status_history_payment ON status_history (payment_id);

-- The payment that processed the order (captured, authorized, challenged or
-- pending payment): set once, so a token is never paid twice.
ALTER TABLE orders ADD COLUMN paid_payment_id INTEGER REFERENCES payments(id);
