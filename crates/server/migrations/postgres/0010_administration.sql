-- Site administration: people are deactivated rather than removed (their history stays); each site issues personal
-- codes of its own length; every change an administrator or supervisor makes is logged with its before and after.
ALTER TABLE staff ADD COLUMN active BIGINT NOT NULL DEFAULT 1;
ALTER TABLE sites ADD COLUMN code_digits BIGINT NOT NULL DEFAULT 4;
CREATE TABLE admin_log (
    id     BIGSERIAL PRIMARY KEY,
    site   TEXT NOT NULL,
    actor  TEXT NOT NULL,
    at     BIGINT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    before TEXT,
    after  TEXT
);
CREATE INDEX admin_log_site ON admin_log (site, id);
