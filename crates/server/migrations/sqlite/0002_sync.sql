-- Sync: every op a device sent (with its first result, so a resend gets it again), the change feed in server order,
-- and the audit log of applied and rejected ops.

-- An op id is the device's own: it is unique per person, so one person's ids never answer for another's.
CREATE TABLE ops (
    actor   TEXT NOT NULL REFERENCES staff (id),
    op_id   TEXT NOT NULL,
    device  TEXT NOT NULL,
    site    TEXT NOT NULL REFERENCES sites (id),
    task_id TEXT NOT NULL,
    result  TEXT NOT NULL,
    PRIMARY KEY (actor, op_id)
);

CREATE TABLE changes (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    site    TEXT NOT NULL REFERENCES sites (id),
    task_id TEXT NOT NULL,
    body    TEXT NOT NULL
);

CREATE INDEX changes_site_seq ON changes (site, seq);

CREATE TABLE audit (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT NOT NULL,
    site        TEXT NOT NULL REFERENCES sites (id),
    task_id     TEXT NOT NULL,
    actor       TEXT NOT NULL REFERENCES staff (id),
    role        TEXT NOT NULL,
    device      TEXT NOT NULL,
    server_time INTEGER NOT NULL,
    device_time INTEGER NOT NULL,
    accepted    INTEGER NOT NULL,
    before      TEXT,
    after       TEXT,
    reason      TEXT
);

CREATE INDEX audit_site_id ON audit (site, id);
