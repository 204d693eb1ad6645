-- kasir schema 8, PostgreSQL only: leases on shared background work. Several
-- kasir nodes claim due outbox rows and timed transitions with FOR UPDATE
-- SKIP LOCKED and hold them until lease_until; a node that dies leaves its
-- lease to run out, and another node takes the work over (docs/store.md).
-- (SQLite serves one node, which keeps its in-flight rows in memory.)
ALTER TABLE outbox ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE payments ADD COLUMN due_lease_until TIMESTAMPTZ;
