package auth

import (
	"context"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/group"
)

// SecurityGroupUpdate changes a security group; nil fields are left as
// they are.
type SecurityGroupUpdate struct {
	Name        *string
	Description *string
	Permissions *PermissionSet
	// RequireSecondFactor, when set, says whether the group's members must
	// have a second factor (SecurityGroup.RequireSecondFactor). It is the
	// one change the built-in groups take.
	RequireSecondFactor *bool
}

// onlySecondFactor reports whether u changes nothing but whether a
// second factor is required.
func (u SecurityGroupUpdate) onlySecondFactor() bool {
	return u.RequireSecondFactor != nil && u.Name == nil && u.Description == nil && u.Permissions == nil
}

// SecurityGroups lists every security group. It needs ViewPersonnel or
// ManageSecurityGroups.
func (s *Service) SecurityGroups(ctx context.Context, actor *Principal) (_ []SecurityGroup, callErr error) {
	defer s.obs.Call(&ctx, "auth.SecurityGroups")(&callErr)
	if !actor.Can(ViewPersonnel) {
		if err := actor.Require(ManageSecurityGroups); err != nil {
			return nil, err
		}
	}
	out, err := carenet.View(ctx, s.store, func(tx Tx) ([]SecurityGroup, error) {
		return tx.SecurityGroups().List(ctx)
	})
	for i := range out {
		out[i].Permissions = s.cfg.Permissions.EffectivePermissions(out[i : i+1])
	}
	return out, err
}

// CreateSecurityGroup defines a new permission set, of SDK and host
// permissions alike. It needs ManageSecurityGroups and every permission in
// perms (ErrOutranked otherwise); perms may hold only permissions the
// service knows, and the name must be unique without regard to case. It
// needs a recent sign-in (Principal.RequireRecentSignIn;
// ErrReauthenticationRequired otherwise), as every change of a security
// group does.
func (s *Service) CreateSecurityGroup(ctx context.Context, actor *Principal, name, description string, perms PermissionSet) (_ SecurityGroup, callErr error) {
	defer s.obs.Call(&ctx, "auth.CreateSecurityGroup")(&callErr)
	if err := actor.Require(ManageSecurityGroups); err != nil {
		return SecurityGroup{}, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return SecurityGroup{}, err
	}
	if err := s.cfg.Permissions.checkKnown(perms); err != nil {
		return SecurityGroup{}, err
	}
	if !actor.Permissions.Covers(perms) {
		return SecurityGroup{}, ErrOutranked
	}
	name = strings.TrimSpace(name)
	if err := group.Check("auth.SecurityGroup", name, description); err != nil {
		return SecurityGroup{}, err
	}
	now := s.cfg.Clock.Now()
	g := SecurityGroup{ID: s.cfg.IDs.NewID(), Name: name, Description: description, Permissions: perms,
		HostPermissions: s.cfg.Permissions.hostNames(perms), CreatedAt: now, UpdatedAt: now, Version: 1}
	err := s.store.Update(ctx, func(tx Tx) error {
		if err := tx.SecurityGroups().Create(ctx, stored(g)); err != nil {
			return group.NameTaken("auth.SecurityGroup", err)
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSecurityGroupCreated, TargetType: audit.TargetSecurityGroup, TargetID: g.ID, Details: map[string]string{
			"name": g.Name, "permissions": s.permissionNamesOf(perms),
		}})
	})
	return g, err
}

// UpdateSecurityGroup changes a group whose stored version is version. The
// built-in groups take one change, whether they require a second factor,
// and no other (Forbidden); a stale version is a Conflict. The actor must
// hold every permission of the group, before and after the change
// (ErrOutranked otherwise), so no one widens a group they are in beyond
// their own permissions, nor drops or imposes a second factor on the
// members of a group that outranks them. Requiring a second factor needs
// a service that can enrol one (Config.TOTPKey or TOTPKeys; an Invalid
// error on "require_second_factor" otherwise). Members get the new
// permissions, or the restricted session of a second factor required and
// not enrolled (Principal.MustEnrolSecondFactor), at their next call. The
// change is audited with what it changed. It needs a recent sign-in
// (ErrReauthenticationRequired otherwise).
func (s *Service) UpdateSecurityGroup(ctx context.Context, actor *Principal, id string, version int64, u SecurityGroupUpdate) (_ SecurityGroup, callErr error) {
	defer s.obs.Call(&ctx, "auth.UpdateSecurityGroup")(&callErr)
	if err := actor.Require(ManageSecurityGroups); err != nil {
		return SecurityGroup{}, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return SecurityGroup{}, err
	}
	if u.RequireSecondFactor != nil && *u.RequireSecondFactor && s.totp == nil && s.cfg.Passkeys == nil {
		var p carenet.Problems
		p.Add("require_second_factor", carenet.RuleNotAllowed, "needs a second factor the service can enrol (a TOTP key or passkeys), or no member could enrol one")
		return SecurityGroup{}, carenet.E("auth.UpdateSecurityGroup", carenet.Invalid, "", p.Err())
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (SecurityGroup, error) {
		g, err := SecurityGroupByID(ctx, tx.SecurityGroups(), id)
		if err != nil {
			return SecurityGroup{}, err
		}
		if g.BuiltIn && !u.onlySecondFactor() {
			return SecurityGroup{}, carenet.Errorf(carenet.Forbidden, "the built-in group %q cannot be changed", g.Name)
		}
		if g.Version != version {
			return SecurityGroup{}, carenet.Errorf(carenet.Conflict, "the group was changed by someone else; reload it")
		}
		if actor.reg.unknownHost([]SecurityGroup{g}) {
			return SecurityGroup{}, ErrOutranked
		}
		g.Permissions = s.cfg.Permissions.EffectivePermissions([]SecurityGroup{g})
		if u.Permissions != nil {
			if err := s.cfg.Permissions.checkKnown(*u.Permissions); err != nil {
				return SecurityGroup{}, err
			}
		}
		if !actor.Permissions.Covers(g.Permissions) || (u.Permissions != nil && !actor.Permissions.Covers(*u.Permissions)) {
			return SecurityGroup{}, ErrOutranked
		}
		details := map[string]string{}
		if u.Name != nil {
			details["name_before"], details["name_after"] = g.Name, strings.TrimSpace(*u.Name)
			g.Name = strings.TrimSpace(*u.Name)
		}
		if u.Description != nil {
			g.Description = *u.Description
		}
		if u.Permissions != nil {
			details["permissions_before"], details["permissions_after"] = s.permissionNamesOf(g.Permissions), s.permissionNamesOf(*u.Permissions)
			g.Permissions = *u.Permissions
			g.HostPermissions = s.cfg.Permissions.hostNames(g.Permissions)
		}
		if u.RequireSecondFactor != nil {
			details["require_second_factor_before"], details["require_second_factor_after"] = boolString(g.RequireSecondFactor), boolString(*u.RequireSecondFactor)
			g.RequireSecondFactor = *u.RequireSecondFactor
		}
		if err := group.Check("auth.SecurityGroup", g.Name, g.Description); err != nil {
			return SecurityGroup{}, err
		}
		g.UpdatedAt = s.cfg.Clock.Now()
		var out SecurityGroup
		if g.BuiltIn {
			out, err = tx.SecurityGroups().SetRequireSecondFactor(ctx, g.ID, g.Version, g.RequireSecondFactor, g.UpdatedAt)
		} else {
			out, err = tx.SecurityGroups().Update(ctx, stored(g))
		}
		if err != nil {
			return SecurityGroup{}, group.NameTaken("auth.SecurityGroup", err)
		}
		out.Permissions = s.cfg.Permissions.EffectivePermissions([]SecurityGroup{out})
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSecurityGroupUpdated, TargetType: audit.TargetSecurityGroup, TargetID: id, Details: details})
	})
}

// DeleteSecurityGroup removes a group nobody is in (InUse otherwise). The
// built-in groups cannot be deleted (Forbidden). It needs a recent
// sign-in (ErrReauthenticationRequired otherwise).
func (s *Service) DeleteSecurityGroup(ctx context.Context, actor *Principal, id string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.DeleteSecurityGroup")(&callErr)
	if err := actor.Require(ManageSecurityGroups); err != nil {
		return err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		g, err := SecurityGroupByID(ctx, tx.SecurityGroups(), id)
		if err != nil {
			return err
		}
		if g.BuiltIn {
			return carenet.Errorf(carenet.Forbidden, "the built-in group %q cannot be deleted", g.Name)
		}
		if err := tx.SecurityGroups().Delete(ctx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventSecurityGroupDeleted, TargetType: audit.TargetSecurityGroup, TargetID: id, Details: map[string]string{"name": g.Name}})
	})
}

// permissionNamesOf names the permissions of ps, SDK and host, for audit
// details.
func (s *Service) permissionNamesOf(ps PermissionSet) string {
	return strings.Join(s.cfg.Permissions.names(ps), ",")
}

// stored is g as a store keeps it: the SDK permissions in Permissions, the
// host's by name in HostPermissions.
func stored(g SecurityGroup) SecurityGroup {
	g.Permissions = g.Permissions.SDK()
	return g
}
