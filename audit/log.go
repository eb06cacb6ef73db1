package audit

import (
	"context"

	"github.com/carenet-go/carenet"
)

// Recorder builds events with an injected clock and ID generator and appends
// them through the transaction's Repository. Services hold one.
type Recorder struct {
	Clock carenet.Clock
	IDs   carenet.IDGenerator
	// Notify, when set, is told of each event appended, with the context
	// of the call that recorded it: what a service's logger and observer
	// hear (the service holds it until the transaction commits).
	Notify func(ctx context.Context, e Event)
}

// Record appends e in the transaction repo belongs to: the caller says
// who did what to what (ActorID, Action, TargetType, TargetID, Details);
// the recorder gives it its ID and time (any given are replaced) and the
// store its place in the chain. It returns the event as appended.
func (r Recorder) Record(ctx context.Context, repo Repository, e Event) (Event, error) {
	clock, ids := r.Clock, r.IDs
	if clock == nil {
		clock = carenet.SystemClock
	}
	if ids == nil {
		ids = carenet.RandomIDs
	}
	e, err := repo.Append(ctx, Event{
		ID:         ids.NewID(),
		At:         clock.Now(),
		ActorID:    e.ActorID,
		Action:     e.Action,
		TargetType: e.TargetType,
		TargetID:   e.TargetID,
		Details:    e.Details,
	})
	if err == nil && r.Notify != nil {
		r.Notify(ctx, e)
	}
	return e, err
}

// RecordIn appends e (see Record) in a transaction of its own on store:
// for an event that goes with no change, such as a read (who opened what,
// when). It costs one insert and a commit, and waits for no other writer:
// the event is sealed into the chain after its commit, like any other. A
// read that must not happen unrecorded runs in an Update and appends
// through Record in it instead, so the read and its record commit
// together.
func (r Recorder) RecordIn(ctx context.Context, store carenet.Transactor[Tx], e Event) (Event, error) {
	return carenet.Update(ctx, store, func(tx Tx) (Event, error) {
		return r.Record(ctx, tx.Audit(), e)
	})
}

// Tx is the transaction handle the audit Service needs.
type Tx interface {
	Audit() Repository
}

// Service reads and verifies a store's log. Only ExportFor asks its
// caller (an *auth.Principal: auth.ViewAudit and a recent sign-in); the
// other calls check no permission: the log names who did what to whom, so
// a host exposes them only to callers whose auth.Principal holds
// auth.ViewAudit (audit sits below auth and cannot ask itself), and hands
// an export to a user only through ExportFor. The SDK's own services never
// hand it to end users.
type Service struct {
	store carenet.Transactor[Tx]
	rec   Recorder
	reads ReadKinds
}

// NewService returns a Service over store, tuned by opts.
func NewService(store carenet.Transactor[Tx], opts ...Option) *Service {
	s := &Service{store: store}
	for _, o := range opts {
		o(s)
	}
	return s
}

// List returns the sealed events matching f, in sequence order. On a store
// that seals after commit it first seals what is committed, so a caller
// lists its own writes.
func (s *Service) List(ctx context.Context, f Filter) ([]Event, error) {
	if err := s.seal(ctx); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Event, error) {
		return tx.Audit().List(ctx, f)
	})
}

// seal asks a store that seals after commit to seal what is committed.
func (s *Service) seal(ctx context.Context) error {
	if sl, ok := s.store.(Sealer); ok {
		_, err := sl.Seal(ctx)
		return err
	}
	return nil
}
