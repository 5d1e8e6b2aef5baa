-- Casework on a referral: the outcome measures taken at the start and the
-- end of the programme, the log of every contact with the person, their
-- goals and steps, barriers, strengths and social network map.
--
-- Like the referral itself, none of this is ever written to `changes`.
-- Every row hangs off a referral and goes with it (ON DELETE CASCADE);
-- erasure (referral::privacy) deletes the rows that describe the person
-- and blanks the notes of the rest. Dates are London dates; times are UTC,
-- set by the application.

-- One questionnaire answered at one point of the programme: SWEMWBS,
-- ONS4 or the UCLA 3-item loneliness scale. `responses` holds the item
-- answers as whole numbers separated by spaces ("4 3 3 2 4 3 3"), checked
-- against the instrument by the application; `total` is their sum, kept so
-- reports can average it without parsing. One per instrument and point:
-- recording it again replaces it.
CREATE TABLE casework_measures (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  -- swemwbs | ons4 | ucla3
  instrument TEXT NOT NULL,
  -- start | end | follow_up
  point TEXT NOT NULL,
  taken_on DATE NOT NULL,
  responses TEXT NOT NULL,
  total INTEGER NOT NULL,
  recorded_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  recorded_at TIMESTAMP NOT NULL,
  UNIQUE (referral_id, instrument, point)
);

-- Every contact between the team and the person: how (face to face,
-- phone, text, email, video, accompanied visit), on which day, for how
-- many minutes, by whom, and a short note.
CREATE TABLE casework_contacts (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  contact_on DATE NOT NULL,
  -- face_to_face | phone | text | email | video | accompanied
  mode TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes >= 0),
  worker_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
  note TEXT NOT NULL,
  recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_contacts_referral ON casework_contacts (referral_id, contact_on);

-- Goals in the person's own words, and the small steps towards each: when,
-- where (a listing in the directory, optional), what kind of activity it
-- is (for the team's figures), and how it is going.
CREATE TABLE casework_goals (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  words TEXT NOT NULL,
  created_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_goals_referral ON casework_goals (referral_id);

CREATE TABLE casework_steps (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  goal_id INTEGER NOT NULL REFERENCES casework_goals(id) ON DELETE CASCADE,
  words TEXT NOT NULL,
  due_on DATE,
  listing_id INTEGER REFERENCES listings(id) ON DELETE SET NULL,
  -- volunteering | accredited_course | course | paid_work | exercise |
  -- skills_creative | social; NULL when the step is not an activity
  activity TEXT,
  -- planned | tried | regular | stopped
  status TEXT NOT NULL,
  stopped_why TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_steps_referral ON casework_steps (referral_id);

-- What makes taking part hard, from a fixed checklist, with notes and what
-- was done about each: one row per barrier ticked.
CREATE TABLE casework_barriers (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  -- anxiety | physical_health | money | transport | caring | stigma |
  -- information | access
  barrier TEXT NOT NULL,
  note TEXT NOT NULL,
  done TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  UNIQUE (referral_id, barrier)
);

-- Strengths and assets: what the person is good at, cares about and has
-- done, and the coach's own strengths and contacts that could help.
CREATE TABLE casework_strengths (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  -- person | coach
  whose TEXT NOT NULL,
  words TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_strengths_referral ON casework_strengths (referral_id);

-- The person's social network map at the start and at the end: people in
-- three rings by closeness (1 closest). Third parties, so first name or
-- initials and the relationship only. `is_new`: met during the programme.
CREATE TABLE casework_network (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  -- start | end
  point TEXT NOT NULL,
  name TEXT NOT NULL,
  relationship TEXT NOT NULL,
  ring INTEGER NOT NULL CHECK (ring BETWEEN 1 AND 3),
  is_new BOOLEAN NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX casework_network_referral ON casework_network (referral_id, point);
