-- 4: the shared catalogue the district publishes and halls apply (certificate types; the matter catalogue will be a
-- second kind), one row per published version, and per hall the codes it keeps its own edit of, as it last reported.
CREATE TABLE catalogue_versions (
  kind text NOT NULL,
  version integer NOT NULL,
  items jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL,
  PRIMARY KEY (kind, version)
);

CREATE TABLE hall_overrides (
  hall_id text NOT NULL REFERENCES halls (id),
  kind text NOT NULL,
  codes jsonb NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (hall_id, kind)
);
