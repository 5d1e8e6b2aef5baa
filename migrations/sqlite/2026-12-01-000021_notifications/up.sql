-- Notifications: each member's email settings (replies, new events in
-- their groups, the weekly digest; day-before reminders stay in
-- reminder_opt_outs, which the link in every reminder also writes), groups
-- a member has muted, the digest's interests and borough, the weeks a
-- digest was sent, and the events whose "new event" emails were queued.

-- One row per member who has saved their settings; no row means the
-- defaults (replies and new events on, digest off).
CREATE TABLE notification_settings (
  person_id INTEGER PRIMARY KEY NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  replies BOOLEAN NOT NULL,
  new_events BOOLEAN NOT NULL,
  digest BOOLEAN NOT NULL,
  borough_id INTEGER REFERENCES boroughs(id),
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX notification_settings_digest ON notification_settings (digest, person_id);

-- A group whose reply and new-event emails a member does not want.
CREATE TABLE group_notification_mutes (
  group_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX group_notification_mutes_person ON group_notification_mutes (person_id);

-- One row per member and ISO week ('2026-W49') a digest was considered
-- for: the key stops a restart or a second server sending twice. Only the
-- SHA-256 of the email's unsubscribe link is kept.
CREATE TABLE digest_sends (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  week TEXT NOT NULL,
  off_hash TEXT NOT NULL UNIQUE,
  off_used_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (person_id, week)
);

-- Events whose group members were told about them, so each is announced
-- once however often it is edited and published again.
CREATE TABLE event_announcements (
  event_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  created_at TIMESTAMP NOT NULL
);

-- New listings (the digest and the member's home) and old reminder
-- records (pruned hourly).
CREATE INDEX listings_status_created ON listings (status, created_at);
CREATE INDEX event_reminders_created ON event_reminders (created_at);
