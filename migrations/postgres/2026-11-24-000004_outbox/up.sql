-- Every email Kith sends, written in the same transaction as the change that
-- caused it and sent afterwards by the mail worker, so an email is never
-- lost when the SMTP server is down or the process restarts, and never sent
-- for a change that rolled back.
--
-- A message is pending while sent_at and failed_at are both NULL; it is due
-- once next_attempt_at has passed. A worker claims a message by moving
-- next_attempt_at forward (a lease) with an UPDATE that only succeeds for
-- the worker that saw the old value, so two Kith nodes sharing one database
-- do not both send it. Times are UTC, set by the application.
CREATE TABLE outbox (
  id SERIAL PRIMARY KEY,
  to_address TEXT NOT NULL,
  to_name TEXT NOT NULL,
  subject TEXT NOT NULL,
  text_body TEXT NOT NULL,
  html_body TEXT NOT NULL,
  reply_to TEXT,
  created_at TIMESTAMP NOT NULL,
  attempts INTEGER NOT NULL,
  next_attempt_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP,
  failed_at TIMESTAMP,
  last_error TEXT
);
-- Only pending messages are indexed: the worker's "what is due?" query reads
-- this small index however many sent messages the table keeps.
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_created_at ON outbox (created_at);
