package memory

import (
	"context"
	"sort"

	"github.com/carenet-go/carenet/audit"
)

// Audit returns the audit log of the transaction.
func (t *tx) Audit() audit.Repository { return auditLog{t} }

type auditLog struct{ t *tx }

var _ audit.StateReader = auditLog{}

// Append seals e after the head at once: the store runs one writer at a
// time, so sealing in the transaction is sealing at commit (a rollback
// drops it with the rest of the transaction's state), and no other writer
// waits on it for longer than on the writers' lock it holds anyway. The
// head record moves with the chain. The event is appended past the end of
// the committed events, where no reader looks.
func (r auditLog) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	const op = "memory.Audit.Append"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return audit.Event{}, err
	}
	st := t.st
	e = audit.Seal(cloneEvent(e), st.auditHead)
	st.events = append(st.events, e)
	st.auditHead = e.Head()
	if e.ActorID != "" {
		st.actorEvents.put(t, e.ActorID, st.actorEvents.at(e.ActorID)+1)
	}
	return cloneEvent(e), nil
}

// List finds the first event after f.AfterSeq by binary search and filters
// from there. Every event is sealed as it is appended, so f.Unsealed adds
// nothing: there is never an unsealed one to list.
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
	start := sort.Search(len(events), func(i int) bool { return events[i].Seq > f.AfterSeq })
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

// State returns the head record. Nothing is ever unsealed.
func (r auditLog) State(ctx context.Context) (audit.State, error) {
	if err := r.t.begin(ctx, "memory.Audit.State", false); err != nil {
		return audit.State{}, err
	}
	return audit.State{Head: r.t.st.auditHead}, nil
}
