package personnel

import (
	"context"
	"strconv"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// Audit actions of the login on its own; the target type is "person".
const (
	ActionLoginDisabled audit.Action = "personnel.login_disabled"
	ActionLoginEnabled  audit.Action = "personnel.login_enabled"
	ActionLoginGiven    audit.Action = "personnel.login_given"
	ActionLoginRemoved  audit.Action = "personnel.login_removed"
)

// ErrNoLogin refuses a change of a login the person does not have.
var ErrNoLogin = &carenet.Error{Code: carenet.NotFound, Op: "personnel", Message: "this person has no login"}

// LoginDisabled says what DisableLogin changed.
type LoginDisabled struct {
	// Changed: the login went from active to inactive.
	Changed bool
	// SessionsRevoked and LinksInvalidated count what the login lost.
	SessionsRevoked  int
	LinksInvalidated int
}

// DisableLogin switches off only the login (the article's "Active" box):
// the person stays active, e.g. on leave. Like Deactivate, the password is
// replaced by an unusable secret, every session is revoked and every
// password link invalidated, in one transaction with its audit event. It
// needs DeactivatePersonnel; a login that holds more than the actor is
// refused (auth.ErrOutranked), and so is the last standing administrator
// (auth.ErrLastAdministrator). A person without a login is ErrNoLogin
// (NotFound). Disabling a disabled login changes nothing. EnableLogin
// brings it back.
func (s *Service) DisableLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ LoginDisabled, callErr error) {
	defer s.obs.Call(&ctx, "personnel.DisableLogin")(&callErr)
	if err := actor.Require(auth.DeactivatePersonnel); err != nil {
		return LoginDisabled{}, err
	}
	if err := checkReason(reason); err != nil {
		return LoginDisabled{}, err
	}
	var out LoginDisabled
	err := s.store.Update(ctx, func(tx Tx) error {
		out = LoginDisabled{}
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return err
		}
		if !hasLogin {
			return ErrNoLogin
		}
		if !acct.Active {
			return nil
		}
		if err := requireRank(ctx, tx, actor, acct, true); err != nil {
			return err
		}
		off := acct
		off.Active = false
		if err := keepAdministrator(ctx, tx, p, p, acct, off, true, s.cfg.Clock.Now()); err != nil {
			return err
		}
		d, err := s.auth.DisableLoginTx(ctx, tx, acct.ID)
		if err != nil {
			return err
		}
		out = LoginDisabled{Changed: true, SessionsRevoked: d.SessionsRevoked, LinksInvalidated: d.LinksInvalidated}
		return s.record(ctx, tx, actor.ActorID(), ActionLoginDisabled, "person", personID, map[string]string{
			"reason": reason, "account": acct.ID, "password_replaced": "true",
			"sessions_revoked": strconv.Itoa(d.SessionsRevoked), "links_invalidated": strconv.Itoa(d.LinksInvalidated),
		})
	})
	return out, err
}

// EnableLogin switches a disabled login of an active person back on. As
// with Reactivate, the login comes back only through a fresh set-password
// link (delivered to the person when auth has a Deliverer, else returned
// only to an actor who reaches all the login reaches), never with the old
// password. It needs ReactivatePersonnel; a login that holds more than the
// actor is refused (auth.ErrOutranked). An inactive person is a Conflict
// (Reactivate them), an active login a Conflict, no login ErrNoLogin.
func (s *Service) EnableLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ *Reactivation, callErr error) {
	defer s.obs.Call(&ctx, "personnel.EnableLogin")(&callErr)
	if err := actor.Require(auth.ReactivatePersonnel); err != nil {
		return nil, err
	}
	if err := checkReason(reason); err != nil {
		return nil, err
	}
	var out Reactivation
	err := s.store.Update(ctx, func(tx Tx) error {
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return err
		}
		switch {
		case !hasLogin:
			return ErrNoLogin
		case !p.Active():
			return carenet.Errorf(carenet.Conflict, "%s is inactive; reactivate the person instead", p.DisplayName())
		case acct.Active:
			return carenet.Errorf(carenet.Conflict, "the login of %s is already active", p.DisplayName())
		}
		if err := auth.RequireOutrank(ctx, tx, actor, acct); err != nil {
			return err
		}
		a, link, err := s.auth.EnableLoginTx(ctx, tx, actor, acct.ID)
		if err != nil {
			return err
		}
		out = Reactivation{Profile: Profile{Person: p, Login: loginOf(a)}, Link: link}
		return s.record(ctx, tx, actor.ActorID(), ActionLoginEnabled, "person", personID, map[string]string{"reason": reason, "account": a.ID})
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
// person must be active (Conflict) and have no login (Conflict). Audited
// with the username.
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
	var p0 Person
	if err := s.store.View(ctx, func(tx Tx) (err error) {
		p0, err = tx.People().Get(ctx, personID)
		return err
	}); err != nil {
		return nil, err
	}
	var pr carenet.Problems
	s.auth.CheckLogin(&spec, []string{p0.GivenName, p0.MiddleName, p0.FamilyName}, &pr, "login.")
	if spec.Portal != (portal.Access{}) {
		facts := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true}
		facts.ReferralUser, facts.OtherGroups = auth.GroupKinds(spec.Groups)
		if err := portal.CheckSetup(facts, spec.Portal); err != nil {
			for _, fe := range carenet.Validation(err).Problems {
				pr.Add("login."+fe.Field, fe.Rule, fe.Message)
			}
		}
	}
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
	var out Created
	err := s.store.Update(ctx, func(tx Tx) error {
		p, _, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return err
		}
		if hasLogin {
			return carenet.Errorf(carenet.Conflict, "%s already has a login", p.DisplayName())
		}
		if !p.Active() {
			return carenet.Errorf(carenet.Conflict, "%s is inactive; reactivate the person first", p.DisplayName())
		}
		a, link, err := s.auth.CreateLoginTx(ctx, tx, actor, personID, spec, hash, "login.")
		if err != nil {
			return err
		}
		out = Created{Profile: Profile{Person: p, Login: loginOf(a)}, Link: link}
		return s.record(ctx, tx, actor.ActorID(), ActionLoginGiven, "person", personID, map[string]string{"username": a.Username, "account": a.ID})
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
}

// RemoveLogin takes a person's login away while the person stays (a user
// who becomes a contact; the article's "Is User" box unticked): the login
// is disabled as DisableLogin does, every session and password link ends,
// and then the account, its credentials, links and sessions are deleted,
// in one transaction with its audit event (which keeps the username and
// the counts). It needs EditPersonnel and ManageSecurityGroups, the rights
// GiveLogin needs; a login that holds more than the actor is refused
// (auth.ErrOutranked), and so is the last standing administrator
// (auth.ErrLastAdministrator). A person without a login is ErrNoLogin.
// GiveLogin gives them one again.
func (s *Service) RemoveLogin(ctx context.Context, actor *auth.Principal, personID, reason string) (_ LoginRemoved, callErr error) {
	defer s.obs.Call(&ctx, "personnel.RemoveLogin")(&callErr)
	if err := actor.Require(auth.EditPersonnel); err != nil {
		return LoginRemoved{}, err
	}
	if err := actor.Require(auth.ManageSecurityGroups); err != nil {
		return LoginRemoved{}, err
	}
	if err := checkReason(reason); err != nil {
		return LoginRemoved{}, err
	}
	var out LoginRemoved
	err := s.store.Update(ctx, func(tx Tx) error {
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return err
		}
		if !hasLogin {
			return ErrNoLogin
		}
		if err := requireRank(ctx, tx, actor, acct, true); err != nil {
			return err
		}
		off := acct
		off.Active = false
		if err := keepAdministrator(ctx, tx, p, p, acct, off, true, s.cfg.Clock.Now()); err != nil {
			return err
		}
		d, err := s.auth.DisableLoginTx(ctx, tx, acct.ID)
		if err != nil {
			return err
		}
		if err := tx.Accounts().Remove(ctx, acct.ID); err != nil {
			return err
		}
		out = LoginRemoved{Username: acct.Username, SessionsRevoked: d.SessionsRevoked, LinksInvalidated: d.LinksInvalidated}
		return s.record(ctx, tx, actor.ActorID(), ActionLoginRemoved, "person", personID, map[string]string{
			"reason": reason, "account": acct.ID, "username": acct.Username,
			"sessions_revoked": strconv.Itoa(d.SessionsRevoked), "links_invalidated": strconv.Itoa(d.LinksInvalidated),
		})
	})
	if err != nil {
		return LoginRemoved{}, err
	}
	return out, nil
}
