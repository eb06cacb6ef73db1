package personnel

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
)

// The kinds of reference Deactivation.Outstanding reports from the SDK's
// own records, when their count is not zero.
const (
	// OutstandingOpenReferrals counts referrals the person submitted that
	// are neither drafts nor final (accepted, merged or deleted).
	OutstandingOpenReferrals = "open_referrals"
	// OutstandingPersonnelGroups counts the personnel groups the person is in.
	OutstandingPersonnelGroups = "personnel_groups"
	// OutstandingSharesCreated counts the video shares the person created as
	// staff that are neither revoked nor expired.
	OutstandingSharesCreated = "live_video_shares_created"
)

// Leaver is the person whose access ends, as a DeactivateHook sees it.
type Leaver struct {
	// ActorID is who acts; empty for the system (the end-date and
	// dormant-login sweeps).
	ActorID string
	// PersonID is the person whose access ends.
	PersonID string
	// Reason is the change's reason.
	Reason string
	// LoginOnly says the person stays active and only their login ends or
	// starts again (DisableLogin, RemoveLogin, the dormant-login sweep,
	// EnableLogin, GiveLogin); false for Deactivate and Reactivate. A hook
	// that ends more than access a login gives (the person's work,
	// reassigned) does that only when it is false.
	LoginOnly bool
}

// DeactivateHook ends, inside the transaction of a deactivation or of any
// end of a login (DisableLogin, RemoveLogin, the dormant-login sweep),
// access the person holds in a package personnel does not import: a video
// share they hold as grantee, in package video (video.Service is one).
// The store's transaction is one value that is every package's Tx, so a
// hook asserts tx to its own package's Tx. It returns what it ended, by
// kind; an error fails the change, which then changes nothing. A hook
// runs on every such change, also of someone already inactive, and again
// before a login comes back (Reactivate, EnableLogin, GiveLogin), so that
// access left from before the hook was set up ends too and never returns
// with a login; it must be harmless when there is nothing left to end.
type DeactivateHook interface {
	EndAccess(ctx context.Context, tx Tx, l Leaver) ([]Reference, error)
}

// OutstandingFinder is implemented by stores' person repositories: what a
// person still holds that someone must take over when they leave.
type OutstandingFinder interface {
	// Outstanding reports, in this order and only when their count is not
	// zero: OutstandingOpenReferrals, OutstandingPersonnelGroups and
	// OutstandingSharesCreated (live at now). No such person has none.
	Outstanding(ctx context.Context, personID string, now time.Time) ([]Reference, error)
}

// hostReferences asks the host's ReferenceFinder, if any, what of theirs
// refers to the person, keeping the kinds with a count.
func (s *Service) hostReferences(ctx context.Context, op, id string) ([]Reference, error) {
	if s.cfg.References == nil {
		return nil, nil
	}
	refs, err := s.cfg.References.References(ctx, id)
	if err != nil {
		return nil, carenet.E(op, carenet.Internal, "could not check the host's records for references", err)
	}
	out := refs[:0:0]
	for _, r := range refs {
		if r.Count > 0 {
			out = append(out, r)
		}
	}
	return out, nil
}

// endAccess runs the deactivate hooks in tx and gathers what they ended.
// No person ID names no one: the hooks do not run, and the read of the
// person that follows answers NotFound, as for any unknown ID.
func (s *Service) endAccess(ctx context.Context, tx Tx, l Leaver) ([]Reference, error) {
	if l.PersonID == "" {
		return nil, nil
	}
	var ended []Reference
	for _, h := range s.cfg.OnDeactivate {
		refs, err := h.EndAccess(ctx, tx, l)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			if r.Count > 0 {
				ended = append(ended, r)
			}
		}
	}
	return ended, nil
}
