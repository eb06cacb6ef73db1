package audit

import (
	"time"
)

// Action names what happened, as "area.what_happened"
// ("personnel.deactivated", "auth.login_failed", "security_group.created"):
// the part of the SDK that acted, then the change or the read.
type Action string

// Event is one entry of the log.
type Event struct {
	// Seq is the event's position in the chain, from 1, given when the
	// event is sealed (Seal); 0 for an event appended and not sealed yet
	// (see Sealed and the package comment).
	Seq int64
	// ID identifies the event.
	ID string
	// At is when it happened.
	At time.Time
	// ActorID is the person who acted; empty for the system itself (a
	// scheduled sweep, a migration).
	ActorID string
	// Action is what happened.
	Action Action
	// TargetType and TargetID name what it happened to ("person", "p-1").
	TargetType string
	TargetID   string
	// Details holds what a reader needs to understand the event: a reason,
	// values before and after. Never a secret.
	Details map[string]string
	// PrevHash is the hash of the event before (empty for the first); Hash
	// covers every other field of this event, Seq and PrevHash included.
	// Both are lowercase hex SHA-256, set by Seal; empty until then.
	PrevHash string
	Hash     string
}

// Head is the last event of a chain: its sequence number and hash. Keeping a
// recent Head outside the store lets Verify detect a truncated chain.
type Head struct {
	// Seq is the last event's sequence number, 0 for an empty chain.
	Seq int64
	// Hash is the last event's hash, empty for an empty chain.
	Hash string
}

// Sealed reports whether the event has its place in the chain: a store
// lists an event not sealed yet (Filter.Unsealed) with Seq 0 and no
// hashes.
func (e Event) Sealed() bool { return e.Seq > 0 }

// Head returns the event's position in the chain.
func (e Event) Head() Head { return Head{Seq: e.Seq, Hash: e.Hash} }
