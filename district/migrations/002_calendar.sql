-- 2: the district calendar (public holidays and 调休 make-up working days) halls apply, one row per published version.
CREATE TABLE calendar_versions (
  version serial PRIMARY KEY,
  holidays jsonb NOT NULL,
  workdays jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL
);
