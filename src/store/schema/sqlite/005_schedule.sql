-- kasir schema 5: when each payment's next timed transition is due
-- (expiry, settlement, challenge auto-cancel); NULL when none.
ALTER TABLE payments ADD COLUMN due_at INTEGER;
CREATE INDEX payments_due ON payments (due_at) WHERE due_at IS NOT NULL;
