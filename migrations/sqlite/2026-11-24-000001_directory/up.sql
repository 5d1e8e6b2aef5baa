-- The directory: boroughs, the interest taxonomy, and listings.
--
-- Organisations, groups, events and places share one `listings` table with a
-- `kind` column: they carry the same descriptive fields (interests, cost,
-- audience, first-visit notes, contact, status), so one table keeps the
-- join tables, the search indexer and the editors' workflow single.
-- Times are UTC; recurring events carry an RFC 5545 RRULE expanded in
-- Europe/London time by the application.

CREATE TABLE boroughs (
  id INTEGER PRIMARY KEY NOT NULL,
  code TEXT NOT NULL UNIQUE,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

CREATE TABLE interests (
  id INTEGER PRIMARY KEY NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  parent_id INTEGER REFERENCES interests(id),
  position INTEGER NOT NULL
);

CREATE TABLE listings (
  id INTEGER PRIMARY KEY NOT NULL,
  kind TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  organisation_id INTEGER REFERENCES listings(id),
  place_id INTEGER REFERENCES listings(id),
  opportunity TEXT NOT NULL,
  cost_kind TEXT NOT NULL,
  cost_pence INTEGER,
  cost_note TEXT NOT NULL,
  age_min INTEGER,
  age_max INTEGER,
  first_visit TEXT NOT NULL,
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  website TEXT NOT NULL,
  booking_required BOOLEAN NOT NULL,
  status TEXT NOT NULL,
  address TEXT NOT NULL,
  postcode TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  borough_id INTEGER REFERENCES boroughs(id),
  starts_at TIMESTAMP,
  ends_at TIMESTAMP,
  rrule TEXT,
  last_checked_at TIMESTAMP NOT NULL,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX listings_kind_status ON listings (kind, status, name);
CREATE INDEX listings_borough ON listings (borough_id, status);
CREATE INDEX listings_organisation ON listings (organisation_id);
CREATE INDEX listings_place ON listings (place_id);
CREATE INDEX listings_starts_at ON listings (starts_at);

CREATE TABLE listing_interests (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  interest_id INTEGER NOT NULL REFERENCES interests(id),
  PRIMARY KEY (listing_id, interest_id)
);
CREATE INDEX listing_interests_interest ON listing_interests (interest_id, listing_id);

CREATE TABLE listing_boroughs_served (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  borough_id INTEGER NOT NULL REFERENCES boroughs(id),
  PRIMARY KEY (listing_id, borough_id)
);
CREATE INDEX listing_boroughs_served_borough ON listing_boroughs_served (borough_id, listing_id);

CREATE TABLE listing_audiences (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  audience TEXT NOT NULL,
  PRIMARY KEY (listing_id, audience)
);

CREATE TABLE listing_facilities (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  facility TEXT NOT NULL,
  PRIMARY KEY (listing_id, facility)
);

CREATE TABLE occurrence_cancellations (
  listing_id INTEGER NOT NULL REFERENCES listings(id) ON DELETE CASCADE,
  starts_at TIMESTAMP NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (listing_id, starts_at)
);
