-- kasir schema 8, PostgreSQL only: leases on shared background work. Several
-- kasir nodes claim due outbox rows and timed transitions with FOR UPDATE
-- SKIP LOCKED, and each claim records until when it holds (lease_until) and
-- the database session of the node that made it (lease_owner, a backend
-- pid). Another node takes the work over once the lease runs out, or at
-- once when that session is gone: a node killed with kill -9 loses its
-- connection with its process (docs/store.md).
-- (SQLite serves one node, which keeps its in-flight rows in memory.)
ALTER TABLE outbox ADD COLUMN lease_until TIMESTAMPTZ;
ALTER TABLE outbox ADD COLUMN lease_owner INTEGER;
ALTER TABLE payments ADD COLUMN due_lease_until TIMESTAMPTZ;
ALTER TABLE payments ADD COLUMN due_lease_owner INTEGER;
