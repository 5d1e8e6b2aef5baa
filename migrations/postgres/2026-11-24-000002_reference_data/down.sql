DELETE FROM interests WHERE parent_id IS NOT NULL;
DELETE FROM interests;
DELETE FROM boroughs;
