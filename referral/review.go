package referral

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// The reviewer's calls below need ReviewReferrals, take the version the
// reviewer opened (an older one is a Conflict and changes nothing), follow
// Transition (an illegal move is a Conflict), and record the change in the
// referral's history and in the audit log with who did it and why. Messages
// and reasons are up to MaxMessageLength characters and may span lines.

// review applies a reviewer's change to referral id at version, once
// actor holds ReviewReferrals and the text named name (none when name is
// empty) passes the rules of a required message.
func (s *Service) review(ctx context.Context, actor *auth.Principal, id string, version int64, name, text string, c change) (Referral, error) {
	if err := reviewer(actor, name, text, true); err != nil {
		return Referral{}, err
	}
	return s.apply(ctx, actor, id, version, c)
}

// MarkUnderReview marks a submitted referral under review.
func (s *Service) MarkUnderReview(ctx context.Context, actor *auth.Principal, id string, version int64) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.MarkUnderReview")(&callErr)
	return s.review(ctx, actor, id, version, "", "", change{action: ActionReview})
}

// RequestInfo sends a referral back to its referrer asking for more
// information; message (required) says what is needed. The referrer edits
// the referral and submits it again.
func (s *Service) RequestInfo(ctx context.Context, actor *auth.Principal, id string, version int64, message string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.RequestInfo")(&callErr)
	return s.review(ctx, actor, id, version, "message", message, change{action: ActionRequestInfo, message: message})
}

// Reject sends a referral back to its referrer with a reason (required),
// which they see. They may edit it and submit it again.
func (s *Service) Reject(ctx context.Context, actor *auth.Principal, id string, version int64, reason string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Reject")(&callErr)
	return s.review(ctx, actor, id, version, "reason", reason, change{action: ActionReject, message: reason})
}

// Message sends the referrer a message (required) about a submitted
// referral, whatever its status; the status stays.
func (s *Service) Message(ctx context.Context, actor *auth.Principal, id string, version int64, message string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Message")(&callErr)
	return s.review(ctx, actor, id, version, "message", message, change{action: ActionMessage, message: message})
}

// Delete deletes a referral that was not accepted or merged, with an
// internal reason (required). Deleted is a status: the record and its
// history are kept, and the submitter sees it deleted.
func (s *Service) Delete(ctx context.Context, actor *auth.Principal, id string, version int64, reason string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Delete")(&callErr)
	return s.review(ctx, actor, id, version, "reason", reason, change{action: ActionDelete, note: reason})
}

// Merge marks referral id a duplicate of referral into, with an optional
// internal reason. id must be open (submitted, under review, or sent back);
// into must be another referral that was submitted and is neither merged
// nor deleted (an accepted one will do). id becomes merged (MergedInto is
// set) and into lists it in MergedFrom; both get an audit event.
func (s *Service) Merge(ctx context.Context, actor *auth.Principal, id string, version int64, into, reason string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Merge")(&callErr)
	const op = "referral.Merge"
	if err := actor.Require(auth.ReviewReferrals); err != nil {
		return Referral{}, err
	}
	var p carenet.Problems
	p.Text("reason", reason, false, MaxMessageLength, true)
	if p.Text("into", into, true, MaxCaseIDLength, false) && into == id {
		p.Add("into", carenet.RuleNotAllowed, "a referral cannot be merged into itself")
	}
	if err := p.Err(); err != nil {
		return Referral{}, carenet.E(op, carenet.Invalid, "", err)
	}
	return s.apply(ctx, actor, id, version, change{action: ActionMerge, note: reason,
		prepare: func(ctx context.Context, tx Tx, r *Referral, details map[string]string) error {
			target, err := loadQueued(ctx, tx, into)
			if err != nil {
				return carenet.E(op, carenet.NotFound, "the referral to merge into was not found", err)
			}
			if target.Status == StatusMerged || target.Status == StatusDeleted {
				return &carenet.Error{Code: carenet.Conflict, Op: op, Message: "cannot merge into a referral that is " + statusWords[target.Status]}
			}
			if len(target.MergedFrom) >= MaxHistory {
				return errFull
			}
			target.MergedFrom = append(target.MergedFrom, r.ID)
			target.UpdatedAt = s.cfg.Clock.Now()
			if _, err := tx.Referrals().Update(ctx, target); err != nil {
				return err
			}
			if _, err := s.rec.Record(ctx, tx.Audit(), audit.Event{ActorID: actor.PersonID, Action: EventMergeReceived,
				TargetType: audit.TargetReferral, TargetID: target.ID, Details: map[string]string{"merged": r.ID}}); err != nil {
				return err
			}
			r.MergedInto = target.ID
			details["into"] = target.ID
			return nil
		}})
}
