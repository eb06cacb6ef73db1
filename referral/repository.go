package referral

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// Tx is the transaction handle referral works in: its referrals and the
// audit log, in one transaction, and the people and logins a hand-over
// reads (Service.HandOver).
type Tx interface {
	Referrals() Repository
	Audit() audit.Repository
	People() personnel.PersonRepository
	Accounts() auth.AccountRepository
}

// Store is the transaction boundary referral needs.
type Store = carenet.Transactor[Tx]

// Repository keeps referrals. Errors carry the SDK's codes: NotFound for a
// missing referral, Conflict for a taken id or idempotency key or a stale
// version, Canceled when ctx ends, Internal for anything else. A store
// keeps every field of a Referral and returns it exactly as written (text
// byte for byte, times as carenet.Timestamp normalises them, nil and empty
// lists alike). A store may add the fast path KeyFinder.
type Repository interface {
	// Create stores a new referral with Version 1. Conflict if the id is
	// taken, or if r.IdempotencyKey is not empty and the submitter already
	// has a referral with that key.
	Create(ctx context.Context, r Referral) error
	// Get returns the referral with id, or NotFound.
	Get(ctx context.Context, id string) (Referral, error)
	// Update stores r if r.Version equals the stored version and returns it
	// as stored, with Version increased by one. SubmitterID, IdempotencyKey
	// and CreatedAt never change: the stored ones are kept. NotFound if
	// missing, Conflict on a stale version.
	Update(ctx context.Context, r Referral) (Referral, error)
	// HandOver stores r as Update does, except that r.SubmitterID becomes
	// its submitter and its IdempotencyKey is cleared (the key belonged to
	// the calls of the former submitter). NotFound if the referral is
	// missing or the new submitter is not a stored person, Conflict on a
	// stale version.
	HandOver(ctx context.Context, r Referral) (Referral, error)
	// ListBySubmitter returns at most q.Limit of the submitter's referrals
	// whose status is in q.Statuses (any status when empty), newest first:
	// ordered by CreatedAt descending, then ID descending, starting after
	// q.After. One query.
	ListBySubmitter(ctx context.Context, q SubmitterQuery) ([]Referral, error)
	// Queue returns at most q.Limit referrals matching q, oldest first:
	// ordered by SubmittedAt ascending, then ID ascending, starting after
	// q.After. Referrals never submitted (SubmittedAt nil) are never
	// listed. One query.
	Queue(ctx context.Context, q QueueQuery) ([]Referral, error)
}

// KeyFinder is an optional capability of a Repository: finding a
// referral by its idempotency key through an index, which ByKey uses when
// the repository has it. ByIdempotencyKey must return what ByKey returns
// without it: the submitter's referral made with key, or NotFound (always
// for an empty key). Keys are scoped per submitter and compared byte for
// byte.
type KeyFinder interface {
	ByIdempotencyKey(ctx context.Context, submitterID, key string) (Referral, error)
}

// SubmitterQuery selects a submitter's referrals, as stores receive it:
// already checked by the service.
type SubmitterQuery struct {
	SubmitterID string
	// Statuses to include; every status when empty.
	Statuses []Status
	// After is the position to continue from, or nil for the first page.
	After *Cursor
	// Limit is at least 1.
	Limit int
}

// QueueQuery selects referrals for the intake queue, as stores receive it:
// already checked by the service. Each filter that is set must match.
type QueueQuery struct {
	// Statuses to include (never empty, never StatusDraft).
	Statuses []Status
	// Kinds to include; every kind when empty.
	Kinds []Kind
	// Agency is a folded agency name (see personnel.Fold), matched exactly
	// against personnel.Fold(r.Referrer.Agency); any agency when empty.
	Agency string
	// Urgency matches exactly when not empty.
	Urgency Urgency
	// SubmittedFrom and SubmittedBefore bound SubmittedAt: From ≤
	// SubmittedAt < Before. Either may be nil.
	SubmittedFrom   *time.Time
	SubmittedBefore *time.Time
	// After is the position to continue from, or nil for the first page.
	After *Cursor
	// Limit is at least 1.
	Limit int
}

// Cursor is a position in a list: the ordering time (CreatedAt for a
// submitter's list, SubmittedAt for the queue) and the ID.
type Cursor struct {
	At time.Time
	ID string
}
