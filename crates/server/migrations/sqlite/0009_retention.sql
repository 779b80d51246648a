-- How many days a site's closed tasks keep their visitors' and relatives' details (then erased from the task, its
-- changes, its audit rows and its ops' answers), and when a task's were erased.
ALTER TABLE sites ADD COLUMN retention_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE tasks ADD COLUMN erased_at BIGINT;
