-- 0001_init: the tables of the audit, auth and personnel packages.
--
-- Everything lives in the schema "carenet" so the store can share a database
-- with a host's own tables. A NULL time is the zero time.Time: the store
-- keeps what it is given and the services decide which times are required. Identifiers and keys the store orders or compares
-- are COLLATE "C": byte order, the same order Go's string comparison gives,
-- and the collation under which a btree index serves LIKE 'prefix%'.

CREATE SCHEMA IF NOT EXISTS carenet;

-- Applied migrations. Store.Migrate records each file here in the transaction
-- that applies it.
CREATE TABLE carenet.schema_migrations (
    version    integer PRIMARY KEY CHECK (version >= 1),
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(),
    checksum   text NOT NULL
);

-- Personnel profiles. family_key, given_key and agency_key hold
-- personnel.Fold of the names and agency, computed by the store on write.
CREATE TABLE carenet.people (
    id               text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    given_name       text NOT NULL DEFAULT '',
    middle_name      text NOT NULL DEFAULT '',
    family_name      text NOT NULL DEFAULT '',
    suffix           text NOT NULL DEFAULT '',
    title            text NOT NULL DEFAULT '',
    agency           text NOT NULL DEFAULT '',
    agency_kind      text NOT NULL DEFAULT ''
        CONSTRAINT people_agency_kind_check CHECK (agency_kind IN ('', 'cac', 'law_enforcement',
            'child_protective_services', 'prosecution', 'medical', 'mental_health', 'other')),
    email            text NOT NULL DEFAULT '',
    phone            text NOT NULL DEFAULT '',
    state            text NOT NULL
        CONSTRAINT people_state_check CHECK (state IN ('active', 'inactive')),
    state_changed_at timestamptz,
    state_reason     text NOT NULL DEFAULT '',
    state_changed_by text NOT NULL DEFAULT '',
    start_date       timestamptz,
    end_date         timestamptz,
    created_at       timestamptz,
    updated_at       timestamptz,
    version          bigint NOT NULL CONSTRAINT people_version_check CHECK (version >= 1),
    family_key       text COLLATE "C" NOT NULL,
    given_key        text COLLATE "C" NOT NULL,
    agency_key       text COLLATE "C" NOT NULL
);

-- The search order (and keyset pagination) and the family-name prefix match.
CREATE INDEX people_search_order ON carenet.people (family_key, given_key, id);
-- The given-name prefix match.
CREATE INDEX people_given_key ON carenet.people (given_key);
-- The agency filter.
CREATE INDEX people_agency_key ON carenet.people (agency_key);
-- The end-date sweep: only active people with an end date.
CREATE INDEX people_end_date_sweep ON carenet.people (end_date)
    WHERE state = 'active' AND end_date IS NOT NULL;

-- Security groups. Permissions are kept by name (auth.Permission.String);
-- name_key is the lower-cased name, unique.
CREATE TABLE carenet.security_groups (
    id          text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    name        text NOT NULL,
    name_key    text COLLATE "C" NOT NULL,
    description text NOT NULL DEFAULT '',
    permissions text[] NOT NULL DEFAULT '{}',
    built_in    boolean NOT NULL DEFAULT false,
    created_at  timestamptz,
    updated_at  timestamptz,
    version     bigint NOT NULL CONSTRAINT security_groups_version_check CHECK (version >= 1)
);
CREATE UNIQUE INDEX security_groups_name_key ON carenet.security_groups (name_key);

-- Logins: at most one per person; a person with a login cannot be deleted
-- (InUse) until the login is. Usernames are stored normalised (lower case);
-- the unique index serves the login lookup (=) and the username-prefix
-- search (LIKE 'x%').
CREATE TABLE carenet.accounts (
    id                 text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    person_id          text COLLATE "C" NOT NULL
        CONSTRAINT accounts_person_id_fkey REFERENCES carenet.people (id),
    username           text NOT NULL
        CONSTRAINT accounts_username_check CHECK (username = lower(username) AND username <> ''),
    active             boolean NOT NULL,
    portal_enabled     boolean NOT NULL DEFAULT false,
    portal_video       boolean NOT NULL DEFAULT false,
    portal_referral    boolean NOT NULL DEFAULT false,
    portal_carenet     boolean NOT NULL DEFAULT false,
    created_in_release text NOT NULL DEFAULT '',
    totp_enabled       boolean NOT NULL DEFAULT false,
    created_at         timestamptz,
    updated_at         timestamptz,
    version            bigint NOT NULL CONSTRAINT accounts_version_check CHECK (version >= 1),
    CONSTRAINT accounts_person_id_key UNIQUE (person_id)
);
CREATE UNIQUE INDEX accounts_username_key ON carenet.accounts (lower(username) text_pattern_ops);

-- An account's secrets and login-throttling state, apart from the account so
-- that ordinary reads never carry them.
CREATE TABLE carenet.account_credentials (
    account_id      text COLLATE "C" PRIMARY KEY
        CONSTRAINT account_credentials_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    password_hash   text NOT NULL,
    password_set_at timestamptz,
    totp_secret     bytea,
    totp_last_step  bigint NOT NULL DEFAULT 0,
    failed_logins   integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until    timestamptz,
    last_login_at   timestamptz
);

-- The security groups applied to an account, in the order given. A group an
-- account is in cannot be deleted (InUse).
CREATE TABLE carenet.account_groups (
    account_id text COLLATE "C" NOT NULL
        CONSTRAINT account_groups_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    group_id   text COLLATE "C" NOT NULL
        CONSTRAINT account_groups_group_id_fkey REFERENCES carenet.security_groups (id),
    position   integer NOT NULL,
    PRIMARY KEY (account_id, group_id)
);
CREATE INDEX account_groups_group_id ON carenet.account_groups (group_id);

-- Sessions, by the SHA-256 of their token. A login that held a session
-- cannot be deleted (InUse).
CREATE TABLE carenet.sessions (
    id             text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    account_id     text COLLATE "C" NOT NULL
        CONSTRAINT sessions_account_id_fkey REFERENCES carenet.accounts (id),
    token_hash     text NOT NULL,
    created_at     timestamptz,
    last_seen_at   timestamptz,
    expires_at     timestamptz,
    revoked_at     timestamptz,
    revoked_reason text NOT NULL DEFAULT '',
    user_agent     text NOT NULL DEFAULT '',
    remote_addr    text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX sessions_token_hash_key ON carenet.sessions (token_hash);
CREATE INDEX sessions_account ON carenet.sessions (account_id, created_at DESC NULLS LAST);

-- Password set and reset links, by the SHA-256 of their token.
CREATE TABLE carenet.password_tokens (
    id         text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    account_id text COLLATE "C" NOT NULL
        CONSTRAINT password_tokens_account_id_fkey REFERENCES carenet.accounts (id) ON DELETE CASCADE,
    purpose    text NOT NULL
        CONSTRAINT password_tokens_purpose_check CHECK (purpose IN ('set_password', 'reset_password')),
    token_hash text NOT NULL,
    created_at timestamptz,
    expires_at timestamptz,
    used_at    timestamptz,
    created_by text NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX password_tokens_token_hash_key ON carenet.password_tokens (token_hash);
CREATE INDEX password_tokens_account ON carenet.password_tokens (account_id);

-- Personnel groups; name_key is personnel.Fold(name), unique.
CREATE TABLE carenet.personnel_groups (
    id          text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    name        text NOT NULL,
    name_key    text COLLATE "C" NOT NULL,
    description text NOT NULL DEFAULT '',
    created_at  timestamptz,
    updated_at  timestamptz,
    version     bigint NOT NULL CONSTRAINT personnel_groups_version_check CHECK (version >= 1)
);
CREATE UNIQUE INDEX personnel_groups_name_key ON carenet.personnel_groups (name_key);

-- Personnel group memberships. Deleting a group or a person removes them.
CREATE TABLE carenet.personnel_group_members (
    group_id  text COLLATE "C" NOT NULL
        CONSTRAINT personnel_group_members_group_id_fkey REFERENCES carenet.personnel_groups (id) ON DELETE CASCADE,
    person_id text COLLATE "C" NOT NULL
        CONSTRAINT personnel_group_members_person_id_fkey REFERENCES carenet.people (id) ON DELETE CASCADE,
    added_at  timestamptz,
    PRIMARY KEY (group_id, person_id)
);
CREATE INDEX personnel_group_members_person ON carenet.personnel_group_members (person_id);

-- The audit log: append-only, hash-chained. details is the JSON object of
-- the event's details (JSON null when it has none).
CREATE TABLE carenet.audit_events (
    seq         bigint PRIMARY KEY CHECK (seq >= 1),
    id          text NOT NULL,
    at          timestamptz,
    actor_id    text NOT NULL DEFAULT '',
    action      text NOT NULL,
    target_type text NOT NULL DEFAULT '',
    target_id   text NOT NULL DEFAULT '',
    details     jsonb NOT NULL CHECK (jsonb_typeof(details) IN ('object', 'null')),
    prev_hash   text NOT NULL,
    hash        text NOT NULL
);
CREATE INDEX audit_events_actor ON carenet.audit_events (actor_id, seq);
CREATE INDEX audit_events_target ON carenet.audit_events (target_type, target_id, seq);

-- The head of the chain: one row, locked by every append, so two
-- transactions never seal after the same event.
CREATE TABLE carenet.audit_head (
    id   boolean PRIMARY KEY DEFAULT true CHECK (id),
    seq  bigint NOT NULL CHECK (seq >= 0),
    hash text NOT NULL
);
INSERT INTO carenet.audit_head (id, seq, hash) VALUES (true, 0, '');

-- The log is append-only in the database itself: UPDATE, DELETE and
-- TRUNCATE of the events, and anything but a one-step advance of the head,
-- are refused whoever asks.
CREATE FUNCTION carenet.audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '%.% is append-only: % refused', TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'P0001';
END;
$$;

CREATE TRIGGER audit_events_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON carenet.audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION carenet.audit_refuse_change();

CREATE FUNCTION carenet.audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.seq <> OLD.seq + 1 THEN
        RAISE EXCEPTION 'carenet.audit_head only advances one event at a time: % refused', TG_OP
            USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER audit_head_advance_only
    BEFORE UPDATE OR DELETE ON carenet.audit_head
    FOR EACH ROW EXECUTE FUNCTION carenet.audit_head_advance();

CREATE TRIGGER audit_head_no_truncate
    BEFORE TRUNCATE ON carenet.audit_head
    FOR EACH STATEMENT EXECUTE FUNCTION carenet.audit_refuse_change();
