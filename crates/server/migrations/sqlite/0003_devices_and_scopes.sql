-- Enrolled devices (a session opened on one ends when it is withdrawn), and the columns the change feed is
-- filtered on so each person pulls only what they may see (floordesk_domain::FeedScope).

CREATE TABLE devices (
    id          TEXT PRIMARY KEY NOT NULL,
    site        TEXT NOT NULL REFERENCES sites (id),
    name        TEXT NOT NULL,
    key_hash    TEXT NOT NULL,
    enrolled_by TEXT NOT NULL REFERENCES staff (id),
    enrolled_at INTEGER NOT NULL,
    revoked_at  INTEGER
);

ALTER TABLE sessions ADD COLUMN device TEXT REFERENCES devices (id);

ALTER TABLE changes ADD COLUMN zone TEXT;
ALTER TABLE changes ADD COLUMN assignee TEXT;
ALTER TABLE changes ADD COLUMN previous_assignee TEXT;
UPDATE changes SET zone = json_extract(body, '$.zone'), assignee = json_extract(body, '$.assignee');
