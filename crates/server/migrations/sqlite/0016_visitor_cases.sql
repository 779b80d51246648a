-- Visitor cases ("one window") read whole: each task row says its case (the stored body's `case_id`, emptied when
-- the task's personal data is erased), and a case closed with the visitor's one rating of the whole situation is
-- kept by site and case, with who closed it and when (the rating's comment, the visitor's words, is emptied when a
-- task of the case has its personal data erased; the score stays).
ALTER TABLE tasks ADD COLUMN case_id TEXT;
UPDATE tasks SET case_id = json_extract(body, '$.case_id') WHERE erased_at IS NULL;
CREATE INDEX tasks_site_case ON tasks (site, case_id) WHERE case_id IS NOT NULL;

CREATE TABLE case_closures (
    site      TEXT NOT NULL REFERENCES sites (id),
    case_id   TEXT NOT NULL,
    closed_at BIGINT NOT NULL,
    closed_by TEXT NOT NULL,
    score     BIGINT,
    comment   TEXT,
    PRIMARY KEY (site, case_id)
);
