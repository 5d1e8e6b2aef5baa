-- Member-led groups: a group a member started themselves, around an
-- interest, rather than one an organisation runs. A join table rather than
-- a column of listings, so listings, their versions and proposals are
-- unchanged; the founder also gets an organisers row (to edit the listing)
-- and an organiser's membership of the group (to run its members).
CREATE TABLE member_led_groups (
  listing_id INTEGER PRIMARY KEY NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  founder_id INTEGER NOT NULL REFERENCES people(id),
  created_at TIMESTAMP NOT NULL
);
-- How many groups one person has waiting for review.
CREATE INDEX member_led_groups_founder ON member_led_groups (founder_id);
