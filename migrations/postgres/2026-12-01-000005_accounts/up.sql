-- People with accounts, their roles, sessions, emailed tokens, throttles,
-- consent and the audit log.
--
-- Ids are integers like every other table; no person id ever appears in a
-- public page. Times are UTC, set by the application. Emails are stored
-- lower-cased so one address is one account.

CREATE TABLE people (
  id SERIAL PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  -- NULL for people who sign in only by emailed link.
  password_hash TEXT,
  email_verified_at TIMESTAMP,
  -- For professionals: what they do and where, shown to admins who confirm them.
  job_title TEXT NOT NULL,
  work_organisation TEXT NOT NULL,
  -- none | pending | confirmed | refused
  professional_status TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  -- Set when the account is deleted: the row stays as an anonymous stub so
  -- public contributions keep an author.
  deleted_at TIMESTAMP
);

-- Site-wide roles beyond "member", which everyone with an account is.
CREATE TABLE person_roles (
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  granted_at TIMESTAMP NOT NULL,
  granted_by INTEGER REFERENCES people(id),
  PRIMARY KEY (person_id, role)
);

-- Who runs which organisation's listings (the per-organisation role).
CREATE TABLE organisers (
  listing_id INTEGER NOT NULL REFERENCES listings(id),
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  added_at TIMESTAMP NOT NULL,
  PRIMARY KEY (listing_id, person_id)
);
CREATE INDEX organisers_person ON organisers (person_id);

-- One row per signed-in browser. The session cookie's JWT names its row, and
-- every request checks it, so revoking a row signs that browser out at once.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY NOT NULL,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  created_at TIMESTAMP NOT NULL,
  last_seen_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  revoked_at TIMESTAMP,
  user_agent TEXT NOT NULL
);
CREATE INDEX sessions_person ON sessions (person_id);

-- Single-use links sent by email: verify an address, sign in, reset a
-- password, change email, join an organisation. Only a hash of the token is
-- kept, so a copy of the database cannot be used to sign in.
CREATE TABLE email_tokens (
  id SERIAL PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  purpose TEXT NOT NULL,
  person_id INTEGER REFERENCES people(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  listing_id INTEGER REFERENCES listings(id),
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL,
  used_at TIMESTAMP
);
CREATE INDEX email_tokens_person ON email_tokens (person_id, purpose);

-- Failed or costly attempts per key ("sign-in:account:ann@example.org",
-- "sign-in:address:192.0.2.1"), for rate limits and lockout with back-off.
CREATE TABLE throttles (
  key TEXT PRIMARY KEY NOT NULL,
  attempts INTEGER NOT NULL,
  window_started_at TIMESTAMP NOT NULL,
  locked_until TIMESTAMP,
  lockouts INTEGER NOT NULL
);

-- What someone agreed to, when, and to which wording.
CREATE TABLE consents (
  id SERIAL PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,
  wording_version TEXT NOT NULL,
  given_at TIMESTAMP NOT NULL,
  withdrawn_at TIMESTAMP
);
CREATE INDEX consents_person ON consents (person_id);

-- Append-only: every read or change of someone's personal record by
-- somebody else. No foreign keys, so the log outlives what it describes.
CREATE TABLE audit_log (
  id SERIAL PRIMARY KEY,
  at TIMESTAMP NOT NULL,
  actor_id INTEGER,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  subject_person_id INTEGER,
  reason TEXT NOT NULL
);
CREATE INDEX audit_log_subject_person ON audit_log (subject_person_id, at);
