-- Talking one to one: profiles with a visibility per field, blocking,
-- direct messages between members who share a group, and "Contact this
-- group" messages relayed by email. Times are UTC, set by the application.

-- A member's profile. Someone without a row has the defaults: their name
-- shown to members of their groups, nothing else shown, and no messages
-- from other members. Each visibility is 'everyone', 'groups' (members of
-- a group they are in) or 'me'.
CREATE TABLE profiles (
  person_id INTEGER PRIMARY KEY NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  name_visibility TEXT NOT NULL,
  interests_visibility TEXT NOT NULL,
  borough_id INTEGER REFERENCES boroughs(id) ON DELETE SET NULL,
  borough_visibility TEXT NOT NULL,
  -- Whether members who share a group with them may send them messages.
  messages_from_groups BOOLEAN NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- The interests a member chose for their profile.
CREATE TABLE profile_interests (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  interest_id INTEGER NOT NULL REFERENCES interests(id) ON DELETE CASCADE,
  PRIMARY KEY (person_id, interest_id)
);

-- Who blocked whom: the blocked person cannot message the blocker, and
-- their posts are hidden from the blocker.
CREATE TABLE blocks (
  blocker_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  blocked_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);

-- Messages between two members.
CREATE TABLE direct_messages (
  id SERIAL PRIMARY KEY,
  sender_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  sent_at TIMESTAMP NOT NULL,
  -- When the recipient first saw it; NULL: unread.
  read_at TIMESTAMP
);
CREATE INDEX direct_messages_recipient ON direct_messages (recipient_id, sent_at);
CREATE INDEX direct_messages_sender ON direct_messages (sender_id, sent_at);

-- A message to a listing's organisers from anyone. The sender's address is
-- kept to send replies to and is never shown to the organisers.
CREATE TABLE contact_messages (
  id SERIAL PRIMARY KEY,
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  -- The account that sent it, when signed in.
  sender_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  sender_name TEXT NOT NULL,
  sender_email TEXT NOT NULL,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_messages_listing ON contact_messages (listing_id, created_at);
CREATE INDEX contact_messages_sender ON contact_messages (sender_id);

-- Each organiser the message was relayed to, with the SHA-256 of the token
-- in their reply link.
CREATE TABLE contact_recipients (
  id SERIAL PRIMARY KEY,
  contact_message_id INTEGER NOT NULL REFERENCES contact_messages(id) ON DELETE CASCADE,
  -- NULL when relayed to the listing's public contact address.
  person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX contact_recipients_message ON contact_recipients (contact_message_id);

-- An organiser's answer, emailed to the sender. Only when they chose to is
-- their own address shown in it.
CREATE TABLE contact_replies (
  id SERIAL PRIMARY KEY,
  contact_message_id INTEGER NOT NULL REFERENCES contact_messages(id) ON DELETE CASCADE,
  recipient_id INTEGER NOT NULL REFERENCES contact_recipients(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  shows_address BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX contact_replies_message ON contact_replies (contact_message_id);
