DROP TABLE event_rsvps;
DROP TABLE community_events;
DROP TABLE group_members;
DROP TABLE community_groups;
