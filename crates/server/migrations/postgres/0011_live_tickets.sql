-- Single-use tickets to open the live channel with (a bearer token never goes into an address), by the hash of the
-- ticket; each names the session it opens the channel for and is good for a minute.
CREATE TABLE live_tickets (
    ticket_hash TEXT PRIMARY KEY NOT NULL,
    token_hash  TEXT NOT NULL,
    expires_at  BIGINT NOT NULL
);
