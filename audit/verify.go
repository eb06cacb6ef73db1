package audit

import (
	"context"
	"crypto/subtle"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
)

// SealBound is how long a committed event may wait to be sealed into the
// chain. Stores seal well within it (see the package comment); Verify
// reports an event that waited longer as a finding, since a log whose
// events stay unsealed is a log whose recent past can still be changed
// without a trace.
const SealBound = time.Second

// VerifyOptions tunes Service.VerifyLog. The zero value verifies the whole
// chain from its first event.
type VerifyOptions struct {
	// From is a head verified before (from a checkpoint, say): the event
	// at From.Seq must still have From.Hash, and verification goes on
	// after it instead of from the first event.
	From Head
	// Anchor is a head kept outside the store (a checkpoint's): the chain
	// must contain it.
	Anchor Head
	// SealBound replaces the package's SealBound when positive.
	SealBound time.Duration
	// PageSize is how many events each read fetches (DefaultLimit when 0).
	// Verification holds one page in memory at a time.
	PageSize int
	// Progress, when set, is called after each page.
	Progress func(Progress)
}

// Progress is how far a verification has come.
type Progress struct {
	// Checked is the number of events verified so far; Head the last.
	Checked int64
	Head    Head
	// Target is the store's head sequence number when verification
	// started: how far it is expected to go.
	Target int64
}

// Report is what a verification found.
type Report struct {
	// From is where verification started (the zero Head: the first event).
	From Head
	// Head is the last event verified; Checked how many were verified.
	Head    Head
	Checked int64
	// Recorded is the store's record of the end of the chain, read with
	// the last page.
	Recorded Head
	// Unsealed is the number of committed events waiting to be sealed, and
	// OldestUnsealed how long the oldest of them has waited.
	Unsealed       int64
	OldestUnsealed time.Duration
	// Elapsed is how long verification took.
	Elapsed time.Duration
}

// Verify walks the whole chain in pages and returns its head and the number
// of events checked. It is VerifyLog with the anchor as the only option.
func (s *Service) Verify(ctx context.Context, anchor Head) (Head, int64, error) {
	r, err := s.VerifyLog(ctx, VerifyOptions{Anchor: anchor})
	return r.Head, r.Checked, err
}

// VerifyLog walks the sealed chain in pages, one page in memory at a time,
// and checks each event's hash and link to the one before. It then checks
// the chain's end against the store's own record of it (State), read in
// the same transaction as the last page, which detects events removed
// from or added past the end; against opts.Anchor if given; and that no
// committed event has waited longer than the seal bound.
//
// A broken chain gives an Internal error wrapping a *ChainError that names
// the first bad sequence number; the Report then says how far the chain
// verified. Store errors come back with their own codes. A store whose
// repository is not a StateReader cannot be verified (Internal).
func (s *Service) VerifyLog(ctx context.Context, opts VerifyOptions) (Report, error) {
	const op = "audit.Verify"
	start := time.Now()
	page := opts.PageSize
	if page <= 0 {
		page = DefaultLimit
	}
	bound := opts.SealBound
	if bound <= 0 {
		bound = SealBound
	}
	rep := Report{From: opts.From}
	broken := func(ce *ChainError) error {
		rep.Elapsed = time.Since(start)
		return carenet.E(op, carenet.Internal, "the audit log failed verification", ce)
	}
	var target int64
	if opts.Progress != nil {
		st, err := s.state(ctx)
		if err != nil {
			return rep, err
		}
		target = st.Head.Seq
	}
	v := &Verifier{}
	if opts.From != (Head{}) {
		first, err := carenet.View(ctx, s.store, func(tx Tx) ([]Event, error) {
			return tx.Audit().List(ctx, Filter{AfterSeq: opts.From.Seq - 1, Limit: 1})
		})
		if err != nil {
			return rep, err
		}
		if len(first) == 0 || first[0].Seq != opts.From.Seq {
			return rep, broken(&ChainError{Seq: opts.From.Seq, Reason: "the event to resume from is missing (events were removed)"})
		}
		if subtle.ConstantTimeCompare([]byte(first[0].Hash), []byte(opts.From.Hash)) != 1 {
			return rep, broken(&ChainError{Seq: opts.From.Seq, Reason: "differs from the verified head to resume from (the log was rewritten)"})
		}
		v = Resume(opts.From)
	}
	rep.Head = v.Head()
	var st State
	for {
		// A page of events, or at the end of the chain none and the store's
		// record of it, read in the same transaction so both describe one
		// moment.
		type read struct {
			events []Event
			end    State
		}
		r, err := carenet.View(ctx, s.store, func(tx Tx) (read, error) {
			events, err := tx.Audit().List(ctx, Filter{AfterSeq: v.Head().Seq, Limit: page})
			if err != nil || len(events) > 0 {
				return read{events: events}, err
			}
			sr, ok := tx.Audit().(StateReader)
			if !ok {
				return read{}, carenet.E(op, carenet.Internal, "", fmt.Errorf("the store's audit repository %T keeps no record of the end of its log", tx.Audit()))
			}
			end, err := sr.State(ctx)
			return read{end: end}, err
		})
		if err != nil {
			rep.Elapsed = time.Since(start)
			return rep, err
		}
		events := r.events
		if len(events) == 0 {
			st = r.end
		}
		for _, e := range events {
			if err := v.Next(e); err != nil {
				rep.Head, rep.Checked = v.Head(), v.Count()
				return rep, broken(err.(*ChainError))
			}
			if opts.Anchor.Seq == e.Seq && subtle.ConstantTimeCompare([]byte(opts.Anchor.Hash), []byte(e.Hash)) != 1 {
				rep.Head, rep.Checked = v.Head(), v.Count()
				return rep, broken(&ChainError{Seq: e.Seq, Reason: "differs from the anchor kept outside the store"})
			}
		}
		rep.Head, rep.Checked = v.Head(), v.Count()
		if opts.Progress != nil && len(events) > 0 {
			opts.Progress(Progress{Checked: rep.Checked, Head: rep.Head, Target: max(target, rep.Head.Seq)})
		}
		// Stop only on an empty page: a store that pages smaller than
		// asked must not leave the rest of the chain unchecked.
		if len(events) == 0 {
			break
		}
	}
	rep.Recorded, rep.Unsealed, rep.OldestUnsealed = st.Head, st.Unsealed, st.OldestUnsealed
	end := rep.Head
	if opts.Anchor.Seq > end.Seq {
		return rep, broken(&ChainError{Seq: end.Seq + 1, Reason: "the chain ends before the anchor (events were removed from its end)"})
	}
	if ce := checkEnd(end, st.Head); ce != nil {
		return rep, broken(ce)
	}
	if st.Unsealed > 0 && st.OldestUnsealed > bound {
		return rep, broken(&ChainError{Seq: end.Seq + 1, Reason: fmt.Sprintf(
			"%d committed events are not sealed, the oldest after %s (the bound is %s): no sealer is running", st.Unsealed, st.OldestUnsealed.Round(time.Millisecond), bound)})
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// checkEnd compares the end of the verified chain with the store's record
// of it.
func checkEnd(end, recorded Head) *ChainError {
	switch {
	case recorded.Seq > end.Seq:
		return &ChainError{Seq: end.Seq + 1, Reason: fmt.Sprintf(
			"the chain ends at event %d but the store's record of its end names event %d (events were removed from its end)", end.Seq, recorded.Seq)}
	case recorded.Seq < end.Seq:
		return &ChainError{Seq: recorded.Seq + 1, Reason: fmt.Sprintf(
			"the chain goes on past the store's record of its end, event %d (events were added after it)", recorded.Seq)}
	case subtle.ConstantTimeCompare([]byte(recorded.Hash), []byte(end.Hash)) != 1:
		return &ChainError{Seq: end.Seq, Reason: "differs from the store's record of the end of the chain (the chain was rewritten)"}
	}
	return nil
}

// state reads the store's record of its log.
func (s *Service) state(ctx context.Context) (State, error) {
	return carenet.View(ctx, s.store, func(tx Tx) (State, error) {
		sr, ok := tx.Audit().(StateReader)
		if !ok {
			return State{}, carenet.E("audit.State", carenet.Internal, "", fmt.Errorf("the store's audit repository %T keeps no record of the end of its log", tx.Audit()))
		}
		return sr.State(ctx)
	})
}

// State returns the store's record of its log: the head of the chain and
// what waits to be sealed.
func (s *Service) State(ctx context.Context) (State, error) { return s.state(ctx) }
