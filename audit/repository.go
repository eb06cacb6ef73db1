package audit

import "context"

// Repository is the log as a store keeps it.
type Repository interface {
	// Append seals e after the current head of the chain (see Seal), stores
	// it and returns it as stored. Appends are serialised: two transactions
	// never seal after the same head.
	Append(ctx context.Context, e Event) (Event, error)
	// List returns events in sequence order that match f.
	List(ctx context.Context, f Filter) ([]Event, error)
}

// Filter selects events. Zero fields match everything.
type Filter struct {
	// AfterSeq returns only events with Seq greater than it.
	AfterSeq int64
	// ActorID, TargetType and TargetID match exactly.
	ActorID    string
	TargetType string
	TargetID   string
	// Limit caps the number of events; 0 means the store's default of 1000.
	Limit int
}

// DefaultLimit is the page size when Filter.Limit is 0.
const DefaultLimit = 1000

// Matches reports whether e is selected by f's field filters (not AfterSeq
// or Limit). Stores that filter in memory use it.
func (f Filter) Matches(e Event) bool {
	return (f.ActorID == "" || f.ActorID == e.ActorID) &&
		(f.TargetType == "" || f.TargetType == e.TargetType) &&
		(f.TargetID == "" || f.TargetID == e.TargetID)
}
