-- Sign-in attempts are counted per person and source (the enrolled device, or the address a browser came from), and
-- per source over everyone (`staff` empty): a stranger's wrong codes pause only their own tries, never the person
-- on their own device. `since` starts the window the count covers; `locked_until` is a pause.
CREATE TABLE login_counts (
    staff        TEXT NOT NULL,
    source       TEXT NOT NULL,
    count        BIGINT NOT NULL,
    since        BIGINT NOT NULL,
    locked_until BIGINT,
    PRIMARY KEY (staff, source)
);
ALTER TABLE staff DROP COLUMN failed_logins;
ALTER TABLE staff DROP COLUMN locked_until;
