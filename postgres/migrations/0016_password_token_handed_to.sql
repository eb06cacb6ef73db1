-- 0016: a password link records the account of the actor its token was
-- handed to (empty when it was delivered to the login's holder, or given
-- to the system or to the holder), so that its redemption checks that
-- the actor still reaches all the login reaches.
ALTER TABLE carenet.password_tokens ADD COLUMN handed_to text COLLATE "C" NOT NULL DEFAULT '';
