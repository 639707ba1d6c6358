-- 1: halls with hashed tokens, district users and sessions, the replicated event log with (hall, seq) unique, and the
-- figures derived from it in the same transaction (tickets, counters, services, staff, ratings, follow-ups).
CREATE TABLE halls (
  id text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  token_hash text UNIQUE,
  token_issued_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seq bigint NOT NULL DEFAULT 0,
  head_seq bigint NOT NULL DEFAULT 0,
  last_seen_at timestamptz,
  last_event_at timestamptz
);

CREATE TABLE district_users (
  id text PRIMARY KEY,
  username text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('district_manager', 'hall_manager')),
  hall_id text REFERENCES halls (id),
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'hall_manager') = (hall_id IS NOT NULL))
);

CREATE TABLE district_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES district_users (id) ON DELETE CASCADE,
  expires_at timestamptz NOT NULL
);

CREATE TABLE events (
  hall_id text NOT NULL REFERENCES halls (id),
  seq bigint NOT NULL,
  type text NOT NULL,
  at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (hall_id, seq)
);

CREATE TABLE tickets (
  hall_id text NOT NULL,
  id text NOT NULL,
  number text NOT NULL,
  service_id text NOT NULL,
  status text NOT NULL,
  issued_at timestamptz NOT NULL,
  called_at timestamptz,
  ended_at timestamptz,
  counter_id text,
  staff_id text,
  PRIMARY KEY (hall_id, id)
);
CREATE INDEX tickets_waiting ON tickets (hall_id, issued_at) WHERE status = 'waiting';
CREATE INDEX tickets_issued ON tickets (issued_at);

CREATE TABLE counters (
  hall_id text NOT NULL,
  id text NOT NULL,
  number integer NOT NULL,
  name text,
  state text NOT NULL,
  PRIMARY KEY (hall_id, id)
);

CREATE TABLE services (
  hall_id text NOT NULL,
  id text NOT NULL,
  code text,
  name text NOT NULL,
  target_wait_minutes integer,
  PRIMARY KEY (hall_id, id)
);

CREATE TABLE staff (
  hall_id text NOT NULL,
  id text NOT NULL,
  name text NOT NULL,
  PRIMARY KEY (hall_id, id)
);

CREATE TABLE ratings (
  hall_id text NOT NULL,
  ticket_id text NOT NULL,
  seq bigint NOT NULL,
  number text NOT NULL,
  level smallint NOT NULL,
  tags jsonb NOT NULL,
  channel text,
  service_id text,
  counter_id text,
  at timestamptz NOT NULL,
  PRIMARY KEY (hall_id, ticket_id)
);
CREATE INDEX ratings_at ON ratings (at);

CREATE TABLE follow_ups (
  hall_id text NOT NULL,
  id text NOT NULL,
  ticket_id text NOT NULL,
  number text NOT NULL,
  level smallint NOT NULL,
  service_id text,
  counter_id text,
  opened_at timestamptz NOT NULL,
  due_day date NOT NULL,
  status text NOT NULL,
  resolved_at timestamptz,
  PRIMARY KEY (hall_id, id)
);
CREATE INDEX follow_ups_open ON follow_ups (due_day) WHERE status = 'open';
