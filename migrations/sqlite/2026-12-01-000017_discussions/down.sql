DROP TABLE discussion_email_opt_outs;
DROP TABLE discussion_post_versions;
DROP TABLE discussion_posts;
DROP TABLE discussion_threads;
DROP TABLE discussion_settings;
