-- 0013: reserved. This release holds no migration of this number; one
-- that does replaces this file.
SELECT 1;
