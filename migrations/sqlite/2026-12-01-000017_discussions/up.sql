-- Group discussions: threads and replies among a group's members, what the
-- organisers did to keep them kind (pinned, locked, hidden) and every
-- earlier wording of an edited post. Times are UTC, set by the application.

-- Who may read a group's discussions. A group without a row keeps them to
-- its members: many members are vulnerable and talk more freely among
-- people they have joined, so opening them up is the organisers' choice.
CREATE TABLE discussion_settings (
  group_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  public BOOLEAN NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- One discussion: its title and its organisers' flags. Its first post (the
-- lowest id) is what the author wrote when starting it.
CREATE TABLE discussion_threads (
  id INTEGER PRIMARY KEY NOT NULL,
  group_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  -- Pinned threads come first in the list.
  pinned BOOLEAN NOT NULL,
  -- A locked thread takes no more replies or edits.
  locked BOOLEAN NOT NULL,
  -- Replies (not counting the first post), kept here so the list needs no
  -- count per thread.
  replies INTEGER NOT NULL,
  created_at TIMESTAMP NOT NULL,
  -- The newest post: the list shows the liveliest discussions first.
  last_post_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_threads_group ON discussion_threads (group_id, pinned, last_post_at);

-- What people wrote. A hidden post keeps its text for the organisers;
-- members see that it was hidden.
CREATE TABLE discussion_posts (
  id INTEGER PRIMARY KEY NOT NULL,
  thread_id INTEGER NOT NULL REFERENCES discussion_threads(id) ON DELETE CASCADE,
  author_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  -- The last time its author changed it; NULL: never edited.
  edited_at TIMESTAMP,
  hidden_at TIMESTAMP,
  -- The organiser who hid it.
  hidden_by INTEGER REFERENCES people(id) ON DELETE SET NULL
);
CREATE INDEX discussion_posts_thread ON discussion_posts (thread_id, id);

-- The wording a post had before each edit, so organisers can see what was
-- said before it was changed.
CREATE TABLE discussion_post_versions (
  id INTEGER PRIMARY KEY NOT NULL,
  post_id INTEGER NOT NULL REFERENCES discussion_posts(id) ON DELETE CASCADE,
  -- The thread's title at the time, for a first post; '' for replies.
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  -- When this wording was written and when an edit replaced it.
  written_at TIMESTAMP NOT NULL,
  replaced_at TIMESTAMP NOT NULL
);
CREATE INDEX discussion_post_versions_post ON discussion_post_versions (post_id);

-- Members who asked not to be emailed about replies in one group's
-- discussions. Everyone else who wrote in a discussion hears of replies.
CREATE TABLE discussion_email_opt_outs (
  group_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (group_id, person_id)
);
CREATE INDEX discussion_email_opt_outs_person ON discussion_email_opt_outs (person_id);
