-- 0022_passkeys: WebAuthn credentials (passkeys) of logins, and the
-- ceremonies in flight.
--
-- A passkey belongs to one account and goes with it. Its credential ID is
-- unique in the store, so one authenticator's credential answers for one
-- login only. Nothing here is a secret: the private key never leaves the
-- authenticator.
CREATE TABLE carenet.passkeys (
    id                 text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    account_id         text COLLATE "C" NOT NULL
        CONSTRAINT passkeys_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    name               text NOT NULL CONSTRAINT passkeys_name_check CHECK (name <> ''),
    credential_id      bytea NOT NULL CONSTRAINT passkeys_credential_id_check CHECK (length(credential_id) BETWEEN 1 AND 1023),
    public_key         bytea NOT NULL,
    sign_count         bigint NOT NULL DEFAULT 0
        CONSTRAINT passkeys_sign_count_check CHECK (sign_count BETWEEN 0 AND 4294967295),
    aaguid             bytea,
    transports         text[] NOT NULL DEFAULT '{}',
    user_verified      boolean NOT NULL DEFAULT false,
    backup_eligible    boolean NOT NULL DEFAULT false,
    backup_state       boolean NOT NULL DEFAULT false,
    attestation_format text NOT NULL DEFAULT '',
    created_at         timestamptz,
    last_used_at       timestamptz
);
CREATE UNIQUE INDEX passkeys_credential_id_key ON carenet.passkeys (credential_id);
CREATE INDEX passkeys_account ON carenet.passkeys (account_id, created_at, id);

-- Ceremonies begun and not yet answered, by the SHA-256 of their
-- challenge. Answering one deletes it, so a challenge is accepted once;
-- expired ones are deleted as new ones begin. A sign-in ceremony is bound
-- to no account.
CREATE TABLE carenet.passkey_ceremonies (
    challenge_hash text COLLATE "C" PRIMARY KEY CHECK (challenge_hash <> ''),
    purpose        text NOT NULL
        CONSTRAINT passkey_ceremonies_purpose_check CHECK (purpose IN ('register', 'second_factor', 'sign_in')),
    account_id     text COLLATE "C"
        CONSTRAINT passkey_ceremonies_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL,
    CONSTRAINT passkey_ceremonies_account_check CHECK ((purpose = 'sign_in') = (account_id IS NULL))
);
CREATE INDEX passkey_ceremonies_expires_at ON carenet.passkey_ceremonies (expires_at);
CREATE INDEX passkey_ceremonies_account ON carenet.passkey_ceremonies (account_id);
