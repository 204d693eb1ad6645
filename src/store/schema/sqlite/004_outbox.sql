-- kasir schema 4: notification settings and the transactional outbox
-- (SPEC §6.2). An outbox row is written in the same transaction as the
-- status change it announces, so a crash loses none; every delivery try is
-- an attempt row.

ALTER TABLE environments ADD COLUMN notification_emails TEXT;
ALTER TABLE environments ADD COLUMN finish_url TEXT;
ALTER TABLE environments ADD COLUMN unfinish_url TEXT;
ALTER TABLE environments ADD COLUMN error_url TEXT;

CREATE TABLE outbox (
	id             INTEGER PRIMARY KEY,
	env_id         INTEGER NOT NULL REFERENCES environments(id),
	transaction_id TEXT    NOT NULL,              -- whose change it announces
	history_id     INTEGER NOT NULL,              -- the change: orders a payment's rows
	kind           TEXT    NOT NULL CHECK (kind IN ('http', 'email')),
	target         TEXT    NOT NULL,              -- URL, or comma-separated addresses
	body           TEXT    NOT NULL,              -- the JSON body as of the change
	state          TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
	attempts       INTEGER NOT NULL DEFAULT 0,
	next_at        INTEGER NOT NULL,
	created_at     INTEGER NOT NULL
);
CREATE INDEX outbox_pending ON outbox (state, next_at);
CREATE INDEX outbox_transaction ON outbox (transaction_id, history_id);

CREATE TABLE attempts (
	id          INTEGER PRIMARY KEY,
	outbox_id   INTEGER NOT NULL REFERENCES outbox(id),
	at          INTEGER NOT NULL,
	target      TEXT    NOT NULL,
	http_status INTEGER,                          -- NULL when no answer came
	latency_ms  INTEGER NOT NULL,
	error       TEXT
);
CREATE INDEX attempts_outbox ON attempts (outbox_id);
