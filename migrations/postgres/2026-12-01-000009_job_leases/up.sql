-- Leases on background jobs that must run on one node at a time when
-- several share a database (the hourly freshness reminders). A node runs a
-- job only after claiming its row; a claim succeeds when the row is absent,
-- has expired, or is already the claimant's. Times are UTC, set by the
-- application.
CREATE TABLE job_leases (
  name TEXT NOT NULL PRIMARY KEY,
  -- Who holds it: a name unique to one running node (process id and a
  -- random part).
  holder TEXT NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
