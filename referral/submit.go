package referral

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// SaveDraft saves a new referral as a draft, to finish and submit later
// (SubmitDraft). A draft passes only CheckDraft: its kind must be known and
// its text safe to keep; nothing else is required until it is submitted.
// The actor must be allowed to author the kind (MaySubmit). With a key,
// see Submit.
func (s *Service) SaveDraft(ctx context.Context, actor *auth.Principal, key string, f Form) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.SaveDraft")(&callErr)
	return s.create(ctx, actor, key, f, ActionSaveDraft)
}

// Submit submits a new referral to the CAC's intake queue. The form must
// pass Validate, and the actor must be allowed to author its kind
// (MaySubmit). The received date is today (in Rules.Location) for a portal
// user; CAC staff may give an earlier one, and get today without one.
//
// key, when not empty, makes the call idempotent: a submitter's second
// call with a key they used before (a retry after a lost answer) makes
// nothing and returns the referral the first call made, as it is now. The
// retry must repeat the first call: the same action (a key that saved a
// draft cannot submit) and the same form (the received date aside when
// the service set it), compared with the referral's form as it stands, so
// a retry after the submitter edited it is refused too; anything else is a
// Conflict naming the key, and nothing changes. Keys are the submitter's own (two submitters may use
// the same key) and are kept with the referral.
func (s *Service) Submit(ctx context.Context, actor *auth.Principal, key string, f Form) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Submit")(&callErr)
	return s.create(ctx, actor, key, f, ActionSubmit)
}

// create makes a new referral by action (save_draft or submit).
func (s *Service) create(ctx context.Context, actor *auth.Principal, key string, f Form, action Action) (Referral, error) {
	const op = "referral.Submit"
	if err := requireSubmitter(actor); err != nil {
		return Referral{}, err
	}
	if f.Kind.Valid() {
		if err := MaySubmit(actor, f.Kind); err != nil {
			return Referral{}, err
		}
	}
	now := s.cfg.Clock.Now()
	f = normalize(f)
	serverReceived := false
	if action == ActionSubmit {
		serverReceived = s.receive(actor, &f, now)
	}
	c := checker{full: action == ActionSubmit}
	c.form(&f, now, s.cfg.Rules)
	c.text(field("idempotency_key"), key, false, MaxIdempotencyKey, false)
	if c.p.Len() > 0 {
		return Referral{}, carenet.E(op, carenet.Invalid, "", c.p.Err())
	}
	r := Referral{
		ID: s.cfg.IDs.NewID(), Form: f, SubmitterID: actor.PersonID, IdempotencyKey: key,
		CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	if err := move(&r, action, actor.PersonID, now, "", ""); err != nil {
		return Referral{}, err
	}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Referral, error) {
		if key != "" {
			first, err := ByKey(ctx, tx.Referrals(), actor.PersonID, key)
			if err == nil {
				return first, sameRequest(first, action, f, serverReceived)
			}
			if carenet.ErrorCode(err) != carenet.NotFound {
				return Referral{}, err
			}
		}
		if err := tx.Referrals().Create(ctx, r); err != nil {
			return Referral{}, err
		}
		return r, s.record(ctx, tx, event{actorID: actor.PersonID, action: action, id: r.ID, from: StatusNone, to: r.Status, details: map[string]string{"kind": string(r.Kind)}})
	})
	if carenet.ErrorCode(err) == carenet.Conflict && key != "" {
		// Another call with the key may have won the race: return its
		// referral. A conflict of another kind (a taken ID) stays the
		// error.
		first, verr := carenet.View(ctx, s.store, func(tx Tx) (Referral, error) {
			return ByKey(ctx, tx.Referrals(), actor.PersonID, key)
		})
		switch carenet.ErrorCode(verr) {
		case "":
			out, err = first, sameRequest(first, action, f, serverReceived)
		case carenet.NotFound:
		default:
			err = verr
		}
	}
	if err != nil {
		return Referral{}, err
	}
	return ForSubmitter(out), nil
}

// receive sets the date the CAC received a referral being submitted:
// today, unless CAC staff gave one. It reports whether it set the date.
func (s *Service) receive(actor *auth.Principal, f *Form, now time.Time) bool {
	if f.ReceivedDate == nil || !actor.Can(auth.SubmitReferrals) {
		d := today(now, s.cfg.Rules.Location)
		f.ReceivedDate = &d
		return true
	}
	return false
}

// Edit replaces the form of the actor's own referral at version: a draft,
// or a referral the CAC sent back (info requested or rejected). Like a
// draft, the new form passes CheckDraft only; it is validated when it is
// submitted again (SubmitDraft). The actor must be allowed to author the
// new kind. The received date stays as the CAC recorded it, unless the
// actor is CAC staff.
func (s *Service) Edit(ctx context.Context, actor *auth.Principal, id string, version int64, f Form) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.Edit")(&callErr)
	const op = "referral.Edit"
	if err := requireSubmitter(actor); err != nil {
		return Referral{}, err
	}
	if f.Kind.Valid() {
		if err := MaySubmit(actor, f.Kind); err != nil {
			return Referral{}, err
		}
	}
	f = normalize(f)
	if err := CheckDraft(Referral{Form: f}); err != nil {
		return Referral{}, carenet.E(op, carenet.Invalid, "", err)
	}
	return s.apply(ctx, actor, id, version, change{action: ActionEdit, submitter: true,
		prepare: func(_ context.Context, _ Tx, r *Referral, details map[string]string) error {
			if !actor.Can(auth.SubmitReferrals) {
				f.ReceivedDate = r.ReceivedDate
			}
			details["kind"] = string(f.Kind)
			r.Form = f
			return nil
		}})
}

// SubmitDraft submits the actor's own draft, or resubmits a referral the
// CAC sent back after the actor edited it (Edit), with an optional message
// to the CAC. The saved form must pass Validate; the received date is set
// as by Submit when it has none.
func (s *Service) SubmitDraft(ctx context.Context, actor *auth.Principal, id string, version int64, message string) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.SubmitDraft")(&callErr)
	const op = "referral.SubmitDraft"
	if err := requireSubmitter(actor); err != nil {
		return Referral{}, err
	}
	if err := checkText(op, "message", message, false); err != nil {
		return Referral{}, err
	}
	return s.apply(ctx, actor, id, version, change{action: ActionSubmit, submitter: true, message: message,
		prepare: func(_ context.Context, _ Tx, r *Referral, _ map[string]string) error {
			if err := MaySubmit(actor, r.Kind); err != nil {
				return err
			}
			now := s.cfg.Clock.Now()
			if r.ReceivedDate == nil {
				s.receive(actor, &r.Form, now)
			}
			if err := Validate(*r, now, s.cfg.Rules); err != nil {
				return carenet.E(op, carenet.Invalid, "", err)
			}
			return nil
		}})
}

// DiscardDraft deletes the actor's own draft (its status becomes deleted;
// the record stays). Only a draft may be discarded by its submitter; a
// referral in the CAC's hands is the CAC's to delete.
func (s *Service) DiscardDraft(ctx context.Context, actor *auth.Principal, id string, version int64) (_ Referral, callErr error) {
	defer s.obs.Call(&ctx, "referral.DiscardDraft")(&callErr)
	const op = "referral.DiscardDraft"
	if err := requireSubmitter(actor); err != nil {
		return Referral{}, err
	}
	return s.apply(ctx, actor, id, version, change{action: ActionDelete, submitter: true,
		prepare: func(_ context.Context, _ Tx, r *Referral, _ map[string]string) error {
			if r.Status != StatusDraft {
				return &carenet.Error{Code: carenet.Conflict, Op: op, Message: "only a draft can be discarded"}
			}
			return nil
		}})
}

// normalize returns f with its dates as calendar days (midnight UTC),
// sharing no memory with the caller's dates or lists.
func normalize(f Form) Form {
	f = f.Clone()
	f.IncidentDate, f.ReportedDate, f.ReceivedDate = dayPtr(f.IncidentDate), dayPtr(f.ReportedDate), dayPtr(f.ReceivedDate)
	for i := range f.Children {
		f.Children[i].DateOfBirth = dayPtr(f.Children[i].DateOfBirth)
	}
	for i := range f.Offenders {
		f.Offenders[i].DateOfBirth = dayPtr(f.Offenders[i].DateOfBirth)
	}
	return f
}

// dayPtr is the calendar day of *t (in UTC) as midnight UTC, or nil.
func dayPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := today(*t, time.UTC)
	return &d
}
