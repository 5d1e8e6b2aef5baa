DELETE FROM event_rsvps WHERE person_id IS NULL;
ALTER TABLE event_rsvps DROP CONSTRAINT event_rsvps_one_kind;
ALTER TABLE event_rsvps DROP COLUMN guest_id;
ALTER TABLE event_rsvps ALTER COLUMN person_id SET NOT NULL;
DROP TABLE event_guests;
