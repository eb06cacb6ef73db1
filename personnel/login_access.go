package personnel

import (
	"context"
	"slices"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// SetSecurityGroups applies security groups (permission sets) to a
// person's login, replacing the ones they had. It needs
// ManageSecurityGroups and is audited with the groups before and after. The
// change takes effect at the person's next authenticated call: no refresh
// or new login needed. A person without a login is an Invalid error on
// field "login"; an unknown group, on "groups[i]". The groups the person
// had and those they get may grant only permissions the actor holds
// (auth.ErrOutranked otherwise): no one raises another, or themselves,
// above their own permissions, or lowers someone who holds more. No one
// takes the last standing administrator out of the Administrator group
// (auth.ErrLastAdministrator), and groups that give portal capabilities
// (a legacy referral user's) need what auth.RequirePortalReach asks. It
// needs a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise).
func (s *Service) SetSecurityGroups(ctx context.Context, actor *auth.Principal, personID string, groups []string) (_ Profile, callErr error) {
	defer s.obs.Call(&ctx, "personnel.SetSecurityGroups")(&callErr)
	if err := actor.Require(auth.ManageSecurityGroups); err != nil {
		return Profile{}, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return Profile{}, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (Profile, error) {
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return Profile{}, err
		}
		if !hasLogin {
			return Profile{}, errNoLogin
		}
		// Moving a user with CareNet Access into "Referral User" alone
		// would break the portal rules; refuse it the same way.
		if ref, other := auth.GroupKinds(groups); acct.Portal.CareNet && ref && !other {
			if err := portal.CheckSetup(setupFacts(p, acct, groups), acct.Portal); err != nil {
				return Profile{}, err
			}
		}
		a, err := s.auth.SetGroupsTx(ctx, tx, actor.PersonID, acct.ID, groups)
		if err != nil {
			return Profile{}, err
		}
		// Neither the groups taken away nor those given may hold
		// permissions the actor lacks.
		if err := auth.RequireGrantable(ctx, tx, actor, append(slices.Clone(acct.Groups), a.Groups...)); err != nil {
			return Profile{}, err
		}
		if err := auth.RequirePortalReach(actor, acct, a); err != nil {
			return Profile{}, err
		}
		if err := keepAdministrator(ctx, tx, p, p, acct, a, true, s.cfg.Clock.Now()); err != nil {
			return Profile{}, err
		}
		return Profile{Person: p, Login: loginOf(a)}, nil
	})
}

// SetPortalAccess sets a user's four portal switches. It needs
// ManagePortalAccess. The setup rules of package portal apply (only an
// active person with an active login gets portal access; a "Referral User"
// never gets CareNet Access); a violation is an Invalid error naming the
// rule, and nothing changes. The switches of a login whose security
// groups grant a permission the actor lacks do not change
// (auth.ErrOutranked): CareNet Access gives or takes those permissions,
// and the others what the login may reach. Giving someone else's login a
// capability needs the staff permission that reaches the same (Video
// Portal Access needs videos.view, referral access referrals.submit; see
// auth.RequirePortalReach), or a credential taken while it was off would
// reach it once it is on again. A change that takes CareNet
// use from the last standing administrator is refused
// (auth.ErrLastAdministrator). The change is audited with the switches
// before and after. It needs a recent sign-in
// (auth.ErrReauthenticationRequired otherwise): CareNet Access turns the
// login's security groups on or off.
func (s *Service) SetPortalAccess(ctx context.Context, actor *auth.Principal, personID string, access portal.Access) (_ Profile, callErr error) {
	defer s.obs.Call(&ctx, "personnel.SetPortalAccess")(&callErr)
	if err := actor.Require(auth.ManagePortalAccess); err != nil {
		return Profile{}, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return Profile{}, err
	}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Profile, error) {
		var out Profile
		p, acct, hasLogin, err := personAndLogin(ctx, tx, personID)
		if err != nil {
			return Profile{}, err
		}
		if err := portal.CheckSetup(setupFacts(p, acct, acct.Groups), access); err != nil {
			return Profile{}, err
		}
		if !hasLogin {
			return Profile{}, errNoLogin
		}
		out = Profile{Person: p, Login: loginOf(acct)}
		if acct.Portal == access {
			return out, nil
		}
		before := acct.Portal
		// No switch of a login that holds more than the actor changes;
		// this covers CareNet Access too, which decides whether the
		// login's security groups grant anything (auth.GrantedPermissions).
		if err := auth.RequireOutrank(ctx, tx, actor, acct); err != nil {
			return Profile{}, err
		}
		now := s.cfg.Clock.Now()
		after := acct
		after.Portal = access
		if err := auth.RequirePortalReach(actor, acct, after); err != nil {
			return Profile{}, err
		}
		if err := keepAdministrator(ctx, tx, p, p, acct, after, true, now); err != nil {
			return Profile{}, err
		}
		acct.Portal = access
		acct.UpdatedAt = now
		if acct, err = tx.Accounts().Update(ctx, acct); err != nil {
			return Profile{}, err
		}
		out.Login = loginOf(acct)
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventPortalAccessChanged, TargetType: audit.TargetAccount, TargetID: acct.ID, Details: map[string]string{
			"person": personID, "before": auth.AccessString(before), "after": auth.AccessString(access),
		}})
	})
	if err != nil {
		// The profile read before a refusal is not the actor's to see.
		return Profile{}, err
	}
	return out, nil
}

// SetPortalDesignation applies one of the designations of CAC CareNet's
// help article "Referral & Video User Setup (Portal)" (referral only, video
// only, dual access, all) as a preset of the four switches; see
// SetPortalAccess.
func (s *Service) SetPortalDesignation(ctx context.Context, actor *auth.Principal, personID string, d portal.Designation) (_ Profile, callErr error) {
	defer s.obs.Call(&ctx, "personnel.SetPortalDesignation")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return Profile{}, err
	}
	access, err := portal.Preset(d)
	if err != nil {
		return Profile{}, err
	}
	return s.SetPortalAccess(ctx, actor, personID, access)
}

var errNoLogin = carenet.E("personnel", carenet.Invalid, "the person has no login",
	&carenet.ValidationError{Problems: []carenet.FieldError{{Field: "login", Rule: portal.RuleLoginRequired, Message: "the person has no login; make them a system user first"}}})

func setupFacts(p Person, a auth.Account, groups []string) portal.SetupFacts {
	f := portal.SetupFacts{HasLogin: a.ID != "", PersonActive: p.Active(), AccountActive: a.Active}
	f.ReferralUser, f.OtherGroups = auth.GroupKinds(groups)
	return f
}
