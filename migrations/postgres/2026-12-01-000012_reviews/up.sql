-- The 6-week review and the final meeting as records: when it was held,
-- who held it, what has gone well and what happens next. One of each per
-- referral: saving again replaces it. When they are due comes from the
-- programme start and its pauses (referral::tasks), not from this table.
-- Like the rest of the casework, never written to `changes`; goes with
-- its referral (ON DELETE CASCADE) and is deleted on erasure.
CREATE TABLE casework_reviews (
  id SERIAL PRIMARY KEY,
  referral_id INTEGER NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,
  -- six_week | final
  kind TEXT NOT NULL,
  held_on DATE NOT NULL,
  held_by INTEGER REFERENCES people(id) ON DELETE SET NULL,
  gone_well TEXT NOT NULL,
  next_steps TEXT NOT NULL,
  recorded_at TIMESTAMP NOT NULL,
  UNIQUE (referral_id, kind)
);
