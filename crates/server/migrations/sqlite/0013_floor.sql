-- Proactive service: who is on shift, the shifts worked, each site's rules, and whether zones kept their reserve.

-- Rules act as the staff id 'rules', which is nobody's: ops and audit rows no longer require their actor to be a
-- member of staff (rebuilt without that reference; everything else as it was).
CREATE TABLE ops_new (
    actor   TEXT NOT NULL,
    op_id   TEXT NOT NULL,
    device  TEXT NOT NULL,
    site    TEXT NOT NULL REFERENCES sites (id),
    task_id TEXT NOT NULL,
    result  TEXT NOT NULL,
    PRIMARY KEY (actor, op_id)
);
INSERT INTO ops_new SELECT actor, op_id, device, site, task_id, result FROM ops;
DROP TABLE ops;
ALTER TABLE ops_new RENAME TO ops;

CREATE TABLE audit_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT NOT NULL,
    site        TEXT NOT NULL REFERENCES sites (id),
    task_id     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    device      TEXT NOT NULL,
    server_time INTEGER NOT NULL,
    device_time INTEGER NOT NULL,
    accepted    INTEGER NOT NULL,
    before      TEXT,
    after       TEXT,
    reason      TEXT
);
INSERT INTO audit_new
    SELECT id, op_id, site, task_id, actor, role, device, server_time, device_time, accepted, before, after, reason
    FROM audit;
DROP TABLE audit;
ALTER TABLE audit_new RENAME TO audit;
CREATE INDEX audit_site_id ON audit (site, id);

-- Who is on shift now (JSON of floordesk_domain::Presence), one row per person, gone when the shift ends.
CREATE TABLE presence (
    staff TEXT PRIMARY KEY NOT NULL REFERENCES staff (id),
    site  TEXT NOT NULL REFERENCES sites (id),
    since BIGINT NOT NULL,
    body  TEXT NOT NULL
);
CREATE INDEX presence_site ON presence (site);

-- The shifts worked: who, in which zone, from when to when (open while ended_at is NULL).
CREATE TABLE shifts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    staff      TEXT NOT NULL REFERENCES staff (id),
    site       TEXT NOT NULL REFERENCES sites (id),
    zone       TEXT,
    started_at BIGINT NOT NULL,
    ended_at   BIGINT
);
CREATE INDEX shifts_site ON shifts (site, started_at);

-- A site's rules and its zones' dispatch as its supervisors tuned them (JSON of floordesk_domain::SiteRules); a site
-- without a row runs its kind's usual ones.
CREATE TABLE site_rules (
    site  TEXT PRIMARY KEY NOT NULL REFERENCES sites (id),
    rules TEXT NOT NULL
);

-- Whether each zone kept its reserve free, one sample per zone and minute (the first instance to take it wins).
CREATE TABLE reserve_samples (
    site   TEXT NOT NULL REFERENCES sites (id),
    zone   TEXT NOT NULL,
    minute BIGINT NOT NULL,
    kept   BIGINT NOT NULL,
    PRIMARY KEY (zone, minute)
);
CREATE INDEX reserve_samples_site ON reserve_samples (site, minute);
