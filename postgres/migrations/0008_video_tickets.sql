-- 0008_video_tickets: how often each video access ticket was presented.
--
-- One row per ticket, presenter, action and outcome (video.TicketTally):
-- the accepted uses of a ticket (outcome 'none'), which make a download
-- ticket single-use, and each kind of refusal, which bounds how often a
-- ticket replayed in a loop is recorded in the video's chain of custody.
-- A ticket lives a few minutes, so no foreign key ties a row to a share
-- or a person: the audit log is the record, this table only counts.
CREATE TABLE carenet.video_ticket_tallies (
    ticket_id   text COLLATE "C" NOT NULL CHECK (ticket_id <> ''),
    actor_id    text COLLATE "C" NOT NULL,
    action      text NOT NULL
        CONSTRAINT video_ticket_tallies_action_check CHECK (action IN ('view', 'download')),
    outcome     text NOT NULL CHECK (outcome <> ''),
    count       bigint NOT NULL DEFAULT 0
        CONSTRAINT video_ticket_tallies_count_check CHECK (count >= 0),
    recorded_at timestamptz,
    unrecorded  bigint NOT NULL DEFAULT 0
        CONSTRAINT video_ticket_tallies_unrecorded_check CHECK (unrecorded >= 0 AND unrecorded <= count),
    PRIMARY KEY (ticket_id, actor_id, action, outcome)
);
