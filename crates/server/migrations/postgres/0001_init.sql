-- FloorDesk central store, PostgreSQL flavour: the same tables as migrations/sqlite, with 64-bit integers.

CREATE TABLE sites (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE zones (
    id    TEXT PRIMARY KEY NOT NULL,
    site  TEXT NOT NULL REFERENCES sites (id),
    name  TEXT NOT NULL,
    floor BIGINT NOT NULL
);

CREATE TABLE staff (
    id            TEXT PRIMARY KEY NOT NULL,
    site          TEXT NOT NULL REFERENCES sites (id),
    zone          TEXT REFERENCES zones (id),
    role          TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    code_salt     TEXT NOT NULL,
    code_hash     TEXT NOT NULL,
    demo_code     TEXT,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff      TEXT NOT NULL REFERENCES staff (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked    BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE tasks (
    id       TEXT PRIMARY KEY NOT NULL,
    site     TEXT NOT NULL REFERENCES sites (id),
    zone     TEXT NOT NULL REFERENCES zones (id),
    status   TEXT NOT NULL,
    assignee TEXT REFERENCES staff (id),
    version  BIGINT NOT NULL,
    body     TEXT NOT NULL
);

CREATE INDEX tasks_site_status ON tasks (site, status);
