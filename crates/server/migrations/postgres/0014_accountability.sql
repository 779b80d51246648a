-- What each op did and why, kept with it in the audit log: the kind of action, the rule that did it (for the
-- site's rules) and the reason the person typed (erased with the task's personal data). Rows written before this
-- name nothing.
ALTER TABLE audit ADD COLUMN action TEXT;
ALTER TABLE audit ADD COLUMN rule TEXT;
ALTER TABLE audit ADD COLUMN note TEXT;

-- A task's history and the log narrowed by person.
CREATE INDEX audit_task ON audit (task_id, id);
CREATE INDEX audit_site_actor ON audit (site, actor, id);
