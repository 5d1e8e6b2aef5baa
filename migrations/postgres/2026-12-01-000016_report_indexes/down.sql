DROP INDEX casework_follow_ups_answered;
DROP INDEX casework_contacts_day;
