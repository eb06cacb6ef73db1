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

// Record appends an event in the transaction repo belongs to.
func (r Recorder) Record(ctx context.Context, repo Repository, actorID string, action Action, targetType, targetID string, details map[string]string) (Event, error) {
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
		ActorID:    actorID,
		Action:     action,
		TargetType: targetType,
		TargetID:   targetID,
		Details:    details,
	})
	if err == nil && r.Notify != nil {
		r.Notify(ctx, e)
	}
	return e, err
}

// Tx is the transaction handle the audit Service needs.
type Tx interface {
	Audit() Repository
}

// Service reads and verifies a store's log. It checks no permission: the
// log names who did what to whom, so a host exposes it only to callers
// whose auth.Principal holds auth.ViewAudit (audit sits below auth and
// cannot ask itself). The SDK's own services never hand it to end users.
type Service struct {
	store carenet.Transactor[Tx]
}

// NewService returns a Service over store.
func NewService(store carenet.Transactor[Tx]) *Service { return &Service{store: store} }

// Verify walks the whole chain in pages and returns its head and the number
// of events checked. A broken chain gives a *ChainError (code Internal) that
// names the first bad event. If anchor is not the zero Head, the chain must
// contain it, which detects a chain cut short after the anchor was taken.
func (s *Service) Verify(ctx context.Context, anchor Head) (Head, int64, error) {
	var v Verifier
	for {
		var page []Event
		err := s.store.View(ctx, func(tx Tx) error {
			var err error
			page, err = tx.Audit().List(ctx, Filter{AfterSeq: v.Head().Seq, Limit: DefaultLimit})
			return err
		})
		if err != nil {
			return v.Head(), v.Count(), err
		}
		for _, e := range page {
			if err := v.Next(e); err != nil {
				return v.Head(), v.Count(), carenet.E("audit.Verify", carenet.Internal, "the audit log failed verification", err)
			}
			if anchor.Seq == e.Seq && anchor.Hash != e.Hash {
				return v.Head(), v.Count(), carenet.E("audit.Verify", carenet.Internal, "the audit log failed verification",
					&ChainError{Seq: e.Seq, Reason: "differs from the anchor kept outside the store"})
			}
		}
		// Stop only on an empty page: a store that pages smaller than
		// asked must not leave the rest of the chain unchecked.
		if len(page) == 0 {
			break
		}
	}
	if anchor.Seq > v.Head().Seq {
		return v.Head(), v.Count(), carenet.E("audit.Verify", carenet.Internal, "the audit log failed verification",
			&ChainError{Seq: v.Head().Seq + 1, Reason: "the chain ends before the anchor (events were removed from its end)"})
	}
	return v.Head(), v.Count(), nil
}

// List returns events matching f.
func (s *Service) List(ctx context.Context, f Filter) ([]Event, error) {
	var out []Event
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		out, err = tx.Audit().List(ctx, f)
		return err
	})
	return out, err
}
