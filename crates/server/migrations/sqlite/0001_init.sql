-- FloorDesk central store, SQLite flavour.
-- Tasks are stored whole as JSON (the domain type) with the columns queries filter on beside it.

CREATE TABLE sites (
    id   TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE zones (
    id    TEXT PRIMARY KEY NOT NULL,
    site  TEXT NOT NULL REFERENCES sites (id),
    name  TEXT NOT NULL,
    floor INTEGER NOT NULL
);

CREATE TABLE staff (
    id           TEXT PRIMARY KEY NOT NULL,
    site         TEXT NOT NULL REFERENCES sites (id),
    zone         TEXT REFERENCES zones (id),
    role         TEXT NOT NULL,
    display_name TEXT NOT NULL,
    code_salt    TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    -- Set only for demo accounts, so the sign-in screen can show the code.
    demo_code    TEXT,
    -- Wrong codes in a row, and until when sign-in is refused after too many (milliseconds since the epoch).
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until  INTEGER
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    staff      TEXT NOT NULL REFERENCES staff (id),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tasks (
    id       TEXT PRIMARY KEY NOT NULL,
    site     TEXT NOT NULL REFERENCES sites (id),
    zone     TEXT NOT NULL REFERENCES zones (id),
    status   TEXT NOT NULL,
    assignee TEXT REFERENCES staff (id),
    version  INTEGER NOT NULL,
    body     TEXT NOT NULL
);

CREATE INDEX tasks_site_status ON tasks (site, status);
