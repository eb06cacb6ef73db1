package memory

import (
	"context"

	"github.com/carenet-go/carenet/audit"
)

// Audit returns the audit log of the transaction.
func (t *tx) Audit() audit.Repository { return auditLog{t} }

type auditLog struct{ t *tx }

// Append seals e after the head under the write lock, which serialises
// appends.
func (r auditLog) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	const op = "memory.Audit.Append"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return audit.Event{}, err
	}
	st := t.st
	var head audit.Head
	if n := len(st.events); n > 0 {
		head = st.events[n-1].Head()
	}
	e = audit.Seal(cloneEvent(e), head)
	n := len(st.events)
	st.events = append(st.events, e)
	t.onUndo(func() {
		clear(st.events[n:])
		st.events = st.events[:n]
	})
	if e.ActorID != "" {
		put(t, st.actorEvents, e.ActorID, st.actorEvents[e.ActorID]+1)
	}
	return cloneEvent(e), nil
}

// List finds the first event after f.AfterSeq by position, since event i
// has sequence number i+1.
func (r auditLog) List(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	const op = "memory.Audit.List"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	limit := f.Limit
	if limit <= 0 {
		limit = audit.DefaultLimit
	}
	events := r.t.st.events
	start := min(max(f.AfterSeq, 0), int64(len(events)))
	var out []audit.Event
	for _, e := range events[start:] {
		if len(out) == limit {
			break
		}
		if f.Matches(e) {
			out = append(out, cloneEvent(e))
		}
	}
	return out, nil
}
