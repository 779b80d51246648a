-- The device's own store. One row per person who signed in on this device; their copy of the tasks they may see,
-- and the ops they made that the server has not answered yet.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE people (
    staff_id TEXT PRIMARY KEY,
    profile TEXT NOT NULL,          -- StaffProfile, JSON
    token TEXT,                     -- the bearer token; NULL once the sign-in ended
    expires_at INTEGER,
    device TEXT,                    -- the enrolled device the sign-in is bound to, if any
    active INTEGER NOT NULL DEFAULT 0,   -- the person using the device now (at most one)
    leaving INTEGER NOT NULL DEFAULT 0,  -- signed out here; the token is kept until their outbox drains
    cursor INTEGER NOT NULL DEFAULT 0,   -- pulled up to this server sequence number
    last_sync INTEGER                    -- device time of the last complete push + pull
);

CREATE TABLE tasks (
    staff_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    body TEXT NOT NULL,             -- Task as the server last said, JSON
    PRIMARY KEY (staff_id, task_id)
);

CREATE TABLE outbox (
    n INTEGER PRIMARY KEY AUTOINCREMENT,  -- the order the person acted in
    staff_id TEXT NOT NULL,
    op_id TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL              -- Op, JSON
);

CREATE TABLE rejections (
    op_id TEXT PRIMARY KEY,
    staff_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    reason TEXT NOT NULL,           -- Rejection, JSON
    message TEXT NOT NULL,
    at INTEGER NOT NULL,
    seen INTEGER NOT NULL DEFAULT 0
);
