-- Proactive service: the same as migrations/sqlite/0013_floor.sql, with 64-bit identity keys.

-- Rules act as the staff id 'rules', which is nobody's: ops and audit rows no longer require their actor to be a
-- member of staff.
ALTER TABLE ops DROP CONSTRAINT IF EXISTS ops_actor_fkey;
ALTER TABLE audit DROP CONSTRAINT IF EXISTS audit_actor_fkey;

CREATE TABLE presence (
    staff TEXT PRIMARY KEY NOT NULL REFERENCES staff (id),
    site  TEXT NOT NULL REFERENCES sites (id),
    since BIGINT NOT NULL,
    body  TEXT NOT NULL
);
CREATE INDEX presence_site ON presence (site);

CREATE TABLE shifts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    staff      TEXT NOT NULL REFERENCES staff (id),
    site       TEXT NOT NULL REFERENCES sites (id),
    zone       TEXT,
    started_at BIGINT NOT NULL,
    ended_at   BIGINT
);
CREATE INDEX shifts_site ON shifts (site, started_at);

CREATE TABLE site_rules (
    site  TEXT PRIMARY KEY NOT NULL REFERENCES sites (id),
    rules TEXT NOT NULL
);

CREATE TABLE reserve_samples (
    site   TEXT NOT NULL REFERENCES sites (id),
    zone   TEXT NOT NULL,
    minute BIGINT NOT NULL,
    kept   BIGINT NOT NULL,
    PRIMARY KEY (zone, minute)
);
CREATE INDEX reserve_samples_site ON reserve_samples (site, minute);
