-- 0004_referrals: the table of the referral package.
--
-- As in 0001_init, identifiers and keys are COLLATE "C", so the orders below
-- are Go's string order and equality is byte for byte. The form's top-level
-- fields are columns; its nested parts (children, household, offenders,
-- allegations, services, the LE and CPS parts, attachments) and the history
-- are jsonb as encoding/json writes them: a nil list or part is JSON null,
-- an empty list [], so each comes back as it went in. jsonb cannot hold NUL
-- or text that is not UTF-8; the referral package refuses both before a
-- referral reaches the store, and the store refuses them too (Invalid).
-- Times are kept to the microsecond, as carenet.Timestamp gives them.

CREATE TABLE carenet.referrals (
    id                 text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    submitter_id       text COLLATE "C" NOT NULL
        CONSTRAINT referrals_submitter_id_fkey REFERENCES carenet.people (id),
    -- The key of the call that made the referral; '' for none.
    idempotency_key    text COLLATE "C" NOT NULL DEFAULT '',
    status             text NOT NULL
        CONSTRAINT referrals_status_check CHECK (status IN ('draft', 'submitted', 'under_review',
            'info_requested', 'rejected', 'accepted', 'merged', 'deleted')),
    kind               text NOT NULL
        CONSTRAINT referrals_kind_check CHECK (kind IN ('client', 'le', 'cps', 'combined')),
    -- A draft may have no urgency yet.
    urgency            text NOT NULL DEFAULT ''
        CONSTRAINT referrals_urgency_check CHECK (urgency IN ('', 'routine', 'urgent', 'emergency')),
    version            bigint NOT NULL CONSTRAINT referrals_version_check CHECK (version >= 1),
    -- The referrer, and personnel.Fold of their agency for the queue filter.
    referrer_name      text NOT NULL DEFAULT '',
    referrer_agency    text NOT NULL DEFAULT '',
    referrer_phone     text NOT NULL DEFAULT '',
    referrer_email     text NOT NULL DEFAULT '',
    agency_key         text COLLATE "C" NOT NULL,
    reason             text NOT NULL DEFAULT '',
    agency_case_number text NOT NULL DEFAULT '',
    narrative          text NOT NULL DEFAULT '',
    -- Calendar days, as midnight UTC; NULL when not given.
    incident_date      timestamptz,
    reported_date      timestamptz,
    received_date      timestamptz,
    children           jsonb NOT NULL CONSTRAINT referrals_children_check CHECK (jsonb_typeof(children) IN ('array', 'null')),
    household          jsonb NOT NULL CONSTRAINT referrals_household_check CHECK (jsonb_typeof(household) IN ('array', 'null')),
    offenders          jsonb NOT NULL CONSTRAINT referrals_offenders_check CHECK (jsonb_typeof(offenders) IN ('array', 'null')),
    allegations        jsonb NOT NULL CONSTRAINT referrals_allegations_check CHECK (jsonb_typeof(allegations) IN ('array', 'null')),
    services           jsonb NOT NULL CONSTRAINT referrals_services_check CHECK (jsonb_typeof(services) IN ('array', 'null')),
    le                 jsonb NOT NULL CONSTRAINT referrals_le_check CHECK (jsonb_typeof(le) IN ('object', 'null')),
    cps                jsonb NOT NULL CONSTRAINT referrals_cps_check CHECK (jsonb_typeof(cps) IN ('object', 'null')),
    attachments        jsonb NOT NULL CONSTRAINT referrals_attachments_check CHECK (jsonb_typeof(attachments) IN ('array', 'null')),
    history            jsonb NOT NULL CONSTRAINT referrals_history_check CHECK (jsonb_typeof(history) IN ('array', 'null')),
    case_id            text NOT NULL DEFAULT '',
    merged_into        text COLLATE "C" NOT NULL DEFAULT '',
    merged_from        jsonb NOT NULL CONSTRAINT referrals_merged_from_check CHECK (jsonb_typeof(merged_from) IN ('array', 'null')),
    -- created_at orders a submitter's list and never changes; submitted_at
    -- orders the queue and is NULL for a draft never submitted.
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    submitted_at       timestamptz
);

-- A submitter's keys: one referral per key, keys being the submitter's own.
CREATE UNIQUE INDEX referrals_idempotency_key ON carenet.referrals (submitter_id, idempotency_key)
    WHERE idempotency_key <> '';
-- My Referrals: a submitter's referrals, newest first, then by id (also the
-- foreign-key checks of a person's deletion, and People().References).
CREATE INDEX referrals_by_submitter ON carenet.referrals (submitter_id, created_at DESC, id DESC);
-- The intake queue: referrals ever submitted by status, oldest submission
-- first, then by id.
CREATE INDEX referrals_queue ON carenet.referrals (status, submitted_at, id)
    WHERE submitted_at IS NOT NULL;
