-- More of the publishing workflow: single sessions moved to another time,
-- and invitations to help run an organisation. Times are UTC, set by the
-- application.

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

-- An organiser's invitation to someone with no account yet to help run an
-- organisation. The emailed link is single-use and only its SHA-256 hash is
-- kept, so a copy of the database cannot accept invitations.
CREATE TABLE organiser_invitations (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  -- The address the invitation was sent to, as typed (normalised).
  email TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  invited_by INTEGER REFERENCES people(id),
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  -- Set once, when someone accepts it; the link then stops working.
  accepted_at TIMESTAMP,
  accepted_by INTEGER REFERENCES people(id)
);
