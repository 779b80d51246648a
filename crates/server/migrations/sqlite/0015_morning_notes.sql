-- What the supervisor keeps with a morning meeting's pack: the day's goals and the people to thank (a JSON object
-- `{goals, thanks}`), by site and the site's day the pack reports on, with who wrote it last and when.
CREATE TABLE morning_notes (
    site       TEXT NOT NULL REFERENCES sites (id),
    day        TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (site, day)
);
