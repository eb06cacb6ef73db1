package auth

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
)

// ErrLinkInvalid is the one error for a password link that cannot be used:
// malformed, unknown, already used, expired, or for a login that is no
// longer active.
var ErrLinkInvalid = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.CompletePasswordLink", Message: "this password link is invalid or has expired; ask your administrator for a new one"}

// IssuedLink is a password link just made. Token goes to the user (by the
// host's mail, in a URL); only its hash is stored.
type IssuedLink struct {
	Token string
	Link  PasswordToken
}

// ChangePassword changes the caller's own password. The current password
// must be right (an empty or oversized one is an Invalid error on
// "current_password" that changes nothing); the new one must pass the
// policy. A wrong current password
// is an Invalid error on "current_password" (rule RuleIncorrect) and counts,
// audited, toward the login lockout; while the account is locked the change
// is refused (rule RuleLocked). Every other session of the account is
// revoked and outstanding password links are invalidated.
func (s *Service) ChangePassword(ctx context.Context, actor *Principal, current, next string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.ChangePassword")(&callErr)
	if actor == nil {
		return errNoPrincipal
	}
	if err := checkCurrentInput(current); err != nil {
		return err
	}
	return retryChanged(func() error { return s.changePassword(ctx, actor, current, next) })
}

// retryChanged runs an operation that verifies the current password
// outside its write transaction once more if the stored hash changed in
// between (another login may have upgraded it), and reports a second change
// as a wrong current password.
func retryChanged(op func() error) error {
	err := op()
	if errors.Is(err, errCredentialsChanged) {
		err = op()
	}
	if errors.Is(err, errCredentialsChanged) {
		return currentPasswordErr(RuleIncorrect, "is incorrect")
	}
	return err
}

// changePassword is one attempt of ChangePassword.
func (s *Service) changePassword(ctx context.Context, actor *Principal, current, next string) error {
	var creds Credentials
	var acct Account
	var holder Holder
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if acct, holder, err = accountAndHolder(ctx, tx, actor.AccountID); err != nil {
			return err
		}
		creds, err = tx.Accounts().Credentials(ctx, acct.ID)
		return err
	})
	if err != nil {
		return err
	}
	if err := s.cfg.Policy.Check(next, personal(acct.Username, holder.Names)...); err != nil {
		return err
	}
	var newHash string
	if err := s.verifyCurrent(ctx, creds, current, func() (err error) {
		newHash, err = s.cfg.Hasher.Hash(next)
		return err
	}); err != nil {
		return err
	}
	return s.store.Update(ctx, func(tx Tx) error {
		if err := s.recheckCurrent(ctx, tx, creds); err != nil {
			return err
		}
		return s.setPassword(ctx, tx, actor.PersonID, actor.AccountID, newHash, actor.SessionID, ActionPasswordChanged, nil)
	})
}

// checkCurrentInput refuses an empty or oversized current password before
// anything is read.
func checkCurrentInput(current string) error {
	switch {
	case current == "":
		return currentPasswordErr(carenet.RuleRequired, "is required")
	case len(current) > password.MaxPasswordBytes:
		return currentPasswordErr(carenet.RuleTooLong, "must be at most "+itoa(password.MaxPasswordBytes)+" bytes")
	}
	return nil
}

// verifyCurrent checks a signed-in user's current password against creds,
// outside any transaction, and runs also (more hashing) in the same hash
// slot when it is right. While the account is locked it refuses (rule
// RuleLocked). A wrong password (or a failing also) counts, audited,
// toward the login lockout, so a stolen session cannot be used to guess
// the password, and is refused (rule RuleIncorrect).
func (s *Service) verifyCurrent(ctx context.Context, creds Credentials, current string, also func() error) error {
	if s.cfg.Clock.Now().Before(creds.LockedUntil) {
		return currentPasswordErr(RuleLocked, "has been entered wrongly too many times; try again later")
	}
	var ok bool
	var herr error
	if err := s.withHashSlot(ctx, func() {
		ok, _, herr = s.cfg.Hasher.Verify(current, creds.PasswordHash)
		if ok && herr == nil && also != nil {
			herr = also()
		}
	}); err != nil {
		return err
	}
	if !ok || herr != nil {
		if err := s.recordFailure(ctx, creds.AccountID, "wrong_current_password"); !errors.Is(err, ErrLoginFailed) {
			return err
		}
		return currentPasswordErr(RuleIncorrect, "is incorrect")
	}
	return nil
}

// recheckCurrent, in the write transaction that acts on a verified current
// password, refuses if the account got locked since verifyCurrent read the
// credentials, and returns errCredentialsChanged if the stored hash changed
// (see retryChanged).
func (s *Service) recheckCurrent(ctx context.Context, tx Tx, verified Credentials) error {
	c, err := tx.Accounts().Credentials(ctx, verified.AccountID)
	if err != nil {
		return err
	}
	switch err := stillValid(c, verified.PasswordHash, -1, s.cfg.Clock.Now()); {
	case errors.Is(err, ErrLoginFailed):
		return currentPasswordErr(RuleLocked, "has been entered wrongly too many times; try again later")
	default:
		return err
	}
}

// Rule codes of ChangePassword's errors on the field "current_password".
const (
	// RuleIncorrect: the current password is wrong.
	RuleIncorrect = "incorrect"
	// RuleLocked: the account is locked after repeated failures.
	RuleLocked = "locked"
)

func currentPasswordErr(rule, msg string) error {
	var p carenet.Problems
	p.Add("current_password", rule, msg)
	return carenet.E("auth", carenet.Invalid, "the current password "+msg, p.Err())
}

// setPassword stores a new hash, clears the lockout, revokes every session
// but keepSession and invalidates outstanding links, and audits it.
func (s *Service) setPassword(ctx context.Context, tx Tx, actorID, accountID, hash, keepSession string, action audit.Action, details map[string]string) error {
	now := s.cfg.Clock.Now()
	c, err := tx.Accounts().Credentials(ctx, accountID)
	if err != nil {
		return err
	}
	c.PasswordHash = hash
	c.PasswordSetAt = now
	c.FailedLogins = 0
	c.LockedUntil = time.Time{}
	if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
		return err
	}
	n, err := tx.Sessions().RevokeAll(ctx, accountID, now, "password_changed", keepSession)
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
	return s.record(ctx, tx, actorID, action, "account", accountID, details)
}

// IssuePasswordLink makes a password reset link for an account ("Reset
// Personnel Password"). It needs ResetPasswords, and every permission the
// account's security groups grant (Forbidden otherwise), so that resetting
// passwords is no way into an administrator's login. Outstanding links of
// the account stop working.
func (s *Service) IssuePasswordLink(ctx context.Context, actor *Principal, accountID string) (_ *IssuedLink, callErr error) {
	defer s.obs.Call(&ctx, "auth.IssuePasswordLink")(&callErr)
	if err := actor.Require(ResetPasswords); err != nil {
		return nil, err
	}
	var out *IssuedLink
	err := s.store.Update(ctx, func(tx Tx) error {
		a, err := tx.Accounts().Get(ctx, accountID)
		if err != nil {
			return err
		}
		if err := requireOutrank(ctx, tx, actor, a); err != nil {
			return err
		}
		out, err = s.IssueLinkTx(ctx, tx, actor.PersonID, accountID, PurposeResetPassword)
		return err
	})
	return out, err
}

// IssueLinkTx makes a password link inside the caller's transaction, for
// services that issue one as part of a larger change (creating or
// reactivating a login). It invalidates the account's outstanding links and
// audits the new one. It checks no permission: the caller has.
func (s *Service) IssueLinkTx(ctx context.Context, tx Tx, actorID, accountID string, purpose TokenPurpose) (*IssuedLink, error) {
	if purpose != PurposeSetPassword && purpose != PurposeResetPassword {
		return nil, carenet.Errorf(carenet.Invalid, "unknown link purpose %q", purpose)
	}
	if _, err := tx.Accounts().Get(ctx, accountID); err != nil {
		return nil, err
	}
	token, hash, err := newToken(LinkTokenPrefix)
	if err != nil {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	if _, err := tx.PasswordTokens().InvalidateAll(ctx, accountID, now); err != nil {
		return nil, err
	}
	link := PasswordToken{
		ID:        s.cfg.IDs.NewID(),
		AccountID: accountID,
		Purpose:   purpose,
		TokenHash: hash,
		CreatedAt: now,
		ExpiresAt: now.Add(s.cfg.LinkLifetime),
		CreatedBy: actorID,
	}
	if err := tx.PasswordTokens().Create(ctx, link); err != nil {
		return nil, err
	}
	if err := s.record(ctx, tx, actorID, ActionPasswordLinkIssued, "account", accountID, map[string]string{
		"purpose": string(purpose), "expires_at": link.ExpiresAt.Format(time.RFC3339),
	}); err != nil {
		return nil, err
	}
	link.TokenHash = ""
	return &IssuedLink{Token: token, Link: link}, nil
}

// CompletePasswordLink sets a new password through a link. The link works
// once, before it expires, and only while the account and its person are
// active; otherwise ErrLinkInvalid. The password must pass the policy (an
// Invalid error naming the rule, and the link still works). Every session of
// the account is revoked.
func (s *Service) CompletePasswordLink(ctx context.Context, token, newPassword string) (callErr error) {
	defer s.obs.Call(&ctx, "auth.CompletePasswordLink")(&callErr)
	hash, err := ParseToken(LinkTokenPrefix, token)
	if err != nil {
		return ErrLinkInvalid
	}
	// Check the link and the policy before spending a hash.
	var acct Account
	var holder Holder
	err = s.store.View(ctx, func(tx Tx) error {
		link, err := s.usableLink(ctx, tx, hash)
		if err != nil {
			return err
		}
		acct, holder, err = accountAndHolder(ctx, tx, link.AccountID)
		return err
	})
	if err != nil {
		return err
	}
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
	return s.store.Update(ctx, func(tx Tx) error {
		now := s.cfg.Clock.Now()
		link, err := tx.PasswordTokens().Consume(ctx, hash, now)
		if carenet.ErrorCode(err) == carenet.NotFound {
			return ErrLinkInvalid
		}
		if err != nil {
			return err
		}
		if !now.Before(link.ExpiresAt) || link.AccountID != acct.ID {
			return ErrLinkInvalid
		}
		a, h, err := accountAndHolder(ctx, tx, link.AccountID)
		if err != nil {
			return err
		}
		if !a.Active || !h.AllowedAt(now) {
			return ErrLinkInvalid
		}
		return s.setPassword(ctx, tx, a.PersonID, a.ID, newHash, "", ActionPasswordSet, map[string]string{"purpose": string(link.Purpose)})
	})
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
