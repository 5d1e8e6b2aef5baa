-- The publishing workflow: community groups keep their own listings up to
-- date, editors review what untrusted organisers propose, every published
-- state is kept, and stale or wrong listings are chased.
--
-- Snapshots are JSON text (portable across both databases); they are read
-- and written only by the application, never queried inside. Times are UTC,
-- set by the application.

-- Every published state of a listing, so a bad edit can be undone and an
-- editor can see who changed what. Rows are never updated: restoring an old
-- state adds a new version.
CREATE TABLE listing_versions (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  -- 1, 2, 3… per listing.
  number INTEGER NOT NULL,
  -- NULL only for the state a listing had before history was kept.
  author_id INTEGER REFERENCES people(id),
  created_at TIMESTAMP NOT NULL,
  -- The listing's fields and tags as JSON.
  snapshot TEXT NOT NULL,
  -- JSON array of the plain-English labels of the fields that changed.
  changed TEXT NOT NULL,
  -- e.g. "Restored version 2", "Approved by an editor".
  note TEXT NOT NULL,
  UNIQUE (listing_id, number)
);

-- Organisations whose organisers publish without review. Kept apart from
-- `listings` because trust is an editor's decision about the organisation,
-- not a descriptive field, and has its own who and when.
CREATE TABLE trusted_organisations (
  listing_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  trusted_by INTEGER NOT NULL REFERENCES people(id),
  trusted_at TIMESTAMP NOT NULL
);

-- Changes proposed by organisers of untrusted organisations, waiting for an
-- editor. The live listing is not touched until approval. The state the
-- author started from is kept, so the editor sees what the author changed
-- even when the live listing has moved on meanwhile, and approval changes
-- only those fields.
CREATE TABLE proposals (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES people(id),
  -- NULL when the proposal is a new listing.
  base_snapshot TEXT,
  proposed_snapshot TEXT NOT NULL,
  -- pending | approved | rejected | withdrawn
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  decided_at TIMESTAMP,
  decided_by INTEGER REFERENCES people(id),
  reason TEXT NOT NULL
);
CREATE INDEX proposals_status ON proposals (status, created_at);
CREATE INDEX proposals_listing ON proposals (listing_id, status);

-- Someone asking to become an organiser of an existing organisation; an
-- editor approves (an `organisers` row) or refuses with a reason.
CREATE TABLE organisation_claims (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  message TEXT NOT NULL,
  -- pending | approved | refused
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  decided_at TIMESTAMP,
  decided_by INTEGER REFERENCES people(id),
  reason TEXT NOT NULL
);
CREATE INDEX organisation_claims_status ON organisation_claims (status, created_at);

-- One row per "is this still correct?" email round, keyed by the
-- confirmation it asks about, so the daily sweep sends each reminder once and
-- a new one only after the listing is confirmed again and goes stale again.
CREATE TABLE freshness_reminders (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  checked_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP NOT NULL,
  PRIMARY KEY (listing_id, checked_at)
);

-- Problems anyone reported about a listing, kept until an editor resolves
-- them. The reporter's email is optional and only used to reply.
CREATE TABLE problem_reports (
  id INTEGER PRIMARY KEY NOT NULL,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  -- out_of_date | closed | something_else
  kind TEXT NOT NULL,
  details TEXT NOT NULL,
  reporter_email TEXT,
  reporter_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at TIMESTAMP NOT NULL,
  resolved_at TIMESTAMP,
  resolved_by INTEGER REFERENCES people(id),
  resolution_note TEXT NOT NULL
);
CREATE INDEX problem_reports_open ON problem_reports (resolved_at, created_at);
