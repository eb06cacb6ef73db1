package audit

import (
	"context"
	"slices"
	"time"
)

// Repository is the log as a store keeps it.
type Repository interface {
	// Append stores e in the transaction of the repository, so it commits
	// or rolls back with the change it records. A store seals it into the
	// chain at commit or shortly after (see the package comment): the
	// returned event has Seq, PrevHash and Hash set if the store sealed it
	// at once, and zero otherwise. Appends never wait for each other.
	Append(ctx context.Context, e Event) (Event, error)
	// List returns sealed events in sequence order that match f. An event
	// appended but not yet sealed is listed only when f.Unsealed is set:
	// then, after the last sealed event that matches, every unsealed one
	// that matches (committed, or appended in this transaction), in the
	// order they were appended, with Seq 0 and no hashes. A store lists
	// the sealed and the unsealed events of one page as of one moment, so
	// an event being sealed meanwhile is listed once, never missed.
	List(ctx context.Context, f Filter) ([]Event, error)
}

// StateReader is what a store keeps about the end of its log. Service.Verify
// needs it: a repository without it cannot be verified completely. Both of
// the SDK's stores implement it.
type StateReader interface {
	// State returns the store's record of the head of the chain and what
	// waits to be sealed, read in the repository's transaction.
	State(ctx context.Context) (State, error)
}

// State is a store's record of its log.
type State struct {
	// Head is the store's record of the last sealed event: its sequence
	// number and hash, kept apart from the events (the zero Head for an
	// empty log).
	Head Head
	// Unsealed is the number of committed events not sealed yet, and
	// OldestUnsealed how long the oldest of them has waited since it was
	// appended, by the store's clock.
	Unsealed       int64
	OldestUnsealed time.Duration
}

// Sealer is the optional capability of a store that seals events after
// their commit (the PostgreSQL store). Seal seals every event committed
// before the call and returns the head of the chain. Service calls it
// before it reads events, so a caller reads its own writes; a store that
// seals at commit (the memory store) does not need it.
type Sealer interface {
	Seal(ctx context.Context) (Head, error)
}

// Filter selects events. Zero fields match everything.
type Filter struct {
	// AfterSeq returns only events with Seq greater than it.
	AfterSeq int64
	// Since and Until bound the events' time: Since <= At < Until. A zero
	// time leaves that side open.
	Since, Until time.Time
	// Actions, when not empty, selects the events with one of them.
	Actions []Action
	// ActorID, TargetType and TargetID match exactly.
	ActorID    string
	TargetType string
	TargetID   string
	// Limit caps the number of sealed events; 0 means the store's default
	// of 1000.
	Limit int
	// Unsealed also lists the matching events not sealed yet, all of
	// them, after the last sealed one (see Repository.List): what a
	// reader of one target's history (a chain of custody) needs so as not
	// to miss the events of the last moments, which a sealer has not
	// reached. A page that ends with an unsealed event (Seq 0) is the
	// last: its Seq is no cursor. Readers of the chain itself (Verify,
	// Export, the feed) leave it false.
	Unsealed bool
}

// DefaultLimit is the page size when Filter.Limit is 0.
const DefaultLimit = 1000

// Matches reports whether e is selected by f's field filters (not AfterSeq
// or Limit). Stores that filter in memory use it.
func (f Filter) Matches(e Event) bool {
	return (f.ActorID == "" || f.ActorID == e.ActorID) &&
		(f.TargetType == "" || f.TargetType == e.TargetType) &&
		(f.TargetID == "" || f.TargetID == e.TargetID) &&
		(f.Since.IsZero() || !e.At.Before(f.Since)) &&
		(f.Until.IsZero() || e.At.Before(f.Until)) &&
		(len(f.Actions) == 0 || slices.Contains(f.Actions, e.Action))
}
