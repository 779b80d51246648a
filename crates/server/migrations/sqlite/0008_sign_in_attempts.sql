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
-- The staff table's old `failed_logins` and `locked_until` are no longer read or written. They stay: SQLite's
-- DROP COLUMN fails on this table ("incomplete input", tripped by the comment in its CREATE TABLE), and rebuilding a
-- table others refer to needs foreign keys off, which a migration's transaction cannot turn off.
