-- More of the publishing workflow: single sessions moved to another time.
-- Times are UTC, set by the application.

-- One session of a recurring (or one-off) group or event held at another
-- time: the session that would have started at original_starts_at starts
-- at starts_at instead. Kept apart from the repeat rule so the rest of the
-- series is unchanged; moving the same session again replaces its row.
CREATE TABLE occurrence_moves (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  original_starts_at TIMESTAMP NOT NULL,
  starts_at TIMESTAMP NOT NULL,
  ends_at TIMESTAMP,
  -- Shown on the listing, e.g. "The hall is booked on Tuesday".
  note TEXT NOT NULL,
  moved_by INTEGER REFERENCES people(id),
  moved_at TIMESTAMP NOT NULL,
  UNIQUE (listing_id, original_starts_at)
);

