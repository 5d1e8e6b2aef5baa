DROP TABLE contact_replies;
DROP TABLE contact_recipients;
DROP TABLE contact_messages;
DROP TABLE direct_messages;
DROP TABLE blocks;
DROP TABLE profile_interests;
DROP TABLE profiles;
