-- 0005_statistics: finer statistics for the username-prefix search.
--
-- Usernames share long prefixes ("user4242" begins "user42420" too), and
-- with the default 100-bucket histogram one bucket spans hundreds of them:
-- a prefix that falls near a bucket boundary can be estimated at a whole
-- bucket, and the planner then joins by reading every person rather than
-- looking up the few matching logins. A 1000-bucket histogram bounds that
-- estimate to a few dozen rows, so the search keeps to its indexes.
ALTER INDEX carenet.accounts_username_key ALTER COLUMN 1 SET STATISTICS 1000;
