-- Each site's own common purposes of a visit, offered as one-tap contacts: a JSON array of strings. A site without a
-- row offers its kind's usual ones.
CREATE TABLE purposes (
    site  TEXT PRIMARY KEY NOT NULL REFERENCES sites (id),
    items TEXT NOT NULL
);
