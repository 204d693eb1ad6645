-- kasir schema 5 (twin of sqlite/005_schedule.sql): when each payment's next
-- timed transition is due (expiry, settlement, challenge auto-cancel); NULL
-- when none.
ALTER TABLE payments ADD COLUMN due_at BIGINT;
CREATE INDEX payments_due ON payments (due_at) WHERE due_at IS NOT NULL;
