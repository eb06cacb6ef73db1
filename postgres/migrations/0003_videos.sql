-- 0003_videos: the tables of the video package.
--
-- As in 0001_init, a NULL time is the zero time.Time and identifiers are
-- COLLATE "C", so the orders below are Go's string order. A person a video
-- or a share may leave unnamed (the interviewer, the uploader, the sharer)
-- is NULL when empty, so the foreign key to carenet.people holds whenever
-- one is named. A duration is kept in nanoseconds, exactly as Go has it.

-- Videos' metadata. A video is never changed once recorded.
CREATE TABLE carenet.videos (
    id             text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    client_id      text COLLATE "C" NOT NULL
        CONSTRAINT videos_client_id_check CHECK (client_id <> ''),
    case_id        text NOT NULL DEFAULT '',
    title          text NOT NULL DEFAULT '',
    recorded_at    timestamptz,
    duration_ns    bigint NOT NULL
        CONSTRAINT videos_duration_check CHECK (duration_ns > 0),
    size_bytes     bigint NOT NULL
        CONSTRAINT videos_size_bytes_check CHECK (size_bytes > 0),
    content_type   text NOT NULL DEFAULT '',
    sha256         text NOT NULL
        CONSTRAINT videos_sha256_check CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    storage_key    text NOT NULL DEFAULT '',
    interviewer_id text COLLATE "C"
        CONSTRAINT videos_interviewer_id_fkey REFERENCES carenet.people (id),
    uploaded_by    text COLLATE "C"
        CONSTRAINT videos_uploaded_by_fkey REFERENCES carenet.people (id),
    uploaded_at    timestamptz
);
-- A client's videos, newest recording first, then by id.
CREATE INDEX videos_client ON carenet.videos (client_id, recorded_at DESC NULLS LAST, id);
-- The videos a person uploaded or interviewed in (references, and the
-- foreign-key checks of a person's deletion).
CREATE INDEX videos_uploaded_by ON carenet.videos (uploaded_by);
CREATE INDEX videos_interviewer ON carenet.videos (interviewer_id);

-- Shares of a video with one grantee for a window of time. Only the
-- expiry, the revocation, the first opening and updated_at ever change.
CREATE TABLE carenet.video_shares (
    id            text COLLATE "C" PRIMARY KEY CHECK (id <> ''),
    video_id      text COLLATE "C" NOT NULL
        CONSTRAINT video_shares_video_id_fkey REFERENCES carenet.videos (id),
    grantee_id    text COLLATE "C" NOT NULL
        CONSTRAINT video_shares_grantee_id_fkey REFERENCES carenet.people (id),
    shared_by     text COLLATE "C"
        CONSTRAINT video_shares_shared_by_fkey REFERENCES carenet.people (id),
    mode          text NOT NULL
        CONSTRAINT video_shares_mode_check CHECK (mode IN ('view', 'view_download')),
    note          text NOT NULL DEFAULT '',
    starts_at     timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    revoked_by    text NOT NULL DEFAULT '',
    revoke_reason text NOT NULL DEFAULT '',
    opened_at     timestamptz,
    created_at    timestamptz,
    updated_at    timestamptz,
    version       bigint NOT NULL CONSTRAINT video_shares_version_check CHECK (version >= 1),
    CONSTRAINT video_shares_window_check CHECK (expires_at > starts_at)
);
-- My Videos: a grantee's shares that are not revoked, by expiry. The same
-- index finds every share of a grantee (revoked_at is its second column),
-- for references and the foreign-key checks of a person's deletion.
CREATE INDEX video_shares_grantee ON carenet.video_shares (grantee_id, revoked_at, expires_at);
-- A video's shares, oldest first, then by id.
CREATE INDEX video_shares_video ON carenet.video_shares (video_id, created_at NULLS FIRST, id);
-- The shares a person granted.
CREATE INDEX video_shares_shared_by ON carenet.video_shares (shared_by);
