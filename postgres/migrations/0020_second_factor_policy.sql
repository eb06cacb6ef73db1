-- 0020_second_factor_policy: a security group may require a second factor
-- of its members, and a login with a second factor holds recovery codes.
--
-- require_second_factor is kept for the built-in groups too: it is the one
-- setting of theirs a host changes (Administrator should require one).
ALTER TABLE carenet.security_groups
    ADD COLUMN require_second_factor boolean NOT NULL DEFAULT false;

-- Single-use recovery codes, each standing in once for a one-time code.
-- Only the SHA-256 of a code's normalised form is kept: a code holds 120
-- random bits, enough for a plain hash (NIST SP 800-63B, look-up
-- secrets). A code is deleted when it is used, and all of a login's when
-- new ones are made or its second factor is removed.
CREATE TABLE carenet.recovery_codes (
    id         text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    account_id text COLLATE "C" NOT NULL
        CONSTRAINT recovery_codes_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    code_hash  text COLLATE "C" NOT NULL
        CONSTRAINT recovery_codes_code_hash_check CHECK (code_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz
);
CREATE INDEX recovery_codes_account ON carenet.recovery_codes (account_id);
