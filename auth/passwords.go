package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// ErrLinkInvalid is the one error for a password link that cannot be used:
// malformed, unknown, already used, expired, or for a login that is no
// longer active.
var ErrLinkInvalid = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.CompletePasswordLink", Message: "this password link is invalid or has expired; ask your administrator for a new one"}

// ErrOwnLink refuses a password link for the caller's own login: the link
// would go to, or be redeemable by, whoever holds the caller's session,
// perhaps a stolen one, and set a password without the current one. The
// caller changes their password with ChangePassword, which asks for it; one
// who forgot it asks another holder of ResetPasswords.
var ErrOwnLink = &carenet.Error{Code: carenet.Forbidden, Op: "auth.IssuePasswordLink",
	Message: "you cannot issue a password link for your own login; change your password with your current one, or ask another administrator"}

// IssuedLink is a password link just made. Only its hash is stored.
// With Config.Deliverer set the token went to the account's holder and
// Token is empty; otherwise Token is for the actor to pass on (in a URL),
// and a bearer credential until Link.ExpiresAt: never log it.
type IssuedLink struct {
	// Token is the link's secret, empty when it was delivered.
	Token string
	// Link is the link as stored: its purpose, account and expiry.
	Link PasswordToken
	// Delivered says the link went to the holder through Config.Deliverer.
	Delivered bool
}

// ChangePassword changes the caller's own password. The current password
// must be right (an empty or oversized one is an Invalid error on
// "current_password" that changes nothing); the new one must pass the
// policy. A wrong current password
// is an Invalid error on "current_password" (rule RuleIncorrect) and counts,
// audited, toward the login lockout; while the account is locked the change
// is refused (rule RuleLocked), audited, whatever the password. Both are
// decided in the change's write transaction, against the lockout state
// stored there. Every other session of the account is revoked and
// outstanding password links are invalidated. It needs a recent sign-in
// (Principal.RequireRecentSignIn): past the window it is
// ErrReauthenticationRequired, before the current password is checked or
// counted.
func (s *Service) ChangePassword(ctx context.Context, actor *Principal, current, next string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.ChangePassword")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	if err := checkCurrentInput(current); err != nil {
		return err
	}
	return retryChangedErr(func() error { return s.changePassword(ctx, actor, current, next) })
}

// changePassword is one attempt of ChangePassword.
func (s *Service) changePassword(ctx context.Context, actor *Principal, current, next string) error {
	type facts struct {
		names []string
		creds Credentials
	}
	f, err := carenet.View(ctx, s.store, func(tx Tx) (facts, error) {
		acct, holder, err := accountAndHolder(ctx, tx, actor.AccountID)
		if err != nil {
			return facts{}, err
		}
		creds, err := tx.Accounts().Credentials(ctx, acct.ID)
		return facts{personal(acct.Username, holder.Names), creds}, err
	})
	if err != nil {
		return err
	}
	creds := f.creds
	if err := s.cfg.Policy.Check(next, f.names...); err != nil {
		return err
	}
	var newHash string
	chk, err := s.checkCurrent(ctx, creds, current, func() (err error) {
		newHash, err = s.cfg.Hasher.Hash(next)
		return err
	})
	if err != nil {
		return err
	}
	_, err = updateWithCurrent(ctx, s, actor, chk, "change_password", noValue(func(tx Tx) error {
		return s.setPassword(ctx, tx, actor.PersonID, actor.AccountID, newHash, actor.SessionID, EventPasswordChanged, nil)
	}))
	return err
}

// setPassword stores a new hash, clears the lockout (a redeemed link is
// the way back into an account locked for good), revokes every session
// but keepSession and invalidates outstanding links, and audits it.
func (s *Service) setPassword(ctx context.Context, tx Tx, actorID, accountID, hash, keepSession string, action audit.Action, details map[string]string) error {
	now := s.cfg.Clock.Now()
	c, err := tx.Accounts().Credentials(ctx, accountID)
	if err != nil {
		return err
	}
	c.PasswordHash = hash
	c.PasswordSetAt = now
	c.FailedLogins, c.FailedCodes = 0, 0
	c.LockedUntil = time.Time{}
	if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
		return err
	}
	n, err := RevokeSessions(ctx, tx.Sessions(), accountID, now, "password_changed", keepSession)
	if err != nil {
		return err
	}
	if _, err := tx.PasswordTokens().InvalidateAll(ctx, accountID, now); err != nil {
		return err
	}
	if details == nil {
		details = map[string]string{}
	}
	details["sessions_revoked"] = itoa(n)
	return s.record(ctx, tx, audit.Event{ActorID: actorID, Action: action, TargetType: audit.TargetAccount, TargetID: accountID, Details: details})
}

// IssuePasswordLink makes a password reset link for an account ("Reset
// Personnel Password"). It needs ResetPasswords, and every permission the
// account's security groups grant (ErrOutranked otherwise), so that
// resetting passwords is no way into an administrator's login. With
// Config.Deliverer the link goes to the account's holder; without it the
// link is returned only to an actor who reaches all the login reaches and
// signed in recently (see IssueLinkTx). Outstanding links of the account
// stop working. No one
// issues one for their own login (ErrOwnLink): a session alone must not
// set its account's password, so ChangePassword asks for the current one.
func (s *Service) IssuePasswordLink(ctx context.Context, actor *Principal, accountID string) (_ *IssuedLink, callErr error) {
	defer s.obs.Call(&ctx, "auth.IssuePasswordLink")(&callErr)
	if err := actor.Require(ResetPasswords); err != nil {
		return nil, err
	}
	if actor.AccountID == accountID {
		return nil, ErrOwnLink
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (*IssuedLink, error) {
		a, err := tx.Accounts().Get(ctx, accountID)
		if err != nil {
			return nil, err
		}
		if err := requireOutrank(ctx, tx, actor, a); err != nil {
			return nil, err
		}
		return s.IssueLinkTx(ctx, tx, actor, accountID, PurposeResetPassword)
	})
}

// IssueLinkTx makes a password link inside the caller's transaction, for
// services that issue one as part of a larger change (creating or
// reactivating a login). It invalidates the account's outstanding links
// and audits the new one, saying how it went (detail "delivery":
// DeliveredToHolder or DeliveredToActor).
//
// With Config.Deliverer set the link is delivered to the account's holder
// and the result holds no token; a failed delivery is returned and the
// caller's transaction rolls back. Without one the token is returned, and
// so it may go only to the system (a nil actor: operators' tools), to the
// login's own holder, or to an actor who reaches everything the login
// reaches (its staff permissions, its portal capabilities, its person's
// live video shares and referrals, see Reach); anyone else gets
// ErrOutranked and nothing is issued. An actor handed another's link must
// have signed in recently (Principal.RequireRecentSignIn;
// ErrReauthenticationRequired otherwise). It checks no other permission:
// the caller has.
func (s *Service) IssueLinkTx(ctx context.Context, tx Tx, actor *Principal, accountID string, purpose TokenPurpose) (*IssuedLink, error) {
	if purpose != PurposeSetPassword && purpose != PurposeResetPassword {
		return nil, carenet.Errorf(carenet.Invalid, "unknown link purpose %q", purpose)
	}
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	delivery := DeliveredToHolder
	if s.cfg.Deliverer == nil {
		delivery = DeliveredToActor
		if err := RequireCredential(ctx, tx, actor, a, now); err != nil {
			return nil, err
		}
		// A link handed to someone other than its holder is their way in:
		// a session alone must not be enough to take it.
		if actor != nil && actor.AccountID != a.ID {
			if err := actor.RequireRecentSignIn(now); err != nil {
				return nil, err
			}
		}
	}
	token, hash, err := newToken(LinkTokenPrefix)
	if err != nil {
		return nil, err
	}
	if _, err := tx.PasswordTokens().InvalidateAll(ctx, accountID, now); err != nil {
		return nil, err
	}
	actorID := actor.ActorID()
	handedTo := ""
	if delivery == DeliveredToActor && actor != nil && actor.AccountID != a.ID {
		handedTo = actor.AccountID
	}
	link := PasswordToken{
		ID:        s.cfg.IDs.NewID(),
		AccountID: accountID,
		Purpose:   purpose,
		TokenHash: hash,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.LinkLifetime),
		CreatedBy: actorID,
		HandedTo:  handedTo,
	}
	if err := tx.PasswordTokens().Create(ctx, link); err != nil {
		return nil, err
	}
	if err := s.record(ctx, tx, audit.Event{ActorID: actorID, Action: EventPasswordLinkIssued, TargetType: audit.TargetAccount, TargetID: accountID, Details: map[string]string{
		"purpose": string(purpose), "expires_at": link.ExpiresAt.Format(time.RFC3339), "delivery": delivery,
	}}); err != nil {
		return nil, err
	}
	link.TokenHash = ""
	if s.cfg.Deliverer == nil {
		return &IssuedLink{Token: token, Link: link}, nil
	}
	h, err := tx.Accounts().Holder(ctx, a.PersonID)
	if err != nil {
		return nil, err
	}
	if err := s.cfg.Deliverer.Deliver(ctx, Delivery{
		PersonID: a.PersonID, AccountID: a.ID, Username: a.Username, Email: h.Email, Phone: h.Phone,
		Purpose: purpose, Token: token, ExpiresAt: link.ExpiresAt,
	}); err != nil {
		return nil, carenet.E("auth.IssueLink", carenet.Internal, "the password link could not be delivered; nothing was changed", err)
	}
	return &IssuedLink{Link: link, Delivered: true}, nil
}

// CompletePasswordLink sets a new password through a link. The link works
// once, before it expires, and only while the account and its person are
// active; otherwise ErrLinkInvalid. A link that was handed to an actor
// (not delivered to the holder) works only while that actor, with the
// permissions they hold now, still reaches everything the login reaches
// now (RequireReach): otherwise a link taken while the login reached
// little would open it after a raise, a switch or a share. That is decided
// in the write transaction; a refusal uses the link up, is audited
// (EventPasswordLinkRefused) and is ErrLinkInvalid. The password must
// pass the policy (an Invalid error naming the rule, and the link still
// works). Every session of the account is revoked.
func (s *Service) CompletePasswordLink(ctx context.Context, token, newPassword string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.CompletePasswordLink")(&callErr)
	hash, err := ParseToken(LinkTokenPrefix, token)
	if err != nil {
		return ErrLinkInvalid
	}
	// Check the link and the policy before spending a hash.
	type held struct {
		acct   Account
		holder Holder
	}
	h, err := carenet.View(ctx, s.store, func(tx Tx) (held, error) {
		link, err := s.usableLink(ctx, tx, hash)
		if err != nil {
			return held{}, err
		}
		acct, holder, err := accountAndHolder(ctx, tx, link.AccountID)
		return held{acct, holder}, err
	})
	if err != nil {
		return err
	}
	acct, holder := h.acct, h.holder
	if !acct.Active || !holder.AllowedAt(s.cfg.Clock.Now()) {
		return ErrLinkInvalid
	}
	if err := s.cfg.Policy.Check(newPassword, personal(acct.Username, holder.Names)...); err != nil {
		return err
	}
	var newHash string
	var herr error
	if err := s.withHashSlot(ctx, func() { newHash, herr = s.cfg.Hasher.Hash(newPassword) }); err != nil {
		return err
	}
	if herr != nil {
		return herr
	}
	_, err = carenet.Update(ctx, s.store, func(tx Tx) (struct{}, error) {
		now := s.cfg.Clock.Now()
		link, err := tx.PasswordTokens().Consume(ctx, hash, now)
		if carenet.ErrorCode(err) == carenet.NotFound {
			return struct{}{}, ErrLinkInvalid
		}
		if err != nil {
			return struct{}{}, err
		}
		if !now.Before(link.ExpiresAt) || link.AccountID != acct.ID {
			return struct{}{}, ErrLinkInvalid
		}
		a, h, err := accountAndHolder(ctx, tx, link.AccountID)
		if err != nil {
			return struct{}{}, err
		}
		if !a.Active || !h.AllowedAt(now) {
			return struct{}{}, ErrLinkInvalid
		}
		switch err := requireHandedToReach(ctx, tx, s.cfg.Permissions, link.HandedTo, a, now); {
		case err == ErrOutranked:
			if err := s.record(ctx, tx, audit.Event{Action: EventPasswordLinkRefused, TargetType: audit.TargetAccount, TargetID: a.ID, Details: map[string]string{
				"purpose": string(link.Purpose), "reason": "issuer_outreached",
			}}); err != nil {
				return struct{}{}, err
			}
			return struct{}{}, carenet.Refusal(ErrLinkInvalid)
		case err != nil:
			return struct{}{}, err
		}
		return struct{}{}, s.setPassword(ctx, tx, a.PersonID, a.ID, newHash, "", EventPasswordSet, map[string]string{"purpose": string(link.Purpose)})
	})
	return err
}

// usableLink finds an unused, unexpired link by hash without consuming it.
func (s *Service) usableLink(ctx context.Context, tx Tx, hash string) (PasswordToken, error) {
	// The check is repeated, authoritatively, when the link is consumed.
	link, err := tx.PasswordTokens().Find(ctx, hash)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return PasswordToken{}, ErrLinkInvalid
	}
	if err != nil {
		return PasswordToken{}, err
	}
	if link.UsedAt != nil || !s.cfg.Clock.Now().Before(link.ExpiresAt) {
		return PasswordToken{}, ErrLinkInvalid
	}
	return link, nil
}

// unusableHash is a stored password hash that matches no password: a
// random secret nobody knows, marked so login spends a dummy hash on it.
func unusableHash() (string, error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", carenet.E("auth.unusableHash", carenet.Internal, "", err)
	}
	return disabledPrefix + hex.EncodeToString(b[:]), nil
}

// personal is what the password policy must not find inside a password.
func personal(username string, names []string) []string {
	return append([]string{username}, names...)
}
