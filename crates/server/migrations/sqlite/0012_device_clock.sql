-- How far each enrolled device's clock was behind the server's at its last push (negative: ahead), and when.
ALTER TABLE devices ADD COLUMN clock_behind_ms INTEGER;
ALTER TABLE devices ADD COLUMN seen_at INTEGER;
