-- kasir schema 6: the numbers non-card payments issue (VA numbers, bill
-- keys, payment codes, KlikBCA user ids), one row per payment. A number is
-- unique among the live (pending) payments of its channel: the partial
-- UNIQUE index enforces it, so two orders can never hold the same VA at
-- once. Rows of ended payments stay (live = 0), so the simulators can tell
-- "already paid" and "expired" from "unknown". KlikBCA user ids repeat (one
-- user, several orders) and are left out of the uniqueness.
CREATE TABLE payment_numbers (
	id          INTEGER PRIMARY KEY,
	payment_id  INTEGER NOT NULL REFERENCES payments(id),
	channel     TEXT    NOT NULL,   -- permata_va, bca_va, bni_va, echannel, indomaret, kioson, bca_klikbca
	number      TEXT    NOT NULL,
	live        INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX payment_numbers_live ON payment_numbers (channel, number)
	WHERE live = 1 AND channel <> 'bca_klikbca';
CREATE INDEX payment_numbers_find ON payment_numbers (channel, number);
CREATE INDEX payment_numbers_payment ON payment_numbers (payment_id);
