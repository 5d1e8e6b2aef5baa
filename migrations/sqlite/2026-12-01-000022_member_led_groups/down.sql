DROP INDEX member_led_groups_founder;
DROP TABLE member_led_groups;
