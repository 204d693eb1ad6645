-- kasir schema 10, as SQLite's 008: each sandbox environment's test clock.
-- The offset is how far the environment's time runs ahead of real time; it
-- only grows, and every node reads it with the environment, so nodes share
-- one clock per environment and a restart never takes time back.
-- Production stays at 0.
ALTER TABLE environments ADD COLUMN clock_offset_ms bigint NOT NULL DEFAULT 0;
-- the due claims bound their index range by the largest offset first
CREATE INDEX environments_clock ON environments (clock_offset_ms);
