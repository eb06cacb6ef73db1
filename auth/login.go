package auth

import (
	"context"
	"crypto/subtle"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/auth/totp"
)

// ErrLoginFailed is the one error a failed login returns, whether the
// username is unknown, the password or one-time code wrong, a code given
// to an account without a second factor, the account locked, the account
// or person inactive, or the client refused by the RateLimiter, so a
// caller cannot learn which usernames exist. Compare with errors.Is.
var ErrLoginFailed = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.Login", Message: "the username or password is incorrect"}

// ErrSecondFactorRequired is returned when the password was right but the
// account needs a second factor and none was given. Ask for the one-time
// code, or the passkey, and call Login again with it. For an account with
// passkeys it comes as a *SecondFactorRequired, which carries the passkey
// ceremony to answer.
var ErrSecondFactorRequired = &carenet.Error{Code: carenet.Unauthenticated, Op: "auth.Login", Message: "a second factor is required: a one-time code from your authenticator app, or your passkey"}

// SecondFactorRequired is how Login says ErrSecondFactorRequired to an
// account with passkeys (errors.Is(err, ErrSecondFactorRequired) holds):
// Passkey is the assertion ceremony, bound to the account, that
// LoginRequest.Passkey answers, with the same username and password,
// within PasskeyCeremonyLifetime. Get it with errors.As. Reauthenticate
// answers with one too, wrapping its Invalid error on "totp_code"
// (carenet.RuleRequired), which carenet.ErrorCode and carenet.Validation
// then find first; ReauthRequest.Passkey answers its ceremony.
type SecondFactorRequired struct {
	// Passkey is the ceremony to answer in LoginRequest.Passkey (or
	// ReauthRequest.Passkey).
	Passkey *PasskeyOptions
	// TOTP says the account has a one-time code enrolled too, which
	// LoginRequest.TOTPCode may give instead.
	TOTP bool
	// refusal is the Invalid error of a re-authentication; nil at login.
	refusal error
}

// Error says what ErrSecondFactorRequired says, or the re-authentication's
// refusal.
func (e *SecondFactorRequired) Error() string {
	if e.refusal != nil {
		return e.refusal.Error()
	}
	return ErrSecondFactorRequired.Error()
}

// Unwrap is ErrSecondFactorRequired, after the re-authentication's
// refusal when there is one.
func (e *SecondFactorRequired) Unwrap() []error {
	if e.refusal != nil {
		return []error{e.refusal, ErrSecondFactorRequired}
	}
	return []error{ErrSecondFactorRequired}
}

// disabledPrefix marks a password hash replaced by an unusable random
// secret: it matches no password.
const disabledPrefix = "$disabled$"

// LoginRequest is what a login form sends.
type LoginRequest struct {
	Username string
	Password string
	// TOTPCode is the one-time code, for accounts with a second factor:
	// empty, exactly the configured number of digits (6 by default), or
	// one of the account's recovery codes in its place (24 letters and
	// digits, dashes and spaces aside, any case), which works once. A code
	// given to an account without a second factor fails the login.
	TOTPCode string
	// Passkey, in place of TOTPCode, is a passkey's answer to the ceremony
	// a *SecondFactorRequired carried: the JSON of the browser's
	// PublicKeyCredential from navigator.credentials.get.
	Passkey []byte
	// UserAgent and RemoteAddr are kept with the session, for the user's
	// list of sessions. RemoteAddr, the client's address ("host:port" or
	// "host"), is also what the RateLimiter counts the attempt under,
	// unless RateKey is set.
	UserAgent  string
	RemoteAddr string
	// RateKey, when set, is the key the RateLimiter counts the attempt
	// under instead of RemoteAddr: the host's choice, for instance the
	// address a trusted proxy reported, or a client certificate.
	RateKey string
}

// LoginResult is a successful login.
type LoginResult struct {
	// Token is the session token to hand to the client. It is shown once:
	// the store keeps only its hash.
	Token     string
	Session   Session
	Principal *Principal
	// RecoveryCodeUsed says a recovery code stood in for the one-time
	// code, and is now used up; RecoveryCodesLeft is then how many the
	// account has left (tell the user, and offer new ones when few are).
	RecoveryCodeUsed  bool
	RecoveryCodesLeft int
}

// Login checks a username and password (and the second factor when the
// account has one: a TOTP code, a recovery code in its place, or a
// passkey) and opens a session. A login whose security groups require a
// second factor it does not have gets a session that may only enrol one
// (Principal.MustEnrolSecondFactor, audited with the detail
// "second_factor": "enrolment_required"). A recovery code used in place
// of the code is used up, and the login's audit event says so
// ("recovery_code_used", "recovery_codes_left").
//
// Malformed input (an empty password, a username that cannot be one, a
// code that is neither the configured number of digits nor a recovery
// code's shape, input over the size limits) gets an Invalid error naming
// the field, before anything is read;
// that says nothing about which accounts exist. The right password without
// a code, for an account with a second factor, is ErrSecondFactorRequired
// (a *SecondFactorRequired with a passkey ceremony when the account holds
// passkeys). A passkey's answer that does not verify counts as a wrong
// code.
// Every other failure is ErrLoginFailed: an unknown username, a wrong
// password or code, a code for an account without a second factor, a
// locked or inactive account, or a refusal of the RateLimiter. An unknown
// username, a wrong password, a locked account and a rate-limited attempt
// do the same work: one read transaction, one password hash, one write
// transaction of the same statements with one audit event.
//
// Every attempt writes exactly one login event, in the transaction that
// decides it; none holds the password, and one for an unknown username
// does not hold the name typed. An attempt that presents a registered
// passkey writes the passkey's own event beside it (EventPasskeyUsed or
// EventPasskeyRefused). The lockout rules are Config's
// (MaxFailedLogins): they are decided against the credentials stored in
// that write transaction, so attempts running at once cannot get past a
// lock another attempt has just set.
func (s *Service) Login(ctx context.Context, req LoginRequest) (_ *LoginResult, callErr error) {
	defer s.obs.Call(&ctx, "auth.Login")(&callErr)
	username, assertion, otc, err := s.checkLoginInput(req)
	if err != nil {
		return nil, err
	}
	key := rateKey(req)
	done, allowed := s.cfg.RateLimiter.Attempt(ctx, key, s.cfg.Clock.Now())
	defer func() { done(errors.Is(callErr, ErrLoginFailed)) }()
	in := loginInput{LoginRequest: req, username: username, key: key, allowed: allowed, assertion: assertion, otc: otc}
	res, err := s.login(ctx, in, false)
	if errors.Is(err, errCredentialsChanged) {
		// The stored hash changed while this login hashed: a password
		// change or reset (the password is then checked against the new
		// hash and fails), or another login's upgrade of an old hash
		// (it passes). Once more, against what is stored now; a second
		// change is recorded as a failure.
		res, err = s.login(ctx, in, true)
	}
	return res, err
}

// loginInput is a login request checked: the normalised username, the
// rate limiter's key and answer, and the passkey's answer and the
// one-time code parsed.
type loginInput struct {
	LoginRequest
	username, key string
	allowed       bool
	assertion     *PasskeyResponse
	// otc is TOTPCode as checkLoginInput parsed it.
	otc oneTimeCode
}

// errCredentialsChanged is how a write transaction reports that the stored
// password hash is no longer the one a password was verified against.
var errCredentialsChanged = errors.New("auth: credentials changed since they were read")

// noAccount is the account ID an unknown username's attempt reads and
// writes through: no account has it (IDs are never empty), so each read
// and write finds nothing, but the attempt sends the same statements as
// one for an account that exists, and takes as long.
const noAccount = ""

// login is one attempt of Login: it reads the account's credentials, hashes
// the password outside any transaction, and decides in a write transaction.
// With last, a hash changed once more meanwhile fails the attempt rather
// than returning errCredentialsChanged.
func (s *Service) login(ctx context.Context, req loginInput, last bool) (*LoginResult, error) {
	username, key, allowed, otc := req.username, req.key, req.allowed, req.otc
	// creds.AccountID is noAccount for an unknown username.
	creds, err := carenet.View(ctx, s.store, func(tx Tx) (Credentials, error) {
		// The credentials are asked for an unknown username too, so
		// both take as long.
		acct, err := tx.Accounts().ByUsername(ctx, username)
		known := carenet.ErrorCode(err) != carenet.NotFound
		if !known {
			acct, err = Account{ID: noAccount}, nil
		}
		if err != nil {
			return Credentials{}, err
		}
		c, err := tx.Accounts().Credentials(ctx, acct.ID)
		if !known && carenet.ErrorCode(err) == carenet.NotFound {
			return Credentials{AccountID: noAccount}, nil
		}
		return c, err
	})
	if err != nil {
		return nil, err
	}
	known := creds.AccountID != noAccount

	ok, rehash, err := s.checkPassword(ctx, req.Password, creds, known)
	if err != nil {
		return nil, err
	}
	newHash := ""
	if ok && rehash {
		if err := s.withHashSlot(ctx, func() { newHash, _ = s.cfg.Hasher.Hash(req.Password) }); err != nil {
			return nil, err
		}
	}
	token, tokenHash, err := newToken(SessionTokenPrefix)
	if err != nil {
		return nil, err
	}

	return carenet.Update(ctx, s.store, func(tx Tx) (*LoginResult, error) {
		now := s.cfg.Clock.Now()
		f := attemptFacts{Known: known, PasswordOK: ok, Allowed: allowed, Code: req.TOTPCode, Passkey: req.assertion != nil, Now: now}
		// The same statements on every path: the credentials (locked
		// until the transaction ends, so attempts at one account are
		// decided one after the other), the account and its holder, its
		// recovery codes when one was given, the credentials written
		// back, one audit event.
		c, a, h, known, err := attemptTarget(ctx, tx, creds.AccountID, f.Known)
		if err != nil {
			return nil, err
		}
		f.Known = known
		if f.Known && subtle.ConstantTimeCompare([]byte(c.PasswordHash), []byte(creds.PasswordHash)) != 1 {
			if !last {
				return nil, errCredentialsChanged
			}
			f.Changed = true
		}
		codes, err := readRecoveryCodes(ctx, tx, c.AccountID, otc)
		if err != nil {
			return nil, err
		}
		f.Creds = c
		f.Active = a.Active && h.AllowedAt(now)
		f.SecondFactor = HasSecondFactor(a, c.Passkeys)
		var use codeUse
		var pk passkeyCheck
		if f.SecondFactor && f.PasswordOK && f.Active {
			switch {
			case f.Code != "":
				use, f.CodeOK = s.checkOneTimeCode(otc, c, codes, now)
			case f.Passkey:
				if pk, err = s.checkPasskey(ctx, tx, a, *req.assertion, PasskeySecondFactor, now); err != nil {
					return nil, err
				}
				f.CodeOK = pk.ok
			}
		}
		rules := s.cfg.lockout()
		out := rules.decide(f)
		details := rules.apply(&c, out, now)
		if out == outcomeSuccess {
			c.LastLoginAt = now
			if newHash != "" {
				c.PasswordHash = newHash
				details["rehashed"] = "true"
			}
			if f.CodeOK && f.Code != "" {
				if err := s.spendOneTimeCode(ctx, tx, &c, use, details); err != nil {
					return nil, err
				}
			}
		} else if otc.isRecovery() {
			details["code_kind"] = otc.kind()
		}
		if err := tx.Accounts().SetCredentials(ctx, c); err != nil && f.Known {
			return nil, err
		}
		if out == outcomeWrongCode && f.Passkey {
			details["reason"] = "wrong_passkey"
		}
		if err := s.settlePasskey(ctx, tx, a, pk, out == outcomeSuccess, details, now); err != nil {
			return nil, err
		}
		if out == outcomeSuccess {
			res, err := s.openSession(ctx, tx, a, h, c.Passkeys, token, tokenHash, req.LoginRequest, details, now)
			if err == nil && f.CodeOK && use.recoveryID != "" {
				res.RecoveryCodeUsed, res.RecoveryCodesLeft = true, use.left
			}
			return res, err
		}
		answer := out.answer()
		if out == outcomeInactive {
			details["reason"] = inactiveReason(a, h)
		}
		if out == outcomeCodeRequired && c.Passkeys > 0 && s.cfg.Passkeys != nil {
			opts, err := s.beginSecondFactor(ctx, tx, a, now)
			if err != nil {
				return nil, err
			}
			details["factor"] = "passkey"
			answer = &SecondFactorRequired{Passkey: opts, TOTP: a.TOTPEnabled}
		}
		if err := s.recordAttempt(ctx, tx, attempt{account: a, known: f.Known, outcome: out, details: details, source: key}); err != nil {
			return nil, err
		}
		return nil, carenet.Refusal(answer)
	})
}

// openSession opens a session for a login that succeeded, and records it
// (EventLogin, with details) in tx.
func (s *Service) openSession(ctx context.Context, tx Tx, a Account, h Holder, passkeys int, token, tokenHash string, req LoginRequest, details map[string]string, now time.Time) (*LoginResult, error) {
	groups, err := tx.Accounts().Groups(ctx, a.Groups)
	if err != nil {
		return nil, err
	}
	sess := Session{
		ID:              s.cfg.IDs.NewID(),
		AccountID:       a.ID,
		TokenHash:       tokenHash,
		CreatedAt:       now,
		LastSeenAt:      now,
		AuthenticatedAt: now,
		ExpiresAt:       now.Add(s.cfg.SessionLifetime),
		UserAgent:       clip(req.UserAgent, 512),
		RemoteAddr:      clip(req.RemoteAddr, 128),
	}
	if err := tx.Sessions().Create(ctx, sess); err != nil {
		return nil, err
	}
	details["session"] = sess.ID
	p := s.principal(SessionFacts{Session: sess, Account: a, Holder: h, Groups: groups, Passkeys: passkeys}, now)
	if p.MustEnrolSecondFactor {
		details["second_factor"] = "enrolment_required"
	}
	if err := s.record(ctx, tx, audit.Event{ActorID: a.PersonID, Action: EventLogin, TargetType: audit.TargetAccount, TargetID: a.ID, Details: details}); err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, Session: sess, Principal: p}, nil
}

// checkPassword verifies password against creds in a hashing slot. For an
// account not known, or whose password is disabled, it runs a dummy
// verification instead, so every answer takes as long. A stored hash that
// cannot be read is a fault of the store, but the caller learns only that
// the password was not right. rehash says the hash should be upgraded.
func (s *Service) checkPassword(ctx context.Context, password string, creds Credentials, known bool) (ok, rehash bool, err error) {
	err = s.withHashSlot(ctx, func() {
		if !known || strings.HasPrefix(creds.PasswordHash, disabledPrefix) {
			s.cfg.Hasher.VerifyDummy(password)
			return
		}
		var verr error
		ok, rehash, verr = s.cfg.Hasher.Verify(password, creds.PasswordHash)
		ok = ok && verr == nil
	})
	return ok, rehash, err
}

// attemptTarget reads, in a sign-in attempt's write transaction, the
// credentials of accountID (locked until the transaction ends, so the
// attempts at one account are decided one after the other), its account
// and its holder: the same statements whether the account is known or
// not, so both take as long. Credentials not found (an unknown account,
// or one deleted since it was read) leave known false, the credentials
// naming noAccount and the account zero.
func attemptTarget(ctx context.Context, tx Tx, accountID string, known bool) (Credentials, Account, Holder, bool, error) {
	c, err := tx.Accounts().Credentials(ctx, accountID)
	if carenet.ErrorCode(err) == carenet.NotFound {
		known, c, err = false, Credentials{AccountID: noAccount}, nil
	}
	if err != nil {
		return Credentials{}, Account{}, Holder{}, false, err
	}
	a, err := tx.Accounts().Get(ctx, c.AccountID)
	if known && err != nil {
		return Credentials{}, Account{}, Holder{}, false, err
	} else if !known {
		a = Account{}
	}
	h, err := tx.Accounts().Holder(ctx, a.PersonID)
	if known && err != nil {
		return Credentials{}, Account{}, Holder{}, false, err
	}
	return c, a, h, known, nil
}

// answer is what the caller of Login is told of a failed outcome.
func (o outcome) answer() error {
	if o == outcomeCodeRequired {
		return ErrSecondFactorRequired
	}
	return ErrLoginFailed
}

// attempt is a login attempt that opened no session, as recordAttempt
// records it: the account tried (known false for an unknown username), the
// outcome, the event's details, and the rate limiter's key as its source
// (empty when there is none).
type attempt struct {
	account Account
	known   bool
	outcome outcome
	details map[string]string
	source  string
}

// recordAttempt audits a login attempt that opened no session: a counted
// failure as EventLoginFailed, a refusal that counts nothing (locked,
// rate-limited, inactive) as EventLoginRefused, the right password
// waiting for its code as EventLoginCodeRequired. An unknown username's
// event names no account and no username (people type passwords into the
// username field).
func (s *Service) recordAttempt(ctx context.Context, tx Tx, at attempt) error {
	o, details := at.outcome, at.details
	action := EventLoginRefused
	switch {
	case o == outcomeCodeRequired:
		action = EventLoginCodeRequired
	case o.counted(), o == outcomeUnknownUser:
		action = EventLoginFailed
	}
	if details["reason"] == "" {
		details["reason"] = o.reason()
	}
	if at.source != "" {
		details["source"] = at.source
	}
	if !at.known {
		return s.record(ctx, tx, audit.Event{Action: action, TargetType: audit.TargetLogin, Details: details})
	}
	return s.record(ctx, tx, audit.Event{ActorID: at.account.PersonID, Action: action, TargetType: audit.TargetAccount, TargetID: at.account.ID, Details: details})
}

// inactiveReason says why an account with holder h may not log in.
func inactiveReason(a Account, h Holder) string {
	switch {
	case !h.Active:
		return "person_inactive"
	case a.Active:
		return "end_date_passed"
	}
	return "account_inactive"
}

func (s *Service) checkLoginInput(req LoginRequest) (string, *PasskeyResponse, oneTimeCode, error) {
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
	otc, assertion := s.parseSecondFactor(&p, req.TOTPCode, req.Passkey)
	if err := p.Err(); err != nil {
		return "", nil, oneTimeCode{}, carenet.E("auth.Login", carenet.Invalid, "", err)
	}
	return username, assertion, otc, nil
}

// parseSecondFactor parses the second factor a login or re-authentication
// gives: a one-time or recovery code in the field "totp_code", or a
// passkey's answer in "passkey", not both. What is wrong with them is
// added to p.
func (s *Service) parseSecondFactor(p *carenet.Problems, code string, passkey []byte) (oneTimeCode, *PasskeyResponse) {
	otc, bad := s.parseOneTimeCode(code)
	if bad != nil {
		p.Add("totp_code", bad.rule, bad.msg)
	}
	if passkey == nil {
		return otc, nil
	}
	r, bad := s.parsePasskeyAssertion(passkey)
	switch {
	case bad != nil:
		p.Add("passkey", bad.rule, bad.msg)
	case code != "":
		p.Add("passkey", carenet.RuleNotAllowed, "give a one-time code or a passkey, not both")
	default:
		return otc, &r
	}
	return otc, nil
}

// codeProblem is what is wrong with the form of a one-time code.
type codeProblem struct{ rule, msg string }

// checkCodeFormat refuses a one-time code that is not the configured
// number of ASCII digits, before anything is read.
func (s *Service) checkCodeFormat(code string) *codeProblem {
	digits := s.digits()
	if len(code) > 16 {
		return &codeProblem{carenet.RuleTooLong, "is too long"}
	}
	if len(code) != digits || strings.Trim(code, "0123456789") != "" {
		return &codeProblem{carenet.RuleFormat, "must be " + strconv.Itoa(digits) + " digits"}
	}
	return nil
}

func (s *Service) checkTOTP(creds Credentials, code string, now time.Time) (int64, bool) {
	if s.totp == nil || len(creds.TOTPSecret) == 0 {
		return 0, false
	}
	secret, _, err := s.totp.Open(creds.TOTPSecret)
	if err != nil {
		return 0, false
	}
	step, ok := totp.Validate(code, secret, now, s.cfg.TOTP)
	if !ok || step <= creds.TOTPLastStep {
		return 0, false
	}
	return step, true
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
