DROP TABLE casework_follow_ups;
