package carenet

import (
	"context"
	"time"
)

// Observer watches the SDK at work, for a host's traces and metrics. Each
// service's Config takes one (and, apart from it, a *slog.Logger); the
// package otelcarenet has one for OpenTelemetry, so the SDK itself
// depends on no telemetry library.
//
// Start is called as each service call and each store transaction begins:
// op is "package.Method" for a call ("auth.Login") and
// "package.store.Update" or "package.store.View" for a transaction. The
// context it returns is the one the operation goes on with (so a span
// started for a call is the parent of its transactions' spans); end is
// called once, with the operation's error or nil.
//
// Outcome is told of each audit event a service recorded, once the
// transaction that wrote it has committed: a rolled-back event is never
// reported. ctx is the context of the call that recorded it.
//
// An Observer is called from many goroutines at once.
type Observer interface {
	Start(ctx context.Context, op string) (_ context.Context, end func(err error))
	Outcome(ctx context.Context, o Outcome)
}

// Outcome is a security-relevant outcome the SDK audited: who did what to
// what, and how it went.
type Outcome struct {
	// Action is the audit action ("auth.login_failed",
	// "personnel.deactivated").
	Action string
	// ActorID is the person who acted; empty for the system or an unknown
	// caller.
	ActorID string
	// TargetType and TargetID name what it happened to ("account", "a-1").
	TargetType string
	TargetID   string
	// At is when it happened, on the service's clock.
	At time.Time
	// Details are the audit event's details whose keys are known to hold
	// no secret and no free text (a reason code, counts, IDs, states
	// before and after); every other detail is left out, so a detail added
	// later is kept from logs until it is known to be safe.
	Details map[string]string
}

// Observers returns an Observer that tells each of obs in turn (nil ones
// skipped); it returns nil when none is left.
func Observers(obs ...Observer) Observer {
	var all multiObserver
	for _, o := range obs {
		if o != nil {
			all = append(all, o)
		}
	}
	switch len(all) {
	case 0:
		return nil
	case 1:
		return all[0]
	}
	return all
}

// multiObserver tells several observers; their ends run in reverse order,
// like deferred calls.
type multiObserver []Observer

func (m multiObserver) Start(ctx context.Context, op string) (context.Context, func(error)) {
	ends := make([]func(error), len(m))
	for i, o := range m {
		ctx, ends[i] = o.Start(ctx, op)
	}
	return ctx, func(err error) {
		for i := len(ends) - 1; i >= 0; i-- {
			ends[i](err)
		}
	}
}

func (m multiObserver) Outcome(ctx context.Context, o Outcome) {
	for _, x := range m {
		x.Outcome(ctx, o)
	}
}
