-- Event emails: attachments on queued emails (an event's .ics), the
-- day-before reminders already queued, who has turned reminders off, and
-- how many times each session was changed (the .ics SEQUENCE).

-- Files sent with an outbox email, stored with it so a retry after a
-- restart sends exactly what was queued.
CREATE TABLE outbox_attachments (
  id INTEGER PRIMARY KEY NOT NULL,
  outbox_id INTEGER NOT NULL REFERENCES outbox(id) ON DELETE CASCADE,
  filename TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content BLOB NOT NULL
);
CREATE INDEX outbox_attachments_outbox ON outbox_attachments (outbox_id);

-- One row per reminder queued: the key is what stops two servers, or one
-- restarted, reminding anyone twice of one session. The recipient is
-- 'person:ID' for a member or 'email:' and the SHA-256 of a guest's address
-- (no address is kept past the guest's own retention). Only the SHA-256 of
-- the email's "turn reminders off" link is kept; it works once.
CREATE TABLE event_reminders (
  event_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  recipient TEXT NOT NULL,
  off_hash TEXT NOT NULL UNIQUE,
  off_used_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (event_id, occurrence_at, recipient)
);

-- People who want no day-before reminders, by the same keys: a guest has
-- no account, so their (hashed) address stands for them.
CREATE TABLE reminder_opt_outs (
  recipient TEXT PRIMARY KEY NOT NULL,
  created_at TIMESTAMP NOT NULL
);

-- How many times organisers changed or cancelled one session, keyed by its
-- usual start: calendar programs replace an event only when its SEQUENCE
-- goes up.
CREATE TABLE occurrence_sequences (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  occurrence_at TIMESTAMP NOT NULL,
  sequence INTEGER NOT NULL,
  PRIMARY KEY (listing_id, occurrence_at)
);
