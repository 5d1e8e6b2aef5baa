-- People without an account going to a public event. A request holds
-- nothing until it is confirmed through the emailed link; then the guest
-- gets an event_rsvps row like a member's. Only the SHA-256 of each link's
-- token is kept. The cancel link works for as long as the answer stands.
CREATE TABLE event_guests (
  id INTEGER PRIMARY KEY NOT NULL,
  event_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  confirm_hash TEXT NOT NULL UNIQUE,
  cancel_hash TEXT NOT NULL UNIQUE,
  expires_at TIMESTAMP NOT NULL,
  confirmed_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX event_guests_event ON event_guests (event_id, occurrence_at);

-- An answer is a member's (person_id) or a confirmed guest's (guest_id).
-- SQLite cannot drop NOT NULL in place, so the table is rebuilt, keeping
-- ids (and so the waiting list's order).
CREATE TABLE event_rsvps_new (
  id INTEGER PRIMARY KEY NOT NULL,
  event_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
  -- going | waiting
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  -- Last, where PostgreSQL's ADD COLUMN puts it.
  guest_id INTEGER REFERENCES event_guests(id) ON DELETE CASCADE,
  UNIQUE (event_id, occurrence_at, person_id),
  UNIQUE (guest_id),
  CHECK ((person_id IS NULL) <> (guest_id IS NULL))
);
INSERT INTO event_rsvps_new (id, event_id, occurrence_at, person_id, status, created_at, updated_at, guest_id)
  SELECT id, event_id, occurrence_at, person_id, status, created_at, updated_at, NULL FROM event_rsvps;
DROP TABLE event_rsvps;
ALTER TABLE event_rsvps_new RENAME TO event_rsvps;
CREATE INDEX event_rsvps_person ON event_rsvps (person_id);
