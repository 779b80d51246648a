-- Sync: the same tables as migrations/sqlite/0002_sync.sql, with 64-bit identity keys.

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
    seq     BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site    TEXT NOT NULL REFERENCES sites (id),
    task_id TEXT NOT NULL,
    body    TEXT NOT NULL
);

CREATE INDEX changes_site_seq ON changes (site, seq);

CREATE TABLE audit (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    op_id       TEXT NOT NULL,
    site        TEXT NOT NULL REFERENCES sites (id),
    task_id     TEXT NOT NULL,
    actor       TEXT NOT NULL REFERENCES staff (id),
    role        TEXT NOT NULL,
    device      TEXT NOT NULL,
    server_time BIGINT NOT NULL,
    device_time BIGINT NOT NULL,
    accepted    BIGINT NOT NULL,
    before      TEXT,
    after       TEXT,
    reason      TEXT
);

CREATE INDEX audit_site_id ON audit (site, id);
