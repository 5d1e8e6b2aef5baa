DROP TABLE audit_log;
DROP TABLE consents;
DROP TABLE throttles;
DROP TABLE email_tokens;
DROP TABLE sessions;
DROP TABLE organisers;
DROP TABLE person_roles;
DROP TABLE people;
