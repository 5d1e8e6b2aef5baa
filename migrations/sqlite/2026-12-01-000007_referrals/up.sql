-- Referrals to the connecting team: self-referrals and referrals by
-- professionals, the team's workflow over them, and the programmes they run.
--
-- None of this is ever written to `changes`: search and feeds must never
-- see a referral. Times are UTC, set by the application. People referred
-- usually have no account, so their details live here, not in `people`.

-- What the team offers and how long it lasts: a number of weeks or a number
-- of sessions (exactly one), because some services run at the person's own
-- pace and count meetings instead of weeks.
CREATE TABLE referral_services (
  id INTEGER PRIMARY KEY NOT NULL,
  name TEXT NOT NULL UNIQUE,
  programme_weeks INTEGER,
  programme_sessions INTEGER,
  created_at TIMESTAMP NOT NULL,
  CHECK ((programme_weeks IS NULL) <> (programme_sessions IS NULL)),
  CHECK (programme_weeks IS NULL OR programme_weeks > 0),
  CHECK (programme_sessions IS NULL OR programme_sessions > 0)
);

-- One referral and where the team's work on it stands. The person's and
-- the referrer's details are in their own tables, so the queue and
-- caseload counts read no personal data and erasing deletes those rows.
-- `idempotency_key` is the random token of the form that was submitted:
-- UNIQUE, so a double submission can never make a second referral.
-- `reference` is the short code people quote on the phone (KC-7F3K9).
CREATE TABLE referrals (
  id INTEGER PRIMARY KEY NOT NULL,
  reference TEXT NOT NULL UNIQUE,
  idempotency_key TEXT NOT NULL UNIQUE,
  -- self | professional
  kind TEXT NOT NULL,
  -- new | first_call | assessment | allocated | active | closed
  status TEXT NOT NULL,
  borough_id INTEGER REFERENCES boroughs(id),
  consent_wording_version TEXT NOT NULL,
  consent_given_at TIMESTAMP NOT NULL,
  -- The signed-in professional who referred, when there was one.
  referrer_person_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  person_agreed BOOLEAN NOT NULL,
  referrer_wants_updates BOOLEAN NOT NULL,
  -- The person agreed that the referrer hears how it is going.
  updates_consent BOOLEAN NOT NULL,
  first_contact_at TIMESTAMP,
  suitable BOOLEAN,
  suitability_reason TEXT NOT NULL,
  assessment_booked_for TIMESTAMP,
  assessment_held_at TIMESTAMP,
  -- low | medium | high
  complexity TEXT,
  worker_id INTEGER REFERENCES people(id),
  allocated_at TIMESTAMP,
  service_id INTEGER REFERENCES referral_services(id),
  started_at TIMESTAMP,
  sessions_held INTEGER NOT NULL,
  reviewed_at TIMESTAMP,
  closed_at TIMESTAMP,
  -- completed | disengaged | declined | not_suitable | referred_elsewhere
  outcome TEXT,
  referred_to TEXT NOT NULL,
  closing_summary TEXT NOT NULL,
  -- Set when erased on request or by retention: the row stays as a stub
  -- (reference, dates, outcome) so counts stay true.
  anonymised_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
-- The shared queue (open and unallocated, oldest first).
CREATE INDEX referrals_queue ON referrals (status, worker_id, created_at);
-- Caseloads: each worker's open referrals.
CREATE INDEX referrals_worker ON referrals (worker_id, status);
-- Retention walks closed referrals by closing date.
CREATE INDEX referrals_closed ON referrals (closed_at);

-- The person referred: name, how and when to reach them, and what they
-- shared. Deleted when the referral is erased.
CREATE TABLE referral_people (
  referral_id INTEGER PRIMARY KEY NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL,
  contact_by_phone BOOLEAN NOT NULL,
  contact_by_text BOOLEAN NOT NULL,
  contact_by_email BOOLEAN NOT NULL,
  contact_times TEXT NOT NULL,
  -- NULL: not said.
  safe_to_leave_message BOOLEAN,
  postcode TEXT,
  interests_other TEXT NOT NULL,
  barriers TEXT NOT NULL,
  access_needs TEXT NOT NULL
);

-- The professional who referred (professional referrals only): who they
-- are, how to reach them, why they referred and the risks they know of.
CREATE TABLE referral_referrers (
  referral_id INTEGER PRIMARY KEY NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  organisation TEXT NOT NULL,
  email TEXT NOT NULL,
  phone TEXT NOT NULL,
  reason TEXT NOT NULL,
  risks TEXT NOT NULL
);

-- What the person enjoys or would like to try, from the interest taxonomy.
CREATE TABLE referral_interests (
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  interest_id INTEGER NOT NULL REFERENCES interests(id),
  PRIMARY KEY (referral_id, interest_id)
);

-- The timeline: every step of a referral, who took it and when, and every
-- email it caused, so the team can always see what happened.
CREATE TABLE referral_events (
  id INTEGER PRIMARY KEY NOT NULL,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  at TIMESTAMP NOT NULL,
  actor_id INTEGER REFERENCES people(id),
  kind TEXT NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX referral_events_referral ON referral_events (referral_id, at);

-- Breaks in a programme (ill-health and the like): the clock stops while a
-- pause is open, so due dates move on by its length.
CREATE TABLE referral_pauses (
  id INTEGER PRIMARY KEY NOT NULL,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  started_at TIMESTAMP NOT NULL,
  ended_at TIMESTAMP,
  reason TEXT NOT NULL
);
CREATE INDEX referral_pauses_referral ON referral_pauses (referral_id);

-- Managers read the audit trail of one referral (`subject` = referral:ID).
CREATE INDEX audit_log_subject ON audit_log (subject, at);
