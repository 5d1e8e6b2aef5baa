DROP INDEX audit_log_subject;
DROP TABLE referral_pauses;
DROP TABLE referral_events;
DROP TABLE referral_interests;
DROP TABLE referral_referrers;
DROP TABLE referral_people;
DROP TABLE referrals;
DROP TABLE referral_services;
