-- When each task closed, so the KPI report reads a site's closed tasks by period (filled in for the tasks that
-- closed before this column existed); good stories and their likes; the answer templates of each site's knowledge
-- base.

ALTER TABLE tasks ADD COLUMN closed_at INTEGER;
UPDATE tasks SET closed_at = json_extract(body, '$.closed_at');
CREATE INDEX tasks_site_closed ON tasks (site, closed_at);

CREATE TABLE stories (
    id        TEXT PRIMARY KEY NOT NULL,
    site      TEXT NOT NULL REFERENCES sites (id),
    author    TEXT NOT NULL REFERENCES staff (id),
    text      TEXT NOT NULL,
    about     TEXT REFERENCES staff (id),
    task_id   TEXT REFERENCES tasks (id),
    posted_at INTEGER NOT NULL
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
    updated_at INTEGER NOT NULL,
    updated_by TEXT NOT NULL REFERENCES staff (id)
);

CREATE INDEX templates_site ON templates (site);
