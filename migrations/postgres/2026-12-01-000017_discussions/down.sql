DROP TABLE discussion_post_versions;
DROP TABLE discussion_posts;
DROP TABLE discussion_threads;
DROP TABLE discussion_settings;
