package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/auth/totp"
)

// ErrLoginFailed is the one error a failed login returns, whether the
// username is unknown, the password wrong, the account locked, or the
// account or person inactive, so a caller cannot learn which usernames
// exist. Compare with errors.Is.
var ErrLoginFailed = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.Login", Message: "the username or password is incorrect"}

// ErrSecondFactorRequired is returned when the password was right but the
// account needs a TOTP code and none was given. Ask for the code and call
// Login again with it.
var ErrSecondFactorRequired = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.Login", Message: "a one-time code from your authenticator app is required"}

// disabledPrefix marks a password hash replaced by an unusable random
// secret: it matches no password.
const disabledPrefix = "$disabled$"

// LoginRequest is what a login form sends.
type LoginRequest struct {
	Username string
	Password string
	// TOTPCode is the one-time code, for accounts with a second factor.
	TOTPCode string
	// UserAgent and RemoteAddr are kept with the session, for the user's
	// list of sessions.
	UserAgent  string
	RemoteAddr string
}

// LoginResult is a successful login.
type LoginResult struct {
	// Token is the session token to hand to the client. It is shown once:
	// the store keeps only its hash.
	Token     string
	Session   Session
	Principal *Principal
}

// Login checks a username and password (and TOTP code when the account has
// a second factor) and opens a session.
//
// Malformed input (an empty password, a username that cannot be one, input
// over the size limits) gets an Invalid error naming the field; that says
// nothing about which accounts exist. Every other failure is ErrLoginFailed
// and costs one password hash whether or not the username exists; a wrong
// password and an unknown username each also cost one audited write.
// Repeated failures lock the account for a growing time; a locked account
// answers ErrLoginFailed even to the right password.
func (s *Service) Login(ctx context.Context, req LoginRequest) (_ *LoginResult, callErr error) {
	defer s.obs.Call(&ctx, "auth.Login")(&callErr)
	username, err := s.checkLoginInput(req)
	if err != nil {
		return nil, err
	}
	res, err := s.login(ctx, req, username)
	if errors.Is(err, errCredentialsChanged) {
		// The stored hash changed while this login hashed: a password
		// change or reset (the password is then checked against the new
		// hash and fails), or another login's upgrade of an old hash
		// (it passes). Once more, against what is stored now.
		res, err = s.login(ctx, req, username)
	}
	if errors.Is(err, errCredentialsChanged) {
		return nil, ErrLoginFailed
	}
	return res, err
}

// errCredentialsChanged is how a write transaction reports that the stored
// password hash is no longer the one a password was verified against.
var errCredentialsChanged = errors.New("auth: credentials changed since they were read")

// login is one attempt of Login.
func (s *Service) login(ctx context.Context, req LoginRequest, username string) (*LoginResult, error) {
	var (
		acct   Account
		creds  Credentials
		holder Holder
		groups []SecurityGroup
	)
	err := s.store.View(ctx, func(tx Tx) error {
		var err error
		if acct, err = tx.Accounts().ByUsername(ctx, username); err != nil {
			return err
		}
		if creds, err = tx.Accounts().Credentials(ctx, acct.ID); err != nil {
			return err
		}
		if holder, err = tx.Accounts().Holder(ctx, acct.PersonID); err != nil {
			return err
		}
		groups, err = tx.Accounts().Groups(ctx, acct.Groups)
		return err
	})
	known := err == nil
	if err != nil && carenet.ErrorCode(err) != carenet.NotFound {
		return nil, err
	}

	var ok, rehash bool
	var verr error
	if err := s.withHashSlot(ctx, func() {
		if !known || strings.HasPrefix(creds.PasswordHash, disabledPrefix) {
			s.cfg.Hasher.VerifyDummy(req.Password)
			return
		}
		ok, rehash, verr = s.cfg.Hasher.Verify(req.Password, creds.PasswordHash)
	}); err != nil {
		return nil, err
	}
	if !known {
		return nil, s.recordUnknown(ctx)
	}
	now := s.cfg.Clock.Now()
	if now.Before(creds.LockedUntil) {
		return nil, ErrLoginFailed
	}
	if verr != nil {
		// A stored hash we cannot read is a fault of the store, but the
		// caller learns only that the login failed.
		return nil, ErrLoginFailed
	}
	if !ok {
		return nil, s.recordFailure(ctx, acct.ID, "wrong_password")
	}
	if !acct.Active || !holder.AllowedAt(now) {
		reason := "account_inactive"
		switch {
		case !holder.Active:
			reason = "person_inactive"
		case acct.Active:
			reason = "end_date_passed"
		}
		if err := s.store.Update(ctx, func(tx Tx) error {
			return s.record(ctx, tx, holder.PersonID, ActionLoginRefused, "account", acct.ID, map[string]string{"reason": reason})
		}); err != nil {
			return nil, err
		}
		return nil, ErrLoginFailed
	}
	step := int64(-1)
	if acct.TOTPEnabled {
		if req.TOTPCode == "" {
			return nil, ErrSecondFactorRequired
		}
		st, good := s.checkTOTP(creds, req.TOTPCode, now)
		if !good {
			return nil, s.recordFailure(ctx, acct.ID, "wrong_totp_code")
		}
		step = st
	}
	newHash := ""
	if rehash {
		if err := s.withHashSlot(ctx, func() { newHash, _ = s.cfg.Hasher.Hash(req.Password) }); err != nil {
			return nil, err
		}
	}
	return s.openSession(ctx, acct.ID, req, groups, creds.PasswordHash, newHash, step)
}

// stillValid checks that credentials read in a write transaction still
// support a password verified against verifiedHash before it. Hashing takes
// long enough for a lockout, another login with the same TOTP code, or a
// change of the stored hash to land in between. A lockout reached meanwhile,
// or a TOTP step (when one was used, totpStep ≥ 0) not newer than the last
// one used, is ErrLoginFailed; another stored hash is errCredentialsChanged,
// for the caller to verify again against it.
func stillValid(c Credentials, verifiedHash string, totpStep int64, now time.Time) error {
	switch {
	case now.Before(c.LockedUntil), totpStep >= 0 && totpStep <= c.TOTPLastStep:
		return ErrLoginFailed
	case subtle.ConstantTimeCompare([]byte(c.PasswordHash), []byte(verifiedHash)) != 1:
		return errCredentialsChanged
	}
	return nil
}

func (s *Service) checkLoginInput(req LoginRequest) (string, error) {
	var p carenet.Problems
	username, err := NormalizeUsername(req.Username)
	if err != nil {
		if v := carenet.Validation(err); v != nil && len(v.Problems) > 0 {
			p.Add("username", v.Problems[0].Rule, v.Problems[0].Message)
		}
	}
	switch {
	case req.Password == "":
		p.Add("password", carenet.RuleRequired, "is required")
	case len(req.Password) > password.MaxPasswordBytes:
		p.Add("password", carenet.RuleTooLong, "must be at most "+strconv.Itoa(password.MaxPasswordBytes)+" bytes")
	}
	if len(req.TOTPCode) > 16 {
		p.Add("totp_code", carenet.RuleTooLong, "is too long")
	}
	if err := p.Err(); err != nil {
		return "", carenet.E("auth.Login", carenet.Invalid, "", err)
	}
	return username, nil
}

func (s *Service) checkTOTP(creds Credentials, code string, now time.Time) (int64, bool) {
	if s.cfg.TOTPKey == nil || len(creds.TOTPSecret) == 0 {
		return 0, false
	}
	secret, err := totp.Open(s.cfg.TOTPKey, creds.TOTPSecret)
	if err != nil {
		return 0, false
	}
	step, ok := totp.Validate(code, secret, now, s.cfg.TOTP)
	if !ok || step <= creds.TOTPLastStep {
		return 0, false
	}
	return step, true
}

// recordFailure counts a failed login against the account, locks it once
// the failures reach the limit, audits it, and returns ErrLoginFailed.
func (s *Service) recordFailure(ctx context.Context, accountID, reason string) error {
	err := s.store.Update(ctx, func(tx Tx) error {
		now := s.cfg.Clock.Now()
		c, err := tx.Accounts().Credentials(ctx, accountID)
		if err != nil {
			return err
		}
		c.FailedLogins++
		details := map[string]string{"reason": reason, "failed_logins": strconv.Itoa(c.FailedLogins)}
		if c.FailedLogins >= s.cfg.MaxFailedLogins {
			c.LockedUntil = now.Add(s.lockout(c.FailedLogins))
			details["locked_until"] = c.LockedUntil.Format(time.RFC3339)
		}
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
			return err
		}
		a, err := tx.Accounts().Get(ctx, accountID)
		if err != nil {
			return err
		}
		return s.record(ctx, tx, a.PersonID, ActionLoginFailed, "account", accountID, details)
	})
	if err != nil && !errors.Is(err, ErrLoginFailed) {
		return err
	}
	return ErrLoginFailed
}

// recordUnknown audits a login with a username that names no account, and
// returns ErrLoginFailed. Like a wrong password for a known account, it
// costs a write with its audit event, so the time a failure takes does not
// tell which usernames exist; and a spray of unknown names shows in the
// log. The event names no username: people type passwords into the
// username field.
func (s *Service) recordUnknown(ctx context.Context) error {
	err := s.store.Update(ctx, func(tx Tx) error {
		return s.record(ctx, tx, "", ActionLoginFailed, "login", "", map[string]string{"reason": "unknown_username"})
	})
	if err != nil {
		return err
	}
	return ErrLoginFailed
}

// lockout is how long the nth consecutive failure locks an account for.
func (s *Service) lockout(failures int) time.Duration {
	d := s.cfg.LockoutBase
	for i := s.cfg.MaxFailedLogins; i < failures && d < s.cfg.LockoutMax; i++ {
		d *= 2
	}
	return min(d, s.cfg.LockoutMax)
}

// openSession re-checks the account and its credentials inside the write
// transaction (see stillValid), clears the failure count, stores a
// rehashed password if one is due, and creates the session with its audit
// event.
func (s *Service) openSession(ctx context.Context, accountID string, req LoginRequest, groups []SecurityGroup, verifiedHash, newHash string, totpStep int64) (*LoginResult, error) {
	token, hash, err := newToken(SessionTokenPrefix)
	if err != nil {
		return nil, err
	}
	var res LoginResult
	err = s.store.Update(ctx, func(tx Tx) error {
		now := s.cfg.Clock.Now()
		a, h, err := accountAndHolder(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if !a.Active || !h.AllowedAt(now) {
			return ErrLoginFailed
		}
		c, err := tx.Accounts().Credentials(ctx, accountID)
		if err != nil {
			return err
		}
		if err := stillValid(c, verifiedHash, totpStep, now); err != nil {
			return err
		}
		c.FailedLogins = 0
		c.LockedUntil = time.Time{}
		c.LastLoginAt = now
		if newHash != "" {
			c.PasswordHash = newHash
		}
		if totpStep >= 0 {
			c.TOTPLastStep = totpStep
		}
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
			return err
		}
		sess := Session{
			ID:         s.cfg.IDs.NewID(),
			AccountID:  accountID,
			TokenHash:  hash,
			CreatedAt:  now,
			LastSeenAt: now,
			ExpiresAt:  now.Add(s.cfg.SessionLifetime),
			UserAgent:  clip(req.UserAgent, 512),
			RemoteAddr: clip(req.RemoteAddr, 128),
		}
		if err := tx.Sessions().Create(ctx, sess); err != nil {
			return err
		}
		details := map[string]string{"session": sess.ID}
		if newHash != "" {
			details["rehashed"] = "true"
		}
		if err := s.record(ctx, tx, a.PersonID, ActionLogin, "account", a.ID, details); err != nil {
			return err
		}
		res = LoginResult{Token: token, Session: sess, Principal: s.principal(SessionFacts{Session: sess, Account: a, Holder: h, Groups: groups}, now)}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &res, nil
}

// clip cuts s to at most n bytes on a rune boundary and drops control
// characters, for values recorded as given by a client.
func clip(s string, n int) string {
	out := make([]rune, 0, min(len(s), n))
	size := 0
	for _, r := range s {
		if carenet.HasControlChars(string(r), false) || r == '\uFFFD' {
			continue
		}
		size += len(string(r))
		if size > n {
			break
		}
		out = append(out, r)
	}
	return string(out)
}

// accountAndHolder reads an account and what auth knows of its person.
func accountAndHolder(ctx context.Context, tx Tx, accountID string) (Account, Holder, error) {
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return Account{}, Holder{}, err
	}
	h, err := tx.Accounts().Holder(ctx, a.PersonID)
	return a, h, err
}
