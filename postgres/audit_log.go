package postgres

import (
	"context"
	"encoding/json"
	"fmt"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/audit"
)

// auditRepo keeps the hash-chained log in carenet.audit_events. The head of
// the chain is the one row of carenet.audit_head: an append locks it, seals
// the event after it in Go (audit.Seal) and moves it on, so concurrent
// appends queue on the lock and never seal after the same event. The
// database refuses any change to a stored event.
type auditRepo struct{ t *txn }

// Append seals e after the head of the chain and stores it, in two
// statements: lock the head, then insert the event and advance the head.
// The head stays locked until the transaction ends.
func (r auditRepo) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	o := write("audit.Append", "audit event")
	var head audit.Head
	lock := psql.Select("h.seq", "h.hash").From("carenet.audit_head h").Suffix("FOR UPDATE")
	if err := r.t.one(ctx, o, lock, &head.Seq, &head.Hash); err != nil {
		return audit.Event{}, err
	}
	e = audit.Seal(e, head)
	details, err := json.Marshal(e.Details)
	if err != nil {
		return audit.Event{}, dbError(ctx, o, fmt.Errorf("encoding details: %w", err))
	}
	insert := frag.Insert("carenet.audit_events").SetMap(map[string]any{
		"seq":         e.Seq,
		"id":          e.ID,
		"at":          e.At,
		"actor_id":    e.ActorID,
		"action":      string(e.Action),
		"target_type": e.TargetType,
		"target_id":   e.TargetID,
		"details":     string(details),
		"prev_hash":   e.PrevHash,
		"hash":        e.Hash,
	})
	advance := psql.Update("carenet.audit_head").Set("seq", e.Seq).Set("hash", e.Hash).
		PrefixExpr(with(cte{"ev", insert}))
	if _, err := r.t.exec(ctx, o, advance); err != nil {
		return audit.Event{}, err
	}
	return e, nil
}

// List returns the events after f.AfterSeq that match f, in sequence
// order, at most f.Limit (audit.DefaultLimit when 0).
func (r auditRepo) List(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = audit.DefaultLimit
	}
	where := sq.And{sq.Gt{"e.seq": f.AfterSeq}}
	if f.ActorID != "" {
		where = append(where, sq.Eq{"e.actor_id": f.ActorID})
	}
	if f.TargetType != "" {
		where = append(where, sq.Eq{"e.target_type": f.TargetType})
	}
	if f.TargetID != "" {
		where = append(where, sq.Eq{"e.target_id": f.TargetID})
	}
	q := psql.Select("e.seq", "e.id", "e.at", "e.actor_id", "e.action", "e.target_type", "e.target_id",
		"e.details", "e.prev_hash", "e.hash").
		From("carenet.audit_events e").Where(where).OrderBy("e.seq").Suffix("LIMIT ?", limit)
	var out []audit.Event
	err := r.t.many(ctx, read("audit.List", "audit event"), q, func(row rowScanner) error {
		var e audit.Event
		var details []byte
		if err := row.Scan(&e.Seq, &e.ID, timeCol{&e.At}, &e.ActorID, &e.Action, &e.TargetType,
			&e.TargetID, &details, &e.PrevHash, &e.Hash); err != nil {
			return err
		}
		if err := json.Unmarshal(details, &e.Details); err != nil {
			return fmt.Errorf("decoding details of event %d: %w", e.Seq, err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}
