DROP TABLE safety_activity;
DROP TABLE held_posts;
DROP TABLE group_bans;
DROP TABLE account_sanctions;
DROP TABLE moderation_log;
DROP TABLE moderation_notes;
DROP TABLE moderation_reports;
