-- 0009_audit_sealer: audited writes no longer queue on the head of the chain.
--
-- An append inserts its event into carenet.audit_pending, in the
-- transaction of the change it records, and touches no shared row. A
-- sealer (see audit_log.go) moves committed pending events into
-- carenet.audit_events in batches, giving each its sequence number and hash
-- in the order it seals them, and advances carenet.audit_head in the same
-- transaction. Sealers hold the advisory lock 0x61756469745f7365 ("audit_se")
-- while they seal, so several processes sharing the database never seal
-- concurrently.

CREATE TABLE carenet.audit_pending (
    -- pos orders the pending events: among those committed when a batch is
    -- sealed, a lower pos is sealed first. It is not commit order and the
    -- chain does not rely on it being one.
    pos         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text NOT NULL,
    at          timestamptz,
    actor_id    text NOT NULL DEFAULT '',
    action      text NOT NULL,
    target_type text NOT NULL DEFAULT '',
    target_id   text NOT NULL DEFAULT '',
    details     jsonb NOT NULL CHECK (jsonb_typeof(details) IN ('object', 'null')),
    -- appended_at is when the event was appended, by the database's clock:
    -- how long it has waited for the sealer.
    appended_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- No index but its key: every index costs each audited write, and the
-- table holds only what waits for the next sealing round.

-- The head now advances by a whole batch at a time: forward only, checked
-- at once; and only ever to the last of the events stored after it, with
-- no gap, checked at commit, when the batch's events are there to see.
CREATE OR REPLACE FUNCTION carenet.audit_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR NEW.seq <= OLD.seq THEN
        RAISE EXCEPTION 'carenet.audit_head only advances: % refused', TG_OP
            USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END;
$$;

CREATE FUNCTION carenet.audit_head_names_the_end() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM carenet.audit_events e WHERE e.seq = NEW.seq AND e.hash = NEW.hash)
        OR (SELECT count(*) FROM carenet.audit_events e WHERE e.seq > OLD.seq AND e.seq <= NEW.seq) <> NEW.seq - OLD.seq
    THEN
        RAISE EXCEPTION 'carenet.audit_head only advances to the last of the events stored after it: refused'
            USING ERRCODE = 'P0001';
    END IF;
    RETURN NULL;
END;
$$;

CREATE CONSTRAINT TRIGGER audit_head_names_the_end
    AFTER UPDATE ON carenet.audit_head DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION carenet.audit_head_names_the_end();

-- Time-range searches of the log. Searches by action go through the
-- actor, target or time indexes with the action as a filter: one more
-- index would cost every sealed event.
CREATE INDEX audit_events_at ON carenet.audit_events (at, seq);
