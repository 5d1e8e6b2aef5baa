-- The three-month follow-up after a programme ends: a short set of
-- questions answered by phone (recorded by the team) or through a
-- single-use emailed link that needs no account. When it is due comes
-- from the referral's closing date (referral::tasks), not from this
-- table; a row exists once a link has been sent or an answer recorded.
--
-- Only the SHA-256 of the link's token is kept. Answering, or sending a
-- new link, replaces the hash, so a link works once. Like the rest of the
-- casework, never written to `changes`; goes with its referral (ON DELETE
-- CASCADE) and is deleted on erasure.
CREATE TABLE casework_follow_ups (
  id INTEGER PRIMARY KEY NOT NULL,
  referral_id INTEGER NOT NULL UNIQUE REFERENCES referrals(id) ON DELETE CASCADE,
  link_hash TEXT UNIQUE,
  link_sent_at TIMESTAMP,
  link_expires_at TIMESTAMP,
  -- phone | link; NULL until answered
  answered_how TEXT,
  answered_at TIMESTAMP,
  recorded_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  -- Agreement with each statement, 1 (strongly disagree) to 5 (strongly
  -- agree); NULL when the person preferred not to say.
  more_supported INTEGER CHECK (more_supported BETWEEN 1 AND 5),
  more_independent INTEGER CHECK (more_independent BETWEEN 1 AND 5),
  crisis_better INTEGER CHECK (crisis_better BETWEEN 1 AND 5),
  -- Still going to activities found during the programme.
  still_going BOOLEAN,
  comments TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
