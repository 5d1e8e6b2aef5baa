DROP TABLE occurrence_sequences;
DROP TABLE reminder_opt_outs;
DROP TABLE event_reminders;
DROP TABLE outbox_attachments;
