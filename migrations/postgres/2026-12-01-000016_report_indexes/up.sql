-- The impact report (referral::report) sums the contacts logged on days in
-- a period and reads the follow-ups answered in it; both by date, across
-- every referral, which the per-referral indexes cannot serve. The
-- contacts index also holds what the sum needs, so it is read alone.
CREATE INDEX casework_contacts_day ON casework_contacts (contact_on, referral_id, minutes);
CREATE INDEX casework_follow_ups_answered ON casework_follow_ups (answered_at);
