-- People without an account going to a public event. A request holds
-- nothing until it is confirmed through the emailed link; then the guest
-- gets an event_rsvps row like a member's. Only the SHA-256 of each link's
-- token is kept. The cancel link works for as long as the answer stands.
CREATE TABLE event_guests (
  id SERIAL PRIMARY KEY,
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
ALTER TABLE event_rsvps ALTER COLUMN person_id DROP NOT NULL;
ALTER TABLE event_rsvps ADD COLUMN guest_id INTEGER UNIQUE REFERENCES event_guests(id) ON DELETE CASCADE;
ALTER TABLE event_rsvps ADD CONSTRAINT event_rsvps_one_kind CHECK ((person_id IS NULL) <> (guest_id IS NULL));
