package carenettest

import (
	"slices"

	"github.com/carenet-go/carenet/audit"
)

// Events returns the audit events about a target, in order, leaving out
// the access events of reads (audit.IsRead): Reads returns those.
func (e *Env) Events(targetType, targetID string) []audit.Event {
	e.T.Helper()
	events, err := e.Audit.List(e.Ctx, audit.Filter{TargetType: targetType, TargetID: targetID})
	if err != nil {
		e.T.Fatalf("carenettest: list audit events: %v", err)
	}
	return slices.DeleteFunc(events, func(ev audit.Event) bool { return audit.IsRead(ev.Action) })
}

// Reads returns the events recorded with action, about any target, in
// order: for an access event (audit.IsRead), who read what.
func (e *Env) Reads(action audit.Action) []audit.Event {
	e.T.Helper()
	events, err := e.Audit.List(e.Ctx, audit.Filter{Actions: []audit.Action{action}})
	if err != nil {
		e.T.Fatalf("carenettest: list audit events: %v", err)
	}
	return events
}

// RequireRead fails the test unless exactly one event with action was
// recorded since there were before of them (len(e.Reads(action)) taken
// before the read), naming actor as its actor and the target, at a time.
func (e *Env) RequireRead(action audit.Action, before int, actor, targetType, targetID string) {
	e.T.Helper()
	reads := e.Reads(action)
	if len(reads) != before+1 {
		e.T.Fatalf("carenettest: %d %s events, want %d: one per read", len(reads), action, before+1)
		return
	}
	ev := reads[len(reads)-1]
	if ev.ActorID != actor || ev.TargetType != targetType || ev.TargetID != targetID || ev.At.IsZero() {
		e.T.Fatalf("carenettest: %s event: actor %q, target %s %q, at %v; want actor %q, target %s %q and a time",
			action, ev.ActorID, ev.TargetType, ev.TargetID, ev.At, actor, targetType, targetID)
	}
}
