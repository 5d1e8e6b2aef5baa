DROP INDEX event_reminders_created;
DROP INDEX listings_status_created;
DROP TABLE event_announcements;
DROP TABLE digest_sends;
DROP TABLE group_notification_mutes;
DROP TABLE notification_settings;
