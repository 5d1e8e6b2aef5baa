DROP TABLE problem_reports;
DROP TABLE freshness_reminders;
DROP TABLE organisation_claims;
DROP TABLE proposals;
DROP TABLE trusted_organisations;
DROP TABLE listing_versions;
