DELETE FROM event_rsvps WHERE person_id IS NULL;
CREATE TABLE event_rsvps_old (
  id INTEGER PRIMARY KEY NOT NULL,
  event_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  UNIQUE (event_id, occurrence_at, person_id)
);
INSERT INTO event_rsvps_old SELECT id, event_id, occurrence_at, person_id, status, created_at, updated_at FROM event_rsvps;
DROP TABLE event_rsvps;
ALTER TABLE event_rsvps_old RENAME TO event_rsvps;
CREATE INDEX event_rsvps_person ON event_rsvps (person_id);
DROP TABLE event_guests;
