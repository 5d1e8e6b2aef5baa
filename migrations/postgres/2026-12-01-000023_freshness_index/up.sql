-- The freshness sweep and the editors' "out of date" list both walk
-- published listings from the longest unchecked. Without this index each
-- sweep batch read every listing's row and sorted them: on 100,000
-- listings a batch of 200 reminders took a core for over a second, and a
-- first sweep (half of them due) kept a core busy for minutes.
CREATE INDEX listings_freshness ON listings (status, last_checked_at, id);
