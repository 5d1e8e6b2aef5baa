-- Community: people joining groups and going to events. Times are UTC,
-- set by the application.

-- How a group takes new members. A group without a row is open: most
-- groups in the directory welcome anyone, and the organisers can change it.
CREATE TABLE community_groups (
  listing_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  -- open | request | invite
  join_policy TEXT NOT NULL,
  -- Asked of people requesting to join; the organisers see the answer.
  join_question TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- Who belongs to a group, who has asked to and who has been invited. A
-- person leaving or being declined loses the row.
CREATE TABLE group_members (
  group_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  -- requested | invited | member
  status TEXT NOT NULL,
  -- member | organiser (a co-organiser of this one group)
  role TEXT NOT NULL,
  -- The answer to the group's question, when they asked to join.
  answer TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  joined_at TIMESTAMP,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_members_person ON group_members (person_id);

-- An event's places. Every change to who is going first writes this row,
-- which serialises changes to one event's attendance on both databases (a
-- row lock on PostgreSQL, the write lock on SQLite). NULL capacity: no limit.
CREATE TABLE community_events (
  listing_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  capacity INTEGER,
  updated_at TIMESTAMP NOT NULL
);

-- Who is going to one session of an event, or waiting for a place. The
-- session is named by its usual start (as cancellations are), so an answer
-- survives the session being moved. The waiting list is first come, first
-- served: in id order, which is the order the answers were made in, since
-- they are made one at a time per event.
CREATE TABLE event_rsvps (
  id SERIAL PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  -- going | waiting
  status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  UNIQUE (event_id, occurrence_at, person_id)
);
CREATE INDEX event_rsvps_person ON event_rsvps (person_id);
