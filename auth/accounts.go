package auth

import (
	"context"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/uniq"
	"github.com/carenet-go/carenet/portal"
)

// LoginSpec describes a new login for a personnel profile.
type LoginSpec struct {
	Username string
	// Password is the initial password. Leave it empty to issue a
	// set-password link instead; the login then has no usable password
	// until the link is used.
	Password string
	// Groups are security group IDs; at least one is required.
	Groups []string
	// Portal holds the initial portal switches.
	Portal portal.Access
	// CreatedInRelease defaults to the service's Config.Release; set it
	// only when importing accounts from an older system, which needs
	// ManagePortalAccess (see CreateLoginTx).
	CreatedInRelease string
}

// CheckLogin checks a new login's fields and adds every problem to p, with
// field names under prefix (such as "login."). It normalises spec.Username
// in place. names are the person's names, which the password must not
// contain.
func (s *Service) CheckLogin(spec *LoginSpec, names []string, p *carenet.Problems, prefix string) {
	if u, err := NormalizeUsername(spec.Username); err != nil {
		for _, fe := range carenet.Validation(err).Problems {
			p.Add(prefix+fe.Field, fe.Rule, fe.Message)
		}
	} else {
		spec.Username = u
	}
	if spec.Password != "" {
		if err := s.cfg.Policy.Check(spec.Password, personal(spec.Username, names)...); err != nil {
			for _, fe := range carenet.Validation(err).Problems {
				p.Add(prefix+fe.Field, fe.Rule, fe.Message)
			}
		}
	}
	if len(spec.Groups) == 0 {
		p.Add(prefix+"groups", carenet.RuleRequired, "at least one security group is required")
	}
	s.releaseOf(*spec, p, prefix)
}

// HashPassword hashes a password within the service's bound on concurrent
// hashes. Call it before opening a transaction: hashing takes tens of
// milliseconds.
func (s *Service) HashPassword(ctx context.Context, pw string) (_ string, callErr error) {
	defer s.obs.Call(&ctx, "auth.HashPassword")(&callErr)
	var h string
	var err error
	if serr := s.withHashSlot(ctx, func() { h, err = s.cfg.Hasher.Hash(pw) }); serr != nil {
		return "", serr
	}
	return h, err
}

// CreateLoginTx creates the account of a person inside the caller's
// transaction, with hash as its password hash (from HashPassword). With an
// empty hash the login gets an unusable password and a set-password link
// (see IssueLinkTx), returned. A taken username or an unknown security
// group is an Invalid error naming the field under prefix. It audits the
// new account, with the release it records.
//
// actor is who creates it; nil is the system (operators' tools such as
// CreateAdministrator), which may do all of this. For anyone else, beyond
// the permissions the caller checked: the security groups may grant only
// permissions the actor holds, and the portal switches give only
// capabilities the actor reaches (RequirePortalReach from the zero
// Account), ErrOutranked otherwise; the login's password or link is a
// credential for it, whether the actor chose the password, is handed the
// link or a Deliverer sends the link to the person's contact details
// (which the actor may have typed), so the actor must reach all it
// reaches, the person's holdings included (ErrOutranked, see
// RequireCredential); and recording a release other than
// Config.Release (importing legacy users, whom portal rules treat
// differently) needs ManagePortalAccess. A release after Config.Release is
// an Invalid error on "created_in_release" under prefix.
func (s *Service) CreateLoginTx(ctx context.Context, tx Tx, actor *Principal, personID string, spec LoginSpec, hash, prefix string) (Account, *IssuedLink, error) {
	var p carenet.Problems
	if _, err := tx.Accounts().ByUsername(ctx, spec.Username); err == nil {
		p.Add(prefix+"username", carenet.RuleTaken, "is already taken")
	} else if carenet.ErrorCode(err) != carenet.NotFound {
		return Account{}, nil, err
	}
	if err := s.checkGroups(ctx, tx, spec.Groups, &p, prefix+"groups"); err != nil {
		return Account{}, nil, err
	}
	release, older := s.releaseOf(spec, &p, prefix)
	if err := p.Err(); err != nil {
		return Account{}, nil, carenet.E("auth.CreateLogin", carenet.Invalid, "", err)
	}
	if actor != nil {
		if older {
			if err := actor.Require(ManagePortalAccess); err != nil {
				return Account{}, nil, err
			}
		}
		if err := RequireGrantable(ctx, tx, actor, spec.Groups); err != nil {
			return Account{}, nil, err
		}
	}
	now := s.cfg.Clock.Now()
	a := Account{
		ID:               s.cfg.IDs.NewID(),
		PersonID:         personID,
		Username:         spec.Username,
		Active:           true,
		Groups:           uniq.Ordered(spec.Groups),
		Portal:           spec.Portal,
		CreatedInRelease: release,
		CreatedAt:        now,
		UpdatedAt:        now,
		Version:          1,
	}
	if actor != nil {
		// Whoever holds the link or the password reaches the portal
		// capabilities, delivered or not.
		if err := RequirePortalReach(actor, Account{}, a); err != nil {
			return Account{}, nil, err
		}
	}
	// The actor holds a credential for the new login whatever the
	// delivery: they chose its password, or are handed its link, or typed
	// (or changed) the contact details a delivered link goes to. So they
	// must reach everything it reaches, the person's holdings included: a
	// contact given a login reaches the shares and referrals they hold.
	if err := RequireCredential(ctx, tx, actor, a, now); err != nil {
		return Account{}, nil, err
	}
	withLink := hash == ""
	if withLink {
		var err error
		if hash, err = unusableHash(); err != nil {
			return Account{}, nil, err
		}
	}
	c := Credentials{AccountID: a.ID, PasswordHash: hash}
	if !withLink {
		c.PasswordSetAt = now
	}
	if err := tx.Accounts().Create(ctx, a, c); err != nil {
		return Account{}, nil, err
	}
	details := map[string]string{
		"person": personID, "username": a.Username, "groups": strings.Join(a.Groups, ","), "portal": AccessString(a.Portal),
		"created_in_release": a.CreatedInRelease,
	}
	if older {
		details["older_release"] = "true"
	}
	if err := s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventAccountCreated, TargetType: audit.TargetAccount, TargetID: a.ID, Details: details}); err != nil {
		return Account{}, nil, err
	}
	if !withLink {
		return a, nil, nil
	}
	link, err := s.IssueLinkTx(ctx, tx, actor, a.ID, PurposeSetPassword)
	return a, link, err
}

// releaseOf is the release a new login records: spec's, or Config.Release
// when spec has none. older reports one before Config.Release; a
// malformed one, or one after Config.Release, is a problem on
// "created_in_release" under prefix.
func (s *Service) releaseOf(spec LoginSpec, p *carenet.Problems, prefix string) (release string, older bool) {
	if spec.CreatedInRelease == "" {
		return s.cfg.Release, false
	}
	c, err := portal.CompareReleases(spec.CreatedInRelease, s.cfg.Release)
	switch {
	case err != nil:
		p.Add(prefix+"created_in_release", carenet.RuleFormat, "must be a release number such as 2.26.1")
	case c > 0:
		p.Add(prefix+"created_in_release", carenet.RuleRange, "must not be after the current release "+s.cfg.Release)
	}
	return spec.CreatedInRelease, c < 0
}

// checkGroups adds a problem under field for each group id that does not
// exist, and for duplicates.
func (s *Service) checkGroups(ctx context.Context, tx Tx, ids []string, p *carenet.Problems, field string) error {
	for i, id := range ids {
		_, err := SecurityGroupByID(ctx, tx.SecurityGroups(), id)
		switch carenet.ErrorCode(err) {
		case "":
		case carenet.NotFound:
			p.Add(carenet.Path(field, i), carenet.RuleOneOf, "is not a security group")
		default:
			return err
		}
	}
	return nil
}

// DisableLoginTx shuts an account's login inside the caller's transaction:
// inactive, password replaced by an unusable random secret, every session
// revoked and every password link invalidated. Doing it to a disabled login
// again is harmless. It records no audit event: the caller records the
// change it is part of (a deactivation), with the counts this returns, in
// the same transaction.
func (s *Service) DisableLoginTx(ctx context.Context, tx Tx, accountID string) (DisabledLogin, error) {
	hash, err := unusableHash()
	if err != nil {
		return DisabledLogin{}, err
	}
	return DisableLoginIn(ctx, tx, DisableLogin{AccountID: accountID, PasswordHash: hash, At: s.cfg.Clock.Now(), Reason: "deactivated"})
}

// EnableLoginTx makes an inactive login active again inside the caller's
// transaction. Its password stays the unusable secret it got when it was
// disabled: the login comes back only through the set-password link this
// issues for actor (see IssueLinkTx: delivered to the holder, or returned
// only to an actor who reaches all the login reaches), never with the old
// password. Its dormancy clock starts again (Credentials.EnabledAt), any
// session still unrevoked ends (detail "sessions_revoked") and its passkeys
// are removed (detail "passkeys_removed"), so neither a session nor a
// passwordless way in from before comes back with the login.
func (s *Service) EnableLoginTx(ctx context.Context, tx Tx, actor *Principal, accountID string) (Account, *IssuedLink, error) {
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return Account{}, nil, err
	}
	hash, err := unusableHash()
	if err != nil {
		return Account{}, nil, err
	}
	c, err := tx.Accounts().Credentials(ctx, accountID)
	if err != nil {
		return Account{}, nil, err
	}
	now := s.cfg.Clock.Now()
	c.PasswordHash = hash
	c.FailedLogins = 0
	c.LockedUntil = time.Time{}
	// The dormancy clock starts again: a login switched on is not
	// dormant for the time it was off.
	c.EnabledAt = now
	if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
		return Account{}, nil, err
	}
	wasActive := a.Active
	a.Active = true
	a.UpdatedAt = now
	if a, err = tx.Accounts().Update(ctx, a); err != nil {
		return Account{}, nil, err
	}
	// No session outlives the login's end: one a disable raced with (a
	// sign-in that committed while the disable ran) ends here, before
	// the login is on again.
	revoked, err := RevokeSessions(ctx, tx.Sessions(), accountID, now, "login_enabled", "")
	if err != nil {
		return Account{}, nil, err
	}
	// Nor does a passkey: it signs in without the password, so it would
	// bring the login back before the link is used, to whoever holds the
	// device. The holder adds one again once the password is set.
	passkeys, err := tx.Passkeys().ListByAccount(ctx, accountID)
	if err != nil {
		return Account{}, nil, err
	}
	for _, pk := range passkeys {
		if err := tx.Passkeys().Delete(ctx, pk.ID); err != nil {
			return Account{}, nil, err
		}
	}
	details := map[string]string{"active_before": boolString(wasActive), "active_after": "true"}
	if revoked > 0 {
		details["sessions_revoked"] = itoa(revoked)
	}
	if len(passkeys) > 0 {
		details["passkeys_removed"] = itoa(len(passkeys))
	}
	if err := s.record(ctx, tx, audit.Event{ActorID: actor.ActorID(), Action: EventAccountUpdated, TargetType: audit.TargetAccount, TargetID: accountID, Details: details}); err != nil {
		return Account{}, nil, err
	}
	link, err := s.IssueLinkTx(ctx, tx, actor, accountID, PurposeSetPassword)
	return a, link, err
}

// SetGroupsTx applies security groups to an account inside the caller's
// transaction, audited with the groups before and after. An unknown group
// is an Invalid error naming field "groups[i]"; an empty list is refused
// (every user has a security group). It checks no permission: the caller
// has. The change takes effect at the user's next authenticated call.
func (s *Service) SetGroupsTx(ctx context.Context, tx Tx, actorID, accountID string, groups []string) (Account, error) {
	var p carenet.Problems
	if len(groups) == 0 {
		p.Add("groups", carenet.RuleRequired, "at least one security group is required")
	}
	if err := s.checkGroups(ctx, tx, groups, &p, "groups"); err != nil {
		return Account{}, err
	}
	if err := p.Err(); err != nil {
		return Account{}, carenet.E("auth.SetGroups", carenet.Invalid, "", err)
	}
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return Account{}, err
	}
	before := strings.Join(a.Groups, ",")
	a.Groups = uniq.Ordered(groups)
	if before == strings.Join(a.Groups, ",") {
		return a, nil
	}
	a.UpdatedAt = s.cfg.Clock.Now()
	if a, err = tx.Accounts().Update(ctx, a); err != nil {
		return Account{}, err
	}
	return a, s.record(ctx, tx, audit.Event{ActorID: actorID, Action: EventAccountUpdated, TargetType: audit.TargetAccount, TargetID: accountID, Details: map[string]string{
		"groups_before": before, "groups_after": strings.Join(a.Groups, ","),
	}})
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// AccessString renders portal switches for audit details and logs, such as
// "enabled,video", or "none". Referral Portal Access for both kinds is
// "referral", as it was when it was one switch; for one kind,
// "referral_le" or "referral_cps".
func AccessString(a portal.Access) string {
	var parts []string
	for _, x := range []struct {
		on   bool
		name string
	}{{a.Enabled, "enabled"}, {a.Video, "video"}, {a.Referral == portal.ReferralBoth, "referral"},
		{a.Referral == portal.ReferralLE, "referral_le"}, {a.Referral == portal.ReferralCPS, "referral_cps"},
		{a.CareNet, "carenet"}} {
		if x.on {
			parts = append(parts, x.name)
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ",")
}
