-- 0024: when a login was last made active (created, or switched on again),
-- so that the dormant-login sweep counts a login enabled again from then
-- and not from a last login before it was switched off. NULL for none:
-- the sweep counts from the login's creation or last login.
ALTER TABLE carenet.account_credentials ADD COLUMN enabled_at timestamptz;

-- A login active now whose account changed after its last login (or that
-- never logged in) may have been switched on again then, which was not
-- recorded: its clock starts at that change. This errs towards a later
-- sweep (at most one period), never towards disabling a login just
-- switched on.
UPDATE carenet.account_credentials c SET enabled_at = a.updated_at
FROM carenet.accounts a
WHERE a.id = c.account_id AND a.active
  AND (c.last_login_at IS NULL OR c.last_login_at < a.updated_at);
