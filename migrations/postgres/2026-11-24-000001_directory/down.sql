DROP TABLE occurrence_cancellations;
DROP TABLE listing_facilities;
DROP TABLE listing_audiences;
DROP TABLE listing_boroughs_served;
DROP TABLE listing_interests;
DROP TABLE listings;
DROP TABLE interests;
DROP TABLE boroughs;
