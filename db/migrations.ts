// Numbered schema migrations; PRAGMA user_version records how many have run.

export const MIGRATIONS: readonly string[] = [
  /* 1: the hall */ `
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('manager', 'staff')),
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'integrator')),
    token_hash TEXT NOT NULL UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    expires_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE services (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    category TEXT,
    daily_cap INTEGER,
    opening_hours TEXT,
    default_service_seconds INTEGER NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE counters (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    name TEXT,
    state TEXT NOT NULL CHECK (state IN ('closed', 'open', 'paused')),
    pause_reason TEXT,
    pause_note TEXT,
    current_ticket_id TEXT,
    staff_user_id TEXT UNIQUE,
    last_class TEXT,
    class_run INTEGER NOT NULL DEFAULT 0
  ) STRICT;

  CREATE TABLE counter_services (
    counter_id TEXT NOT NULL REFERENCES counters(id),
    service_id TEXT NOT NULL REFERENCES services(id),
    PRIMARY KEY (counter_id, service_id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE number_sequences (
    day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    next INTEGER NOT NULL,
    PRIMARY KEY (day, prefix)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    number TEXT NOT NULL,
    service_id TEXT NOT NULL REFERENCES services(id),
    original_service_id TEXT NOT NULL REFERENCES services(id),
    status TEXT NOT NULL,
    ticket_class TEXT NOT NULL,
    priority_reason TEXT,
    appointment_id TEXT,
    appointment_from INTEGER,
    late_arrival INTEGER NOT NULL DEFAULT 0,
    issued_at INTEGER NOT NULL,
    sort_at INTEGER NOT NULL,
    called_at INTEGER,
    started_at INTEGER,
    ended_at INTEGER,
    counter_id TEXT,
    staff_user_id TEXT,
    person_hash TEXT,
    masked_id_number TEXT,
    masked_name TEXT,
    issued_by TEXT NOT NULL,
    recall_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (day, number)
  ) STRICT;
  CREATE INDEX tickets_issued ON tickets (original_service_id, day);
  CREATE INDEX tickets_by_person ON tickets (person_hash, service_id, day) WHERE person_hash IS NOT NULL;

  CREATE TABLE idempotency (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    ticket_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal, key)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE appointments (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    service_id TEXT NOT NULL REFERENCES services(id),
    day TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    window_end INTEGER NOT NULL,
    person_hash TEXT,
    masked_id_number TEXT,
    masked_name TEXT,
    status TEXT NOT NULL,
    ticket_id TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX appointments_by_person ON appointments (person_hash, day) WHERE person_hash IS NOT NULL;

  CREATE TABLE ratings (
    ticket_id TEXT PRIMARY KEY REFERENCES tickets(id),
    level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    comment TEXT,
    service_id TEXT NOT NULL,
    counter_id TEXT,
    staff_user_id TEXT,
    rated_by TEXT NOT NULL,
    at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    data TEXT NOT NULL
  );
  `,
  /* 2: kiosk sync and 好差评 follow-ups */ `
  ALTER TABLE devices ADD COLUMN number INTEGER;
  ALTER TABLE number_sequences ADD COLUMN lease_next INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE leases (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices(id),
    day TEXT NOT NULL,
    prefix TEXT NOT NULL,
    first INTEGER NOT NULL,
    last INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX leases_by_device ON leases (device_id, day, prefix);

  CREATE TABLE sync_applied (
    device_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    result TEXT NOT NULL,
    applied_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, seq)
  ) STRICT, WITHOUT ROWID;

  ALTER TABLE ratings ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE ratings ADD COLUMN channel TEXT NOT NULL DEFAULT 'api';
  CREATE INDEX ratings_by_time ON ratings (at);

  CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE REFERENCES tickets(id),
    number TEXT NOT NULL,
    level INTEGER NOT NULL,
    tags TEXT NOT NULL,
    comment TEXT,
    service_id TEXT NOT NULL,
    counter_id TEXT,
    staff_user_id TEXT,
    opened_at INTEGER NOT NULL,
    due_day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    resolved_at INTEGER,
    resolved_by TEXT,
    resolution_note TEXT
  ) STRICT;
  CREATE INDEX follow_ups_by_status ON follow_ups (status, due_day);
  `,
  /* 3: queue reads that run on every ticket issued or viewed, index-only */ `
  CREATE INDEX tickets_waiting ON tickets (service_id, day, ticket_class, sort_at, appointment_from) WHERE status = 'waiting';
  CREATE INDEX tickets_done_recent ON tickets (service_id, day, ended_at) WHERE status = 'done';
  `,
  /* 4: the daily cap's count is kept by the writer (one scan per service per day), not by an index every issue writes */ `
  DROP INDEX tickets_issued;
  `,
  /* 5: waiting tickets indexed in arrival order, so a commit of many issues touches the index's right edge
     only (keyed by service first, every busy service was a page of its own); a service's list is a filter */ `
  DROP INDEX tickets_waiting;
  CREATE INDEX tickets_waiting ON tickets (day, sort_at, service_id, ticket_class, appointment_from) WHERE status = 'waiting';
  `,
  /* 6: a ticket carries the Idempotency-Key it was issued under: one row and one index entry per issue, not a second table */ `
  ALTER TABLE tickets ADD COLUMN idempotency_key TEXT;
  ALTER TABLE tickets ADD COLUMN idempotency_fingerprint TEXT;
  UPDATE tickets SET idempotency_key = i.key, idempotency_fingerprint = i.fingerprint
    FROM idempotency AS i WHERE i.ticket_id = tickets.id AND i.principal = tickets.issued_by;
  CREATE UNIQUE INDEX tickets_by_idempotency_key ON tickets (issued_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
  DROP TABLE idempotency;
  `,
  /* 7: the writer finds Idempotency-Keys in memory, read once from the last days' tickets: an index on random keys
     was several pages of every commit */ `
  DROP INDEX tickets_by_idempotency_key;
  `,
  /* 8: device alerts as state: open until the device reports recovery, kept for the history after */ `
  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    device_id TEXT NOT NULL,
    device_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    message TEXT,
    since INTEGER NOT NULL,
    closed_at INTEGER,
    closed_reason TEXT,
    acknowledged_at INTEGER,
    acknowledged_by TEXT,
    acknowledged_by_name TEXT
  ) STRICT;
  CREATE UNIQUE INDEX alerts_open ON alerts (device_id, kind) WHERE closed_at IS NULL;
  CREATE INDEX alerts_newest ON alerts (since, id);
  `,
  /* 9: translated service names (JSON {"en", "zh-TW", "ja"}) and the wait a service aims for */ `
  ALTER TABLE services ADD COLUMN names TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE services ADD COLUMN target_wait_minutes INTEGER;
  `,
  /* 10: 好差评 follow-ups carry the visitor's masked name and a sealed call-back number (AES-256-GCM, the key outside
     the database), dropped on resolve; the rating pad finds its counter's latest completed ticket by counter */ `
  ALTER TABLE follow_ups ADD COLUMN masked_name TEXT;
  ALTER TABLE follow_ups ADD COLUMN phone_sealed TEXT;
  ALTER TABLE follow_ups ADD COLUMN phone_masked TEXT;
  UPDATE follow_ups SET masked_name = (SELECT t.masked_name FROM tickets AS t WHERE t.id = follow_ups.ticket_id);
  `,
  /* 11 (issue 12): a retired counter stays for its history but is no longer signed into or shown */ `
  ALTER TABLE counters ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
  `,
  /* 12 (issue 12): a password a manager reset must be changed by its user at their next sign-in */ `
  ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
  `,
  /* 13 (issue 12): the audit trail, one row per state change, append-only: only the retention purge may clear a detail.
     Ticket ids are random (kiosks choose them), so they stay out of the target index: a commit of many issues would
     touch a page each; a ticket's entries are found from its issue time on by the time index */ `
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('user', 'device', 'system')),
    actor_id TEXT,
    actor_name TEXT,
    action TEXT NOT NULL,
    target_kind TEXT,
    target_id TEXT,
    detail TEXT
  ) STRICT;
  CREATE INDEX audit_at ON audit (at);
  CREATE INDEX audit_by_actor ON audit (actor_id, seq);
  CREATE INDEX audit_by_action ON audit (action, seq);
  CREATE INDEX audit_by_target ON audit (target_id, seq) WHERE target_kind <> 'ticket';
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    WHEN NEW.detail IS NOT NULL OR NEW.seq IS NOT OLD.seq OR NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at
      OR NEW.actor_kind IS NOT OLD.actor_kind OR NEW.actor_id IS NOT OLD.actor_id OR NEW.actor_name IS NOT OLD.actor_name
      OR NEW.action IS NOT OLD.action OR NEW.target_kind IS NOT OLD.target_kind OR NEW.target_id IS NOT OLD.target_id
    BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: only a detail may be cleared'); END;
  `,
  /* 14 (issue 12): the rating pad becomes a device kind of its own (it used a kiosk token, which may issue tickets),
     devices keep when they were last seen, and one-time pairing codes (stored hashed) replace pasted tokens. SQLite
     changes a CHECK only by rebuilding the table; migrate() checks the foreign keys before it commits. */ `
  CREATE TABLE devices_rebuilt (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'integrator', 'rating_pad')),
    token_hash TEXT NOT NULL UNIQUE,
    revoked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    number INTEGER,
    last_seen_at INTEGER
  ) STRICT;
  INSERT INTO devices_rebuilt (id, name, kind, token_hash, revoked, created_at, number)
    SELECT id, name, kind, token_hash, revoked, created_at, number FROM devices;
  DROP TABLE devices;
  ALTER TABLE devices_rebuilt RENAME TO devices;

  CREATE TABLE pairing_codes (
    code_hash TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'display', 'integrator', 'rating_pad')),
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    redeemed_at INTEGER,
    device_id TEXT REFERENCES devices(id)
  ) STRICT;
  `,
  /* 15 (issue 12): a service's kiosk order, last-ticket cut-off, and a prefix change waiting for the next hall day */ `
  ALTER TABLE services ADD COLUMN kiosk_order INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE services ADD COLUMN cutoff_minutes INTEGER;
  ALTER TABLE services ADD COLUMN pending_prefix TEXT;
  ALTER TABLE services ADD COLUMN pending_prefix_from TEXT;
  `,
  /* 16 (issue 17): self-service certificates: types as data (built-ins unless replaced), records keyed by the person hash
     with only the masked holder beside them, every issued certificate and each print of it */ `
  CREATE TABLE certificate_types (
    code TEXT PRIMARY KEY,
    definition TEXT NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE certificate_records (
    type TEXT NOT NULL,
    person_hash TEXT NOT NULL,
    masked_name TEXT NOT NULL,
    masked_id TEXT NOT NULL,
    data TEXT NOT NULL,
    rows TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('push', 'platform')),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (person_hash, type)
  ) STRICT;
  CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    type_name TEXT NOT NULL,
    person_hash TEXT NOT NULL,
    masked_name TEXT NOT NULL,
    masked_id TEXT NOT NULL,
    period TEXT,
    kiosk_id TEXT NOT NULL,
    kiosk_name TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    day TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    idempotency_key TEXT,
    outcome TEXT CHECK (outcome IN ('completed', 'aborted')),
    outcome_reason TEXT,
    revoked_at INTEGER,
    revoked_reason TEXT,
    revoked_by TEXT,
    prints INTEGER NOT NULL DEFAULT 1
  ) STRICT;
  CREATE INDEX certificates_by_person ON certificates (person_hash, type, day);
  CREATE INDEX certificates_by_day ON certificates (day, type);
  CREATE UNIQUE INDEX certificates_by_idempotency_key ON certificates (kiosk_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
  CREATE TABLE certificate_prints (
    certificate_id TEXT NOT NULL REFERENCES certificates(id),
    kiosk_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    outcome TEXT CHECK (outcome IN ('completed', 'aborted')),
    reason TEXT
  ) STRICT;
  CREATE INDEX certificate_prints_by_certificate ON certificate_prints (certificate_id, at);
  `,
  /* 17 (issue 13): reports over a year answer from daily roll-ups, written once a day has ended (db/report-store.ts):
     cells of figures by grain ('d' day × service × counter × staff × channel, 'dd' day, 'ds' day × service × channel, 'dc' day ×
     counter × staff, 'h' day × hour, 'hs' day × hour × service × channel, 'hc' day × hour × counter × staff; the same
     summed by month as 'm' + grain with day 'YYYY-MM'), each member of staff's signed-in, busy and pause time per counter, and the
     most tickets waiting at once per hour and service ('' the whole hall, hour -1 the whole day); follow-ups by opening time, index-only */ `
  CREATE TABLE report_days (day TEXT PRIMARY KEY, rolled_at INTEGER NOT NULL) STRICT, WITHOUT ROWID;
  CREATE TABLE report_cells (
    grain TEXT NOT NULL,
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    service_id TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    figures BLOB NOT NULL
  ) STRICT;
  CREATE INDEX report_cells_by_day ON report_cells (grain, day);
  CREATE TABLE report_staff (
    day TEXT NOT NULL,
    counter_id TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    signed_in_s REAL NOT NULL,
    busy_s REAL NOT NULL,
    pause_break_s REAL NOT NULL,
    pause_meeting_s REAL NOT NULL,
    pause_system_fault_s REAL NOT NULL,
    pause_other_s REAL NOT NULL,
    PRIMARY KEY (day, counter_id, staff_id)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE report_peaks (
    day TEXT NOT NULL,
    hour INTEGER NOT NULL,
    service_id TEXT NOT NULL,
    peak INTEGER NOT NULL,
    PRIMARY KEY (day, hour, service_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX follow_ups_by_opened ON follow_ups (opened_at, due_day, status, resolved_at, service_id, counter_id, staff_user_id);
  `,
  /* 18 (issue 14): outbound webhooks: subscriptions (the secret sealed with a key derived from the hall key) and the outbox
     of deliveries, written in the same transaction as the event that caused them; the body is fixed at that moment, so
     every retry sends the same id and bytes; one delivery per subscription per dedupe key (ticket.near, reminders) */ `
  CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    events TEXT NOT NULL,
    near_ahead INTEGER NOT NULL,
    description TEXT,
    secret_sealed TEXT NOT NULL,
    secret_rotated_at INTEGER NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions(id),
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    dedupe TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    last_status INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    retry_since INTEGER NOT NULL,
    delivered_at INTEGER,
    UNIQUE (subscription_id, dedupe)
  ) STRICT;
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, status, created_at);
  CREATE INDEX webhook_deliveries_by_status ON webhook_deliveries (status, created_at);
  `,
  /* 19 (issue 14): online booking (预约) on the appointments table: where a booking came from, its phone sealed and masked
     (server/phone-seal.ts, the booking id as associated data), why it was cancelled; per-service rules, a day's exception
     (closed, another capacity), slot holds while a visitor fills the form, and no-shows by person hash for the block rule
     (kept for the rule's window, then purged) */ `
  ALTER TABLE appointments ADD COLUMN source TEXT NOT NULL DEFAULT 'integrator';
  ALTER TABLE appointments ADD COLUMN phone_sealed TEXT;
  ALTER TABLE appointments ADD COLUMN phone_masked TEXT;
  ALTER TABLE appointments ADD COLUMN cancel_reason TEXT;
  ALTER TABLE appointments ADD COLUMN ended_at INTEGER;
  CREATE INDEX appointments_by_slot ON appointments (service_id, window_start, status);
  CREATE INDEX appointments_by_day ON appointments (day, status);
  CREATE TABLE appointment_rules (service_id TEXT PRIMARY KEY REFERENCES services(id), rules TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT;
  CREATE TABLE appointment_days (
    service_id TEXT NOT NULL REFERENCES services(id),
    day TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    capacity_per_slot INTEGER,
    PRIMARY KEY (service_id, day)
  ) STRICT, WITHOUT ROWID;
  CREATE TABLE slot_holds (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    slot_start INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX slot_holds_by_slot ON slot_holds (service_id, slot_start, expires_at);
  CREATE TABLE booking_no_shows (person_hash TEXT NOT NULL, day TEXT NOT NULL, appointment_id TEXT NOT NULL PRIMARY KEY) STRICT;
  CREATE INDEX booking_no_shows_by_person ON booking_no_shows (person_hash, day);
  `,
  /* 20 (issue 11): the service guide (办事指南): each matter's published version and draft as JSON, the published one's
     search keys (name pinyin and initials, lower-case texts) computed when stored; the matter a ticket was taken for */ `
  CREATE TABLE matters (
    code TEXT PRIMARY KEY,
    published TEXT,
    draft TEXT,
    category TEXT NOT NULL,
    name_pinyin TEXT NOT NULL DEFAULT '',
    name_initials TEXT NOT NULL DEFAULT '',
    search_text TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL,
    published_at INTEGER
  ) STRICT;
  CREATE TABLE ticket_matters (
    ticket_id TEXT PRIMARY KEY,
    day TEXT NOT NULL,
    matter_code TEXT NOT NULL
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX ticket_matters_by_day ON ticket_matters (day, matter_code);
  `,
  /* 21 (issue 11): cases (办件) accepted for matters: receipt numbers unique per hall, the applicant by person hash with
     only masked name and ID number beside it (进度查询 by card), each status step, and integrators' Idempotency-Keys */ `
  CREATE TABLE cases (
    id TEXT PRIMARY KEY,
    receipt_number TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    matter_code TEXT NOT NULL,
    matter_name TEXT NOT NULL,
    service_id TEXT,
    person_hash TEXT NOT NULL,
    masked_name TEXT NOT NULL,
    masked_id TEXT NOT NULL,
    status TEXT NOT NULL,
    due_date TEXT NOT NULL,
    ticket_id TEXT,
    counter_id TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (day, seq)
  ) STRICT;
  CREATE INDEX cases_by_person ON cases (person_hash, created_at);
  CREATE TABLE case_steps (
    case_id TEXT NOT NULL REFERENCES cases(id),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    note TEXT,
    actor_id TEXT NOT NULL
  ) STRICT;
  CREATE INDEX case_steps_by_case ON case_steps (case_id, at);
  CREATE TABLE case_requests (
    actor_id TEXT NOT NULL,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    case_id TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (actor_id, key)
  ) STRICT, WITHOUT ROWID;
  `,
  /* 22 (issue 11): pre-filing drafts (自助申报): a kiosk's form and signature for a pre-fileable matter, sealed under the
     hall key, linked to the ticket it took; accepted into a case at the window (case_id), else deleted at the day's end */ `
  CREATE TABLE prefile_drafts (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL UNIQUE,
    day TEXT NOT NULL,
    matter_code TEXT NOT NULL,
    matter_name TEXT NOT NULL,
    masked_name TEXT NOT NULL,
    masked_id TEXT NOT NULL,
    data_sealed TEXT NOT NULL,
    signature_sealed TEXT,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    case_id TEXT,
    accepted_by TEXT,
    accepted_at INTEGER
  ) STRICT;
  CREATE INDEX prefile_drafts_open_by_day ON prefile_drafts (day) WHERE case_id IS NULL;
  `,
  /* 23 (issue 15): the district's certificate types beside the hall's: each type keeps the district's definition as
     last applied, so a hall's own edit shows as an override and a new district version does not replace it; and the
     version of each district catalogue the hall applied */ `
  ALTER TABLE certificate_types ADD COLUMN district_definition TEXT;
  CREATE TABLE district_catalogue (
    kind TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT;
  `,
  /* 24 (issue 13): a follow-up keeps the channel of the rated ticket, written when its day is rolled up, so bad ratings by
     channel over a year read the follow-ups' index alone (NULL: today's, or older than this column: looked up) */ `
  ALTER TABLE follow_ups ADD COLUMN channel TEXT;
  DROP INDEX follow_ups_by_opened;
  CREATE INDEX follow_ups_by_opened ON follow_ups (opened_at, due_day, status, resolved_at, service_id, counter_id, staff_user_id, channel);
  `,
  /* 25 (issue 15): the district's matters beside the hall's: each keeps the district's definition as last applied, so a
     hall's own edit shows as an override and a new district version does not replace it */ `
  ALTER TABLE matters ADD COLUMN district_definition TEXT;
  `,
];
