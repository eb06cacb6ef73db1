package personnel

import (
	"cmp"
	"context"
	"errors"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// errNotDue ends, rolled back, the transaction of a dormant-login sweep
// for a login that is no longer due (used, disabled or removed since the
// sweep listed it).
var errNotDue = errors.New("personnel: the login is no longer due")

// ErrNoLogin refuses a change of a login the person does not have.
var ErrNoLogin = &carenet.Error{Code: carenet.NotFound, Op: "personnel", Message: "this person has no login"}

// LoginDisabled says what DisableLogin changed.
type LoginDisabled struct {
	// Changed: the login went from active to inactive.
	Changed bool
	// SessionsRevoked and LinksInvalidated count what the login lost.
	SessionsRevoked  int
	LinksInvalidated int
	// Ended is the access Config.OnDeactivate ended with the login, by
	// kind (see Deactivation.Ended).
	Ended []Reference
}

// DisableLogin switches off only the login (the "Active" box of CAC
// CareNet's help article "Deactivating a Personnel Profile"):
// the person stays active, e.g. on leave. It ends what every end of a
// login ends (see the package documentation): the password is replaced by
// an unusable secret, every session is revoked, every password link
// invalidated, and every access Config.OnDeactivate ends (every video
// share the person holds as grantee; EnableLogin brings none back), in
// one transaction with its audit event. It needs DeactivatePersonnel; a
// login that holds more than the actor is refused (auth.ErrOutranked),
// and so is the last standing administrator (auth.ErrLastAdministrator).
// A person without a login is ErrNoLogin (NotFound). Disabling a disabled
// login changes nothing but what a hook still ends. On an error the
// result is zero and nothing changes. EnableLogin brings it back.
// It needs a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) DisableLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ LoginDisabled, callErr error) {
	defer s.obs.Call(&ctx, "personnel.DisableLogin")(&callErr)
	if err := s.mayEnd(actor, reason); err != nil {
		return LoginDisabled{}, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (LoginDisabled, error) {
		return s.disableLoginTx(ctx, tx, actor, personID, reason, nil, nil)
	})
}

// disableLoginTx disables the person's login in tx as actor (nil: the
// system), for DisableLogin and the dormant sweep, with extra in the
// audit event's details. due, when not nil, is asked in the transaction,
// before anything is decided, whether the login (zero when the person has
// none) is still to be disabled; if not, the result is errNotDue and the
// caller rolls back.
func (s *Service) disableLoginTx(ctx context.Context, tx Tx, actor *auth.Principal, personID, reason string, extra map[string]string, due func(auth.Account) (bool, error)) (LoginDisabled, error) {
	e, err := s.endLogin(ctx, tx, Leaver{ActorID: actor.ActorID(), PersonID: personID, Reason: reason, LoginOnly: true},
		func(e loginEnd) (bool, error) {
			if due != nil {
				if ok, err := due(e.acct); err != nil || !ok {
					return false, cmp.Or(err, errNotDue)
				}
			}
			return e.acct.Active, s.shutLogin(ctx, tx, actor, e)
		})
	if err != nil {
		return LoginDisabled{}, err
	}
	out := LoginDisabled{Changed: e.disabled != nil, Ended: e.ended}
	if e.disabled != nil {
		out.SessionsRevoked, out.LinksInvalidated = e.disabled.SessionsRevoked, e.disabled.LinksInvalidated
	}
	if !out.Changed && len(out.Ended) == 0 {
		return out, nil
	}
	details := map[string]string{"reason": reason, "account": e.acct.ID}
	for k, v := range extra {
		details[k] = v
	}
	e.details(details)
	return out, s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventLoginDisabled, TargetType: audit.TargetPerson, TargetID: personID, Details: details})
}

// EnableLogin switches a disabled login of an active person back on. As
// with Reactivate, the login comes back only through a fresh set-password
// link (delivered to the person when auth has a Deliverer, else returned
// only to an actor who reaches all the login reaches), never with the old
// password, and none of the access that ended with it comes back: the
// hooks of Config.OnDeactivate run again first (see the package
// documentation), ending what one left live, recorded in the audit
// event's "ended". It needs ReactivatePersonnel; a login that holds more
// than the actor is refused (auth.ErrOutranked). An inactive person is a
// Conflict (Reactivate them), an active login a Conflict, no login
// ErrNoLogin. It needs a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) EnableLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ *Reactivation, callErr error) {
	defer s.obs.Call(&ctx, "personnel.EnableLogin")(&callErr)
	if err := s.mayBringBack(actor, reason); err != nil {
		return nil, err
	}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Reactivation, error) {
		var out Reactivation
		// Before the person is read, in the order an end of a login
		// takes its locks.
		ended, err := s.endAccess(ctx, tx, Leaver{ActorID: actor.ActorID(), PersonID: personID, Reason: reason, LoginOnly: true})
		if err != nil {
			return Reactivation{}, err
		}
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return Reactivation{}, err
		}
		switch {
		case !hasLogin:
			return Reactivation{}, ErrNoLogin
		case !p.Active():
			return Reactivation{}, carenet.Errorf(carenet.Conflict, "%s is inactive; reactivate the person instead", p.DisplayName())
		case acct.Active:
			return Reactivation{}, carenet.Errorf(carenet.Conflict, "the login of %s is already active", p.DisplayName())
		}
		a, link, err := s.bringBack(ctx, tx, actor, acct)
		if err != nil {
			return Reactivation{}, err
		}
		out = Reactivation{Profile: Profile{Person: p, Login: loginOf(a)}, Link: link}
		details := map[string]string{"reason": reason, "account": a.ID}
		loginEnd{ended: ended}.details(details)
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventLoginEnabled, TargetType: audit.TargetPerson, TargetID: personID, Details: details})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// GiveLogin gives an existing contact a login ("Is User" after creation),
// with every rule Create keeps for a login: it needs EditPersonnel and
// ManageSecurityGroups (and ManagePortalAccess to turn portal switches
// on); the username, password and groups are checked and reported at once
// (Invalid, fields under "login."); the groups may grant only what the
// actor holds, and the actor must reach everything the login reaches,
// the person's holdings (the video shares granted to them, the referrals
// they wrote) included, whether its link is delivered or returned
// (auth.ErrOutranked; see auth.Service.CreateLoginTx): the delivery goes
// to the contact details anyone with EditPersonnel may have set. The
// person must be active (Conflict) and have no login (Conflict). Access
// an earlier login's end left live (a hook of Config.OnDeactivate not
// configured then) ends first and never comes back with the new login.
// Audited with the username.
// Applying security groups, it needs a recent sign-in
// (auth.ErrReauthenticationRequired otherwise).
func (s *Service) GiveLogin(ctx context.Context, actor *auth.Principal, personID string, spec auth.LoginSpec) (_ *Created, callErr error) {
	defer s.obs.Call(&ctx, "personnel.GiveLogin")(&callErr)
	if err := actor.Require(auth.EditPersonnel); err != nil {
		return nil, err
	}
	if err := actor.Require(auth.ManageSecurityGroups); err != nil {
		return nil, err
	}
	if spec.Portal != (portal.Access{}) {
		if err := actor.Require(auth.ManagePortalAccess); err != nil {
			return nil, err
		}
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return nil, err
	}
	p0, err := carenet.View(ctx, s.store, func(tx Tx) (Person, error) {
		return tx.People().Get(ctx, personID)
	})
	if err != nil {
		return nil, err
	}
	var pr carenet.Problems
	s.checkNewLogin(&spec, p0.Fields, &pr)
	if err := pr.Err(); err != nil {
		return nil, carenet.E("personnel.GiveLogin", carenet.Invalid, "", err)
	}
	hash := ""
	if spec.Password != "" {
		var err error
		if hash, err = s.auth.HashPassword(ctx, spec.Password); err != nil {
			return nil, err
		}
	}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Created, error) {
		var out Created
		// A new login brings back no access an earlier one ended: what a
		// hook left live (a share of a login removed before the hook was
		// configured) ends first, in the order an end of a login takes
		// its locks.
		ended, err := s.endAccess(ctx, tx, Leaver{ActorID: actor.ActorID(), PersonID: personID, Reason: "login given", LoginOnly: true})
		if err != nil {
			return Created{}, err
		}
		p, _, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return Created{}, err
		}
		if hasLogin {
			return Created{}, carenet.Errorf(carenet.Conflict, "%s already has a login", p.DisplayName())
		}
		if !p.Active() {
			return Created{}, carenet.Errorf(carenet.Conflict, "%s is inactive; reactivate the person first", p.DisplayName())
		}
		a, link, err := s.auth.CreateLoginTx(ctx, tx, actor, personID, spec, hash, "login.")
		if err != nil {
			return Created{}, err
		}
		out = Created{Profile: Profile{Person: p, Login: loginOf(a)}, Link: link}
		details := map[string]string{"username": a.Username, "account": a.ID}
		loginEnd{ended: ended}.details(details)
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventLoginGiven, TargetType: audit.TargetPerson, TargetID: personID, Details: details})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// LoginRemoved says what RemoveLogin took away with the login.
type LoginRemoved struct {
	// Username is the login's username, free again.
	Username string
	// SessionsRevoked and LinksInvalidated count what was live when it went.
	SessionsRevoked  int
	LinksInvalidated int
	// Ended is the access Config.OnDeactivate ended with the login, by
	// kind (see Deactivation.Ended).
	Ended []Reference
}

// RemoveLogin takes a person's login away while the person stays (a user
// who becomes a contact: the "Is User" box of CAC CareNet's help article
// "Referral & Video User Setup (Portal)" unticked). It ends
// what every end of a login ends (see the package documentation): every
// session and password link, and every access Config.OnDeactivate ends
// (every video share the person holds as grantee; a login given later
// brings none back); then the account, its credentials, links and
// sessions are deleted, in one transaction with its audit event (which
// keeps the username and the counts). It needs EditPersonnel and
// ManageSecurityGroups, the rights GiveLogin needs; a login that holds
// more than the actor is refused (auth.ErrOutranked), and so is the last
// standing administrator (auth.ErrLastAdministrator). A person without a
// login is ErrNoLogin. On an error the result is zero and nothing
// changes. GiveLogin gives them one again.
// It needs a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) RemoveLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ LoginRemoved, callErr error) {
	defer s.obs.Call(&ctx, "personnel.RemoveLogin")(&callErr)
	if err := actor.Require(auth.EditPersonnel); err != nil {
		return LoginRemoved{}, err
	}
	if err := actor.Require(auth.ManageSecurityGroups); err != nil {
		return LoginRemoved{}, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return LoginRemoved{}, err
	}
	if err := checkReason(reason); err != nil {
		return LoginRemoved{}, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (LoginRemoved, error) {
		var out LoginRemoved
		e, err := s.endLogin(ctx, tx, Leaver{ActorID: actor.ActorID(), PersonID: personID, Reason: reason, LoginOnly: true},
			func(e loginEnd) (bool, error) { return true, s.shutLogin(ctx, tx, actor, e) })
		if err != nil {
			return LoginRemoved{}, err
		}
		if err := tx.Accounts().Remove(ctx, e.acct.ID); err != nil {
			return LoginRemoved{}, err
		}
		out = LoginRemoved{Username: e.acct.Username, SessionsRevoked: e.disabled.SessionsRevoked,
			LinksInvalidated: e.disabled.LinksInvalidated, Ended: e.ended}
		details := map[string]string{"reason": reason, "username": e.acct.Username}
		e.details(details)
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventLoginRemoved, TargetType: audit.TargetPerson, TargetID: personID, Details: details})
	})
}

// checkNewLogin checks spec, a new login for the person with the fields f,
// into p under "login.": the rules of a login (auth.Service.CheckLogin,
// the password against the person's names) and, when it turns portal
// switches on, the portal setup of an active person with an active login.
func (s *Service) checkNewLogin(spec *auth.LoginSpec, f Fields, p *carenet.Problems) {
	s.auth.CheckLogin(spec, []string{f.GivenName, f.MiddleName, f.FamilyName}, p, "login.")
	if spec.Portal == (portal.Access{}) {
		return
	}
	facts := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true}
	facts.ReferralUser, facts.OtherGroups = auth.GroupKinds(spec.Groups)
	if err := portal.CheckSetup(facts, spec.Portal); err != nil {
		for _, fe := range carenet.Validation(err).Problems {
			p.Add("login."+fe.Field, fe.Rule, fe.Message)
		}
	}
}
