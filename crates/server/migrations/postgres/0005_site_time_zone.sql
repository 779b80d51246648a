-- Each site's time zone (an IANA name): its days and the hours of its indicators are its own, whoever reads them.
ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'Europe/Moscow';
