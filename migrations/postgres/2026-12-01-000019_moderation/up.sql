-- Safety and moderation: reports of posts, groups, events and people; the
-- moderators' notes and what they did; suspensions and site bans; bans
-- from one group; and posts held for a moderator before anyone else sees
-- them. Times are UTC, set by the application.

-- One report: who reported what and why. `subject_kind` is `post`,
-- `group`, `event` or `person` and `subject_id` its id; `listing_id` is the
-- group or event whose organisers see it too (NULL: editors only). A post held by the
-- safety rules is a report with no reporter. Open reports have
-- `closed_at` NULL.
CREATE TABLE moderation_reports (
  id SERIAL PRIMARY KEY,
  reporter_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  subject_kind TEXT NOT NULL,
  subject_id INTEGER NOT NULL,
  -- The person the report is about, when there is one (a post's author).
  subject_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  listing_id INTEGER REFERENCES listings(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  details TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  closed_at TIMESTAMP,
  closed_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  -- What was done, e.g. `dismissed`, `hidden`; '' while open.
  outcome TEXT NOT NULL
);
CREATE INDEX moderation_reports_open ON moderation_reports (closed_at, created_at);
CREATE INDEX moderation_reports_subject ON moderation_reports (subject_kind, subject_id, reporter_id);
CREATE INDEX moderation_reports_listing ON moderation_reports (listing_id, closed_at);

-- Notes between moderators about one report.
CREATE TABLE moderation_notes (
  id SERIAL PRIMARY KEY,
  report_id INTEGER NOT NULL REFERENCES moderation_reports(id) ON DELETE CASCADE,
  author_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_notes_report ON moderation_notes (report_id, id);

-- Everything moderators did, for the editors: who did what to whom, when
-- and why. Append-only.
CREATE TABLE moderation_log (
  id SERIAL PRIMARY KEY,
  actor_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  action TEXT NOT NULL,
  subject_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  report_id INTEGER REFERENCES moderation_reports(id) ON DELETE SET NULL,
  listing_id INTEGER REFERENCES listings(id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_log_created ON moderation_log (created_at);

-- Suspensions (`ends_at` set) and site bans (`ends_at` NULL) of an account.
-- A row stops applying when `ends_at` has passed.
CREATE TABLE account_sanctions (
  id SERIAL PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  reason TEXT NOT NULL,
  ends_at TIMESTAMP,
  created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX account_sanctions_person ON account_sanctions (person_id, kind);

-- People banned from one group: they cannot join again or post there.
CREATE TABLE group_bans (
  group_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  reason TEXT NOT NULL,
  created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (group_id, person_id)
);

-- Posts waiting for a moderator (a new account's link, a listed word):
-- saved, shown to their author, hidden from everyone else.
CREATE TABLE held_posts (
  post_id INTEGER PRIMARY KEY NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
  report_id INTEGER NOT NULL REFERENCES moderation_reports(id) ON DELETE CASCADE,
  held_at TIMESTAMP NOT NULL
);

-- What a new account did, for its rate limits (`post`, `message`): one row
-- per thread, reply or message while the account is new.
CREATE TABLE safety_activity (
  id SERIAL PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  activity TEXT NOT NULL,
  at TIMESTAMP NOT NULL
);
CREATE INDEX safety_activity_person ON safety_activity (person_id, activity, at);
