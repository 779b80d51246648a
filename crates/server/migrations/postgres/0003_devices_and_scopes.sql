-- The same as migrations/sqlite/0003_devices_and_scopes.sql.

CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    site        TEXT NOT NULL REFERENCES sites (id),
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL,
    enrolled_by TEXT NOT NULL REFERENCES staff (id),
    enrolled_at BIGINT NOT NULL,
    revoked_at  BIGINT
);

ALTER TABLE sessions ADD COLUMN device TEXT REFERENCES devices (id);

ALTER TABLE changes ADD COLUMN zone TEXT;
ALTER TABLE changes ADD COLUMN assignee TEXT;
ALTER TABLE changes ADD COLUMN previous_assignee TEXT;
UPDATE changes SET zone = body::jsonb ->> 'zone', assignee = body::jsonb ->> 'assignee';
