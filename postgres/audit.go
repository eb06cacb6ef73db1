package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// auditRepo keeps the hash-chained log. An append inserts the event into
// carenet.audit_pending in the change's transaction and touches no row
// any other transaction writes, so audited writes do not queue on each
// other; the store's sealer (audit_sealer.go) later moves committed events
// into carenet.audit_events with their sequence numbers and hashes, and
// advances carenet.audit_head. The database refuses any change to a
// sealed event and any move of the head but forward to a stored event.
type auditRepo struct{ t *txn }

var _ audit.StateReader = auditRepo{}

// Append stores e as pending, in one statement. The event returned is e
// with its time as stored; it has no sequence number or hash until it is
// sealed.
func (r auditRepo) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	o := write("audit.Append", "audit event")
	e.At = carenet.Timestamp(e.At)
	details, err := json.Marshal(e.Details)
	if err != nil {
		return audit.Event{}, dbError(ctx, o, fmt.Errorf("encoding details: %w", err))
	}
	insert := pendingInsert.with(e.ID, e.At, e.ActorID, string(e.Action), e.TargetType, e.TargetID, string(details))
	if _, err := r.t.exec(ctx, o, insert); err != nil {
		return audit.Event{}, err
	}
	r.t.audited.Store(true)
	e.Seq, e.PrevHash, e.Hash = 0, "", ""
	return e, nil
}

// List returns the sealed events after f.AfterSeq that match f, in
// sequence order, at most f.Limit (audit.DefaultLimit when 0). With
// f.Unsealed, when fewer than that are left, the matching pending events
// follow in the order of their pos, as of the same statement's snapshot:
// an event the sealer moves meanwhile is found on one side or the other.
func (r auditRepo) List(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = audit.DefaultLimit
	}
	where := append(sq.And{sq.Gt{"e.seq": f.AfterSeq}}, eventWhere("e", f)...)
	var q sqlizer = psql.Select(eventColumns...).
		From("carenet.audit_events e").Where(where).OrderBy("e.seq").Suffix("LIMIT ?", limit)
	if f.Unsealed {
		q = listWithPending(where, f, limit)
	}
	var out []audit.Event
	err := r.t.many(ctx, read("audit.List", "audit event"), q, func(row rowScanner) error {
		e, err := scanEvent(row)
		out = append(out, e)
		return err
	})
	return out, err
}

// pendingInsert is Append's statement, of the event's ID, time, actor,
// action, target type, target ID and details.
var pendingInsert = newPrebuilt(func(v ...any) sqlizer {
	return psql.Insert("carenet.audit_pending").SetMap(map[string]any{
		"id": v[0], "at": v[1], "actor_id": v[2], "action": v[3], "target_type": v[4], "target_id": v[5], "details": v[6],
	})
})

// listWithPending is the statement of List with f.Unsealed: the page of
// sealed events, then, if it is short of limit, the pending events that
// match, with seq 0 and empty hashes.
func listWithPending(where sq.And, f audit.Filter, limit int) sqlizer {
	sealed := frag.Select(eventColumns...).
		From("carenet.audit_events e").Where(where).OrderBy("e.seq").Suffix("LIMIT ?", limit)
	pending := frag.Select("0::bigint", "p.id", "p.at", "p.actor_id", "p.action", "p.target_type", "p.target_id",
		"p.details", "''", "''", "1", "p.pos").
		From("carenet.audit_pending p").
		Where(append(eventWhere("p", f), sq.Expr("(SELECT count(*) FROM sealed) < ?", limit)))
	page := sq.ConcatExpr(frag.Select(unaliased...).Column("0 AS part").Column("seq AS ord").From("sealed"), " UNION ALL ", pending)
	return psql.Select(unaliased...).PrefixExpr(with(cte{"sealed", sealed}, cte{"page", page})).
		From("page").OrderBy("part", "ord")
}

// unaliased are eventColumns as named in listWithPending's page.
var unaliased = []string{"seq", "id", "at", "actor_id", "action", "target_type", "target_id", "details", "prev_hash", "hash"}

// eventWhere is f's field filters on the columns of the table alias a.
func eventWhere(a string, f audit.Filter) sq.And {
	var where sq.And
	if f.ActorID != "" {
		where = append(where, sq.Eq{a + ".actor_id": f.ActorID})
	}
	if f.TargetType != "" {
		where = append(where, sq.Eq{a + ".target_type": f.TargetType})
	}
	if f.TargetID != "" {
		where = append(where, sq.Eq{a + ".target_id": f.TargetID})
	}
	if !f.Since.IsZero() {
		where = append(where, sq.GtOrEq{a + ".at": f.Since.UTC()})
	}
	if !f.Until.IsZero() {
		where = append(where, sq.Lt{a + ".at": f.Until.UTC()})
	}
	if len(f.Actions) > 0 {
		actions := make([]string, len(f.Actions))
		for i, action := range f.Actions {
			actions[i] = string(action)
		}
		where = append(where, sq.Expr(a+".action = ANY(?)", pq.Array(actions)))
	}
	return where
}

// State reads the head record and the pending events, the time they have
// waited by the database's clock.
func (r auditRepo) State(ctx context.Context) (audit.State, error) {
	var st audit.State
	var waited float64
	q := psql.Select("h.seq", "h.hash", "p.n", "COALESCE(EXTRACT(EPOCH FROM clock_timestamp() - p.oldest), 0)::float8").
		From("carenet.audit_head h").
		CrossJoin("(SELECT count(*) AS n, min(appended_at) AS oldest FROM carenet.audit_pending) p")
	if err := r.t.one(ctx, read("audit.State", "audit log"), q, &st.Head.Seq, &st.Head.Hash, &st.Unsealed, &waited); err != nil {
		return audit.State{}, err
	}
	st.OldestUnsealed = secondsToDuration(waited)
	return st, nil
}

// eventColumns are the columns scanEvent reads.
var eventColumns = []string{"e.seq", "e.id", "e.at", "e.actor_id", "e.action", "e.target_type", "e.target_id",
	"e.details", "e.prev_hash", "e.hash"}

func scanEvent(row rowScanner) (audit.Event, error) {
	var e audit.Event
	var details []byte
	if err := row.Scan(&e.Seq, &e.ID, timeCol{&e.At}, &e.ActorID, &e.Action, &e.TargetType,
		&e.TargetID, &details, &e.PrevHash, &e.Hash); err != nil {
		return e, err
	}
	if err := json.Unmarshal(details, &e.Details); err != nil {
		return e, fmt.Errorf("decoding details of event %d: %w", e.Seq, err)
	}
	return e, nil
}
