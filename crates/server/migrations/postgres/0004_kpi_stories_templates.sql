-- The same as migrations/sqlite/0004_kpi_stories_templates.sql.

ALTER TABLE tasks ADD COLUMN closed_at BIGINT;
UPDATE tasks SET closed_at = (body::jsonb ->> 'closed_at')::bigint;
CREATE INDEX tasks_site_closed ON tasks (site, closed_at);

CREATE TABLE stories (
    id        TEXT PRIMARY KEY NOT NULL,
    site      TEXT NOT NULL REFERENCES sites (id),
    author    TEXT NOT NULL REFERENCES staff (id),
    text      TEXT NOT NULL,
    about     TEXT REFERENCES staff (id),
    task_id   TEXT REFERENCES tasks (id),
    posted_at BIGINT NOT NULL
);

CREATE INDEX stories_site_posted ON stories (site, posted_at);

CREATE TABLE story_likes (
    story TEXT NOT NULL REFERENCES stories (id),
    staff TEXT NOT NULL REFERENCES staff (id),
    PRIMARY KEY (story, staff)
);

CREATE TABLE templates (
    id         TEXT PRIMARY KEY NOT NULL,
    site       TEXT NOT NULL REFERENCES sites (id),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by TEXT NOT NULL REFERENCES staff (id)
);

CREATE INDEX templates_site ON templates (site);
