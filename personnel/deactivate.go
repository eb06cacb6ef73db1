package personnel

import (
	"context"
	"strconv"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// Deactivation says what Deactivate changed. Calling Deactivate on someone
// already deactivated changes nothing and says so.
type Deactivation struct {
	PersonID string
	// PersonDeactivated: the profile went from active to "Inactive Person".
	PersonDeactivated bool
	// HasLogin: the person has a login (full system user or referral user).
	HasLogin bool
	// LoginDisabled: the login was shut (inactive, password replaced by an
	// unusable random secret).
	LoginDisabled bool
	// SessionsRevoked and LinksInvalidated count what the login lost.
	SessionsRevoked  int
	LinksInvalidated int
	// Ended is the access Config.OnDeactivate ended in the same
	// transaction, by kind ("video_shares_revoked": every video share the
	// person held as grantee, so every ticket for it stops).
	Ended []Reference
	// Outstanding is what the person still holds that someone must take
	// over: open referrals they submitted, personnel groups they are in,
	// live video shares they created as staff (see OutstandingFinder), and
	// the host's records (Config.References), each kind with its count.
	Outstanding []Reference
}

// Changed reports whether anything changed.
func (d Deactivation) Changed() bool {
	return d.PersonDeactivated || d.LoginDisabled || len(d.Ended) > 0
}

// Deactivate is the steps of CAC CareNet's help article "Deactivating a
// Personnel Profile" as one call, for someone who leaves or whose
// internship ends: the profile becomes "Inactive Person"; if they have a
// login, it goes inactive, its password is replaced by an unusable random
// secret, every session is revoked and every password link invalidated. A
// profile without a login only becomes inactive. In the same transaction
// Config.OnDeactivate ends the access the person holds elsewhere (every
// video share they hold as grantee is revoked; Reactivate brings none
// back). The result, and the audit event, say what the person still
// holds that someone must take over (Deactivation.Outstanding). The reason
// and the actor are recorded in the audit log, in the same transaction. It needs
// DeactivatePersonnel, and a login that holds a permission the actor lacks
// is refused (auth.ErrOutranked): no one takes access away from someone
// who outranks them. The last standing administrator (see
// auth.StandingAdministrator) is never deactivated
// (auth.ErrLastAdministrator). Nothing changes on a refusal, and the
// result of any error is zero (what the person holds is gathered only past
// the rank, so a refusal tells nothing of it); calling it twice is
// harmless, and an actor the login outranks is refused the second time
// too. From the moment it returns the person cannot log in
// and an existing session token no longer authenticates.
// It needs a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) Deactivate(ctx context.Context, actor *auth.Principal, id, reason string) (_ Deactivation, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Deactivate")(&callErr)
	if err := s.mayEnd(actor, reason); err != nil {
		return Deactivation{}, err
	}
	hostRefs, err := s.hostReferences(ctx, "personnel.Deactivate", id)
	if err != nil {
		return Deactivation{}, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (Deactivation, error) {
		return s.deactivateTx(ctx, tx, actor, id, reason, hostRefs)
	})
}

// deactivateTx deactivates one person inside tx, as actor (nil: the
// system); hostRefs are the host's references to them. It ends the login
// as every end of a login does (endLogin). A login that holds more than
// the actor is refused (auth.ErrOutranked), and so is the last standing
// administrator (auth.ErrLastAdministrator), whoever the actor; only past
// the rank is what the person still holds gathered, so a refusal tells
// nothing of it. It costs, on a SQL store, the hooks' statements, one
// statement to read the person, one for the account, one for the rank's
// security groups, one to update the person, one to disable the login,
// one for what the person still holds, and the audit append; an
// administrator's also reads the others.
func (s *Service) deactivateTx(ctx context.Context, tx Tx, actor *auth.Principal, id, reason string, hostRefs []Reference) (Deactivation, error) {
	actorID := actor.ActorID()
	now := s.cfg.Clock.Now()
	personDeactivated := false
	e, err := s.endLogin(ctx, tx, Leaver{ActorID: actorID, PersonID: id, Reason: reason}, func(e loginEnd) (bool, error) {
		if err := requireRank(ctx, tx, actor, e.acct, e.hasLogin); err != nil {
			return false, err
		}
		p := e.person
		if p.State == Inactive && (!e.hasLogin || !e.acct.Active) {
			// Nothing left to shut but what the hooks ended.
			return false, nil
		}
		after, afterAcct := p, e.acct
		after.State, afterAcct.Active = Inactive, false
		if err := keepAdministrator(ctx, tx, p, after, e.acct, afterAcct, e.hasLogin, now); err != nil {
			return false, err
		}
		if p.State == Active {
			p.State, p.StateChangedAt, p.StateReason, p.StateChangedBy = Inactive, now, reason, actorID
			p.UpdatedAt = now
			if _, err := tx.People().Update(ctx, p); err != nil {
				return false, err
			}
			personDeactivated = true
		}
		return true, nil
	})
	if err != nil {
		return Deactivation{}, err
	}
	held, err := tx.People().Outstanding(ctx, id, now)
	if err != nil {
		return Deactivation{}, err
	}
	out := Deactivation{PersonID: id, PersonDeactivated: personDeactivated, HasLogin: e.hasLogin,
		Ended: e.ended, Outstanding: append(held, hostRefs...)}
	if e.disabled != nil {
		out.LoginDisabled = true
		out.SessionsRevoked, out.LinksInvalidated = e.disabled.SessionsRevoked, e.disabled.LinksInvalidated
	}
	if !out.Changed() {
		return out, nil
	}
	details := map[string]string{"reason": reason, "has_login": strconv.FormatBool(e.hasLogin)}
	e.details(details)
	if e.disabled != nil {
		details["login_was_active"] = strconv.FormatBool(e.disabled.WasActive)
	}
	if len(out.Outstanding) > 0 {
		details["outstanding"] = describeRefs(out.Outstanding)
	}
	return out, s.record(ctx, tx, audit.Event{ActorID: actorID, Action: EventDeactivated, TargetType: audit.TargetPerson, TargetID: id, Details: details})
}

// Reactivation is a profile made active again, with the set-password link
// its login needs (delivered to the person when auth has a Deliverer).
type Reactivation struct {
	Profile Profile
	// Link is the set-password link for the login; nil for a contact.
	Link *auth.IssuedLink
}

// Reactivate makes an inactive profile active again. It needs
// ReactivatePersonnel. A login comes back only through a fresh
// set-password link, never with the old password: with auth's
// Config.Deliverer the link goes to the person and Reactivation.Link holds
// no token; without it the link is returned, and only to an actor who
// reaches everything the login reaches (its permissions, portal
// capabilities, shared videos and referrals; auth.ErrOutranked
// otherwise). Either way a login whose security groups grant a permission
// the actor lacks is refused (auth.ErrOutranked). A person whose end date
// has passed is refused (Invalid, field "end_date"): change the end date
// first, or the next sweep would deactivate them again. It needs a recent
// sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) Reactivate(ctx context.Context, actor *auth.Principal, id, reason string) (_ *Reactivation, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Reactivate")(&callErr)
	if err := s.mayBringBack(actor, reason); err != nil {
		return nil, err
	}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Reactivation, error) {
		var out Reactivation
		// A reactivation never brings a share back: whatever access the
		// hooks end is ended again here (shares a deactivation made before
		// the hooks were configured left live), before the person is read,
		// in the order a deactivation takes its locks.
		ended, err := s.endAccess(ctx, tx, Leaver{ActorID: actor.PersonID, PersonID: id, Reason: reason})
		if err != nil {
			return Reactivation{}, err
		}
		p, err := tx.People().Get(ctx, id)
		if err != nil {
			return Reactivation{}, err
		}
		if p.State == Active {
			return Reactivation{}, carenet.Errorf(carenet.Conflict, "%s is already active", p.DisplayName())
		}
		now := s.cfg.Clock.Now()
		if auth.EndReached(p.EndDate, now) {
			var pr carenet.Problems
			pr.Add("end_date", "passed", "has passed; change or clear it before reactivating")
			return Reactivation{}, carenet.E("personnel.Reactivate", carenet.Invalid, "", pr.Err())
		}
		p.State, p.StateChangedAt, p.StateReason, p.StateChangedBy = Active, now, reason, actor.PersonID
		p.UpdatedAt = now
		if p, err = tx.People().Update(ctx, p); err != nil {
			return Reactivation{}, err
		}
		out.Profile.Person = p
		details := map[string]string{"reason": reason}
		if len(ended) > 0 {
			details["ended"] = describeRefs(ended)
		}
		acct, hasLogin, err := account(ctx, tx, id)
		if err != nil {
			return Reactivation{}, err
		}
		if hasLogin {
			a, link, err := s.bringBack(ctx, tx, actor, acct)
			if err != nil {
				return Reactivation{}, err
			}
			out.Profile.Login, out.Link = loginOf(a), link
			details["account"] = a.ID
		}
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventReactivated, TargetType: audit.TargetPerson, TargetID: id, Details: details})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SweepReason is the reason recorded for people the sweep deactivates.
const SweepReason = "end date passed"

// BulkItem is the outcome for one person of a bulk deactivation or sweep.
type BulkItem struct {
	// PersonID is the person.
	PersonID string
	// Result is what Deactivate changed for them; zero when Err is set.
	Result Deactivation
	// Err is nil when this person was deactivated (or already was).
	Err error
}

// BulkResult lists the outcome for each person, in the order given.
type BulkResult struct {
	Items []BulkItem
}

// Failed returns the items that failed.
func (r BulkResult) Failed() []BulkItem {
	var out []BulkItem
	for _, it := range r.Items {
		if it.Err != nil {
			out = append(out, it)
		}
	}
	return out
}

// DeactivateMany deactivates several people at once (an internship cohort
// ending). Each person is deactivated in a transaction of their own, so one
// failure (an unknown id, someone who outranks the actor, the last
// standing administrator: the refusals of Deactivate) does not stop the
// others; the result says which succeeded. It needs DeactivatePersonnel
// and a recent sign-in (auth.ErrReauthenticationRequired), checked once:
// without them nothing changes.
func (s *Service) DeactivateMany(ctx context.Context, actor *auth.Principal, ids []string, reason string) (_ BulkResult, callErr error) {
	defer s.obs.Call(&ctx, "personnel.DeactivateMany")(&callErr)
	if err := s.mayEnd(actor, reason); err != nil {
		return BulkResult{}, err
	}
	res := BulkResult{Items: make([]BulkItem, 0, len(ids))}
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return res, carenet.E("personnel.DeactivateMany", carenet.Canceled, "", err)
		}
		res.Items = append(res.Items, s.deactivateOne(ctx, actor, id, reason))
	}
	return res, nil
}

// SweepEndDates deactivates everyone active whose end date is on or before
// now, each in a transaction of its own, with the system as actor and
// SweepReason as the reason. The host runs it from a scheduler; it reports
// whom it deactivated and who failed. No rank binds it: the system acts,
// and the end date an authorised actor set has already ended the person's
// access (auth.EndReached). The rule that an administrator must
// remain binds it like anyone, but never stops it: a standing
// administrator has no end date, and Edit refuses to give the last one
// an end date.
func (s *Service) SweepEndDates(ctx context.Context) (_ BulkResult, callErr error) {
	defer s.obs.Call(&ctx, "personnel.SweepEndDates")(&callErr)
	const batch = 200
	var res BulkResult
	now := s.cfg.Clock.Now()
	failed := map[string]bool{}
	for {
		due, err := carenet.View(ctx, s.store, func(tx Tx) ([]Person, error) {
			return EndDatePassed(ctx, tx.People(), now, batch+len(failed))
		})
		if err != nil {
			return res, err
		}
		progressed := false
		for _, p := range due {
			if failed[p.ID] {
				continue
			}
			it := s.deactivateOne(ctx, nil, p.ID, SweepReason)
			if it.Err != nil {
				failed[p.ID] = true
			}
			progressed = true
			res.Items = append(res.Items, it)
		}
		// Each pass deactivates or marks failed at least one new person, so
		// the loop ends.
		if !progressed {
			return res, nil
		}
	}
}

// deactivateOne deactivates one person in a transaction of their own, as
// actor (nil: the system), for the bulk calls.
func (s *Service) deactivateOne(ctx context.Context, actor *auth.Principal, id, reason string) BulkItem {
	hostRefs, err := s.hostReferences(ctx, "personnel.Deactivate", id)
	if err != nil {
		return BulkItem{PersonID: id, Err: err}
	}
	d, err := carenet.Update(ctx, s.store, func(tx Tx) (Deactivation, error) {
		return s.deactivateTx(ctx, tx, actor, id, reason, hostRefs)
	})
	if err != nil {
		return BulkItem{PersonID: id, Err: err}
	}
	return BulkItem{PersonID: id, Result: d}
}
