-- The last list of answer templates fetched for each site, so the knowledge base can be read on the floor without
-- the network.

CREATE TABLE templates (
    site TEXT PRIMARY KEY,
    list TEXT NOT NULL,             -- TemplateList, JSON
    fetched_at INTEGER NOT NULL     -- device time it was fetched
);
