-- What changed, in order, for everything that must follow a write: the
-- search index, feeds. Each write adds its row in the same transaction, so a
-- follower that reads this table after a restart misses nothing.
CREATE TABLE changes (
  seq SERIAL PRIMARY KEY,
  entity TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  action TEXT NOT NULL,
  at TIMESTAMP NOT NULL
);
CREATE INDEX changes_at ON changes (at);
