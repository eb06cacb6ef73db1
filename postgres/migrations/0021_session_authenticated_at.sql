-- 0021: a session records when its user last gave their credentials: the
-- login that opened it, or a later re-authentication in it. Sensitive
-- actions need that to be recent. Sessions opened before this version
-- were authenticated when they were created.
ALTER TABLE carenet.sessions ADD COLUMN authenticated_at timestamptz;
UPDATE carenet.sessions SET authenticated_at = created_at;
