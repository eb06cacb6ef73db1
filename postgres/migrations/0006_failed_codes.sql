-- 0006_failed_codes: count wrong one-time codes apart from wrong passwords.
--
-- A wrong code given with the right password says the password is known to
-- someone else. While such failures stay below the lockout threshold, the
-- right password with a valid code opens an account that password guesses
-- have locked, so guessing cannot keep a second-factor owner out; past it,
-- only a password link (which clears both counts) does.
ALTER TABLE carenet.account_credentials
    ADD COLUMN failed_codes integer NOT NULL DEFAULT 0 CHECK (failed_codes >= 0);
