package observe

import (
	"context"
	"log/slog"
	"sync"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// Hooks are a service's logger and observer. A nil *Hooks, what New
// returns when a service has neither, costs nothing: every method is a
// no-op on it.
type Hooks struct {
	obs carenet.Observer
}

// New returns the hooks of a service that logs to log and reports to obs;
// either may be nil, and New returns nil when both are.
func New(log *slog.Logger, obs carenet.Observer) *Hooks {
	var lo carenet.Observer
	if log != nil {
		lo = logObserver{log: log}
	}
	all := carenet.Observers(lo, obs)
	if all == nil {
		return nil
	}
	return &Hooks{obs: all}
}

// noEnd is the end of a call on nil Hooks.
func noEnd(*error) {}

// Call starts the service call op: it replaces *ctx with the call's
// context and returns the function that ends the call with *errp, for a
// method to defer with its named error result:
//
//	defer s.obs.Call(&ctx, "auth.Login")(&callErr)
func (h *Hooks) Call(ctx *context.Context, op string) func(errp *error) {
	if h == nil {
		return noEnd
	}
	c := *ctx
	if scopeOf(c) == nil {
		c = context.WithValue(c, scopeKey{}, new(scope))
	}
	c, end := h.obs.Start(c, op)
	*ctx = c
	return func(errp *error) { end(*errp) }
}

// Recorded is told of each audit event a service appended (it is an
// audit.Recorder's Notify). Inside an observed transaction the event waits
// for the commit; otherwise it is reported at once.
func (h *Hooks) Recorded(ctx context.Context, e audit.Event) {
	if h == nil {
		return
	}
	if sc := scopeOf(ctx); sc != nil && sc.hold(e) {
		return
	}
	h.obs.Outcome(ctx, outcomeOf(e))
}

// Notify returns Recorded as an audit.Recorder's Notify, or nil on nil
// Hooks.
func (h *Hooks) Notify() func(context.Context, audit.Event) {
	if h == nil {
		return nil
	}
	return h.Recorded
}

// report tells the observer of committed events.
func (h *Hooks) report(ctx context.Context, events []audit.Event) {
	for _, e := range events {
		h.obs.Outcome(ctx, outcomeOf(e))
	}
}

// outcomeOf is the Outcome of an audit event, its details allow-listed.
func outcomeOf(e audit.Event) carenet.Outcome {
	return carenet.Outcome{
		Action:     string(e.Action),
		ActorID:    e.ActorID,
		TargetType: e.TargetType,
		TargetID:   e.TargetID,
		At:         e.At,
		Details:    SafeDetails(e.Details),
	}
}

// scopeKey keys a call's scope in its context.
type scopeKey struct{}

// scope is one service call's transactions in flight and the events they
// recorded, not yet committed.
type scope struct {
	mu      sync.Mutex
	depth   int
	pending []audit.Event
}

func scopeOf(ctx context.Context) *scope {
	sc, _ := ctx.Value(scopeKey{}).(*scope)
	return sc
}

// hold keeps e until its transaction ends, and reports false when no
// observed transaction is open.
func (sc *scope) hold(e audit.Event) bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	if sc.depth == 0 {
		return false
	}
	sc.pending = append(sc.pending, e)
	return true
}

// begin opens a transaction and returns the mark its events start at.
func (sc *scope) begin() int {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.depth++
	return len(sc.pending)
}

// rewind forgets what an attempt of the transaction begun at mark held: a
// store retrying fn runs it afresh.
func (sc *scope) rewind(mark int) {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.pending = sc.pending[:mark]
}

// end closes the transaction begun at mark. It returns the events to
// report: those of a committed outermost transaction. A rolled-back
// transaction's are dropped; a committed nested one's wait for the
// outermost.
func (sc *scope) end(mark int, committed bool) []audit.Event {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	sc.depth--
	if !committed {
		sc.pending = sc.pending[:mark]
		return nil
	}
	if sc.depth > 0 {
		return nil
	}
	out := sc.pending
	sc.pending = nil
	return out
}
