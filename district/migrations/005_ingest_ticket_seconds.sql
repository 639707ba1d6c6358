-- 5 (issue 15): each ticket's wait (issue → call) and service time (call → done) in seconds, kept by PostgreSQL as the
-- ingest upserts the ticket, so the report across halls counts them per bucket without working them out per row.
ALTER TABLE tickets
  ADD COLUMN wait_seconds float8 GENERATED ALWAYS AS (
    CASE WHEN called_at IS NOT NULL THEN greatest(0, date_part('epoch', called_at - issued_at)) END) STORED,
  ADD COLUMN service_seconds float8 GENERATED ALWAYS AS (
    CASE WHEN status = 'done' AND called_at IS NOT NULL AND ended_at IS NOT NULL THEN greatest(0, date_part('epoch', ended_at - called_at)) END) STORED;
