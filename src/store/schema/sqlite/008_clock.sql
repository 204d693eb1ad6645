-- kasir schema 8: each sandbox environment's test clock (POST
-- /sandbox/v1/clock). The offset is how far the environment's time runs
-- ahead of real time; it only grows, and it lives here, not in memory, so a
-- restart never takes an environment's time back. Production stays at 0.
ALTER TABLE environments ADD COLUMN clock_offset_ms INTEGER NOT NULL DEFAULT 0;
-- the due reads bound their index range by the largest offset first
CREATE INDEX environments_clock ON environments (clock_offset_ms);
