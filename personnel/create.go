package personnel

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// NewPerson is the "Add Person" form.
type NewPerson struct {
	Fields
	// Login makes the person a system user (the "Is User" box); nil makes a
	// contact without a login.
	Login *auth.LoginSpec
}

// Created is a new profile, with the set-password link when the login was
// created without a password (delivered to the person when auth has a
// Deliverer).
type Created struct {
	Profile Profile
	Link    *auth.IssuedLink
}

// Create adds a personnel profile. It needs CreatePersonnel; giving the new
// person a login also needs ManageSecurityGroups (it applies security
// groups), and turning on portal switches needs ManagePortalAccess. Every
// problem with the input is reported at once in one Invalid error: the
// profile's fields, the username (format, or taken by another person without
// regard to case), the password policy, and unknown security groups. The
// security groups may grant only permissions the actor holds
// (auth.ErrOutranked otherwise), so creating people is no way to make an
// administrator. A password the actor chooses, or a set-password link
// returned to them (auth has no Deliverer), is a credential for the new
// login: the actor must reach all it reaches (auth.ErrOutranked, see
// auth.RequireReach). Recording an older release
// (LoginSpec.CreatedInRelease, for imported legacy users) needs
// ManagePortalAccess; see auth.Service.CreateLoginTx. A new login (which
// applies security groups) needs a recent sign-in
// (auth.ErrReauthenticationRequired otherwise); a contact does not.
func (s *Service) Create(ctx context.Context, actor *auth.Principal, in NewPerson) (_ *Created, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Create")(&callErr)
	if err := actor.Require(auth.CreatePersonnel); err != nil {
		return nil, err
	}
	if in.Login != nil {
		if err := actor.Require(auth.ManageSecurityGroups); err != nil {
			return nil, err
		}
		if in.Login.Portal != (portal.Access{}) {
			if err := actor.Require(auth.ManagePortalAccess); err != nil {
				return nil, err
			}
		}
		if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
			return nil, err
		}
	}
	return s.create(ctx, actor, in)
}

// CreateAdministrator creates a person whose login is in the built-in
// Administrator group, with the system as the actor. It is for operators'
// tools (creating the first administrator of a new installation) and checks
// no permission: never expose it to end users. in.Login is required; the
// Administrator group is added to its groups.
func (s *Service) CreateAdministrator(ctx context.Context, in NewPerson) (_ *Created, callErr error) {
	defer s.obs.Call(&ctx, "personnel.CreateAdministrator")(&callErr)
	if in.Login == nil {
		var p carenet.Problems
		p.Add("login", carenet.RuleRequired, "an administrator needs a login")
		return nil, carenet.E("personnel.CreateAdministrator", carenet.Invalid, "", p.Err())
	}
	spec := *in.Login
	spec.Groups = append([]string{auth.AdministratorGroup}, spec.Groups...)
	in.Login = &spec
	return s.create(ctx, nil, in)
}

// create validates and stores a new person with the given actor; a nil
// actor is the system (CreateAdministrator), which may apply any group.
func (s *Service) create(ctx context.Context, actor *auth.Principal, in NewPerson) (*Created, error) {
	actorID := actor.ActorID()
	f := in.Fields
	f.StartDate, f.EndDate = day(f.StartDate), day(f.EndDate)
	var p carenet.Problems
	CheckFields(f, &p)
	var spec auth.LoginSpec
	if in.Login != nil {
		spec = *in.Login
		s.checkNewLogin(&spec, f, &p)
	}
	if err := p.Err(); err != nil {
		return nil, carenet.E("personnel.Create", carenet.Invalid, "", err)
	}
	hash := ""
	if in.Login != nil && spec.Password != "" {
		var err error
		if hash, err = s.auth.HashPassword(ctx, spec.Password); err != nil {
			return nil, err
		}
	}
	now := s.cfg.Clock.Now()
	person := Person{ID: s.cfg.IDs.NewID(), Fields: f, State: Active, StateChangedAt: now, StateChangedBy: actorID, CreatedAt: now, UpdatedAt: now, Version: 1}
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Created, error) {
		var out Created
		if err := tx.People().Create(ctx, person); err != nil {
			return Created{}, err
		}
		out = Created{Profile: Profile{Person: person}}
		details := map[string]string{"name": person.DisplayName(), "agency_kind": string(person.AgencyKind)}
		if in.Login != nil {
			a, link, err := s.auth.CreateLoginTx(ctx, tx, actor, person.ID, spec, hash, "login.")
			if err != nil {
				return Created{}, err
			}
			out.Profile.Login, out.Link = loginOf(a), link
			details["username"] = a.Username
		}
		return out, s.record(ctx, tx, audit.Event{ActorID: actorID, Action: EventCreated, TargetType: audit.TargetPerson, TargetID: person.ID, Details: details})
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}
