-- Each site's own opening hours (JSON: hours per weekday, public holidays, further days off); NULL keeps its kind's
-- usual hours. Written requests are resolved within the site's working days.
ALTER TABLE sites ADD COLUMN opening_hours TEXT;
