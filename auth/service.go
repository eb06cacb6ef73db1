package auth

import (
	"cmp"
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/internal/observe"
	"github.com/carenet-go/carenet/portal"
)

// Config tunes a Service. The zero value of every field means its default.
type Config struct {
	// Clock and IDs default to carenet.SystemClock and carenet.RandomIDs.
	Clock carenet.Clock
	IDs   carenet.IDGenerator
	// Hasher hashes passwords; the zero value uses OWASP's argon2id
	// parameters (password.DefaultParams).
	Hasher password.Hasher
	// Policy checks new passwords; nil means password.DefaultPolicy().
	Policy *password.Policy
	// SessionIdleTimeout ends a session unused for this long (default 15
	// minutes); SessionLifetime ends any session this long after login
	// (default 12 hours).
	SessionIdleTimeout time.Duration
	SessionLifetime    time.Duration
	// ReauthWindow is how long after signing in, or re-authenticating in
	// the session (Service.Reauthenticate), a user may take sensitive
	// actions (see Principal.RequireRecentSignIn): zero means
	// DefaultReauthWindow, 10 minutes. It cannot be switched off: at most
	// MaxReauthWindow (an hour); a longer or negative one is an Invalid
	// error naming the field.
	ReauthWindow time.Duration
	// LinkLifetime is how long a password set or reset link works (default
	// 24 hours).
	LinkLifetime time.Duration
	// Deliverer sends password links to their account's holder, so no
	// actor sees the token (see LinkDeliverer). Without one, links are
	// returned to the actor, who must then reach all the login reaches.
	Deliverer LinkDeliverer
	// MaxFailedLogins is how many failures in a row (wrong passwords, wrong
	// or unexpected one-time codes) lock an account (default 5). The lock
	// lasts LockoutBase (default 1 minute), doubling with each further
	// failure up to LockoutMax (default 1 hour); attempts while locked are
	// not counted, so a guesser gets at most 34 counted failures a day at
	// the defaults. After MaxConsecutiveFailures in a row (default 100, the
	// most NIST SP 800-63B 5.2.2 allows) the password alone never opens the
	// account. The right password with a valid one-time code opens a
	// locked account and clears its failures, unless MaxFailedLogins wrong
	// codes came with the right password since the last success; a
	// redeemed password link always clears them.
	MaxFailedLogins        int
	LockoutBase            time.Duration
	LockoutMax             time.Duration
	MaxConsecutiveFailures int
	// RateLimiter bounds failed logins per client and overall, across
	// accounts (password spraying, credential stuffing); nil means
	// NewRateLimiter with the default RateLimits: 20 failures per source
	// per 10 minutes, attempts in flight included, and past 500 failures
	// in all per 10 minutes, sources that have themselves failed are
	// refused; a source without failures never is.
	RateLimiter RateLimiter
	// MaxConcurrentHashes bounds the password hashes computed at once, so a
	// storm of logins cannot exhaust memory (each argon2id hash takes its
	// Memory parameter, 19 MiB by default). Default: as many hashes as fit
	// in DefaultHashMemoryBudget (2 with the default parameters), at most
	// GOMAXPROCS and at least 1, so the bound does not grow with the number
	// of cores.
	MaxConcurrentHashes int
	// Release is the host's current product release, which new logins
	// record (Account.CreatedInRelease; default carenet.Release). Portal
	// rules depend on it (portal.LegacyReferralCutoff), so recording an
	// older one needs ManagePortalAccess (see CreateLoginTx).
	Release string
	// Permissions holds the host's own permissions (PermissionRegistry),
	// registered before NewService, which fixes the registry. Nil: the
	// SDK's permissions alone.
	Permissions *PermissionRegistry
	// TOTPKey is the 32-byte key that seals TOTP secrets at rest: a ring
	// of one key with ID "default". Without it or TOTPKeys no one can enrol
	// a second factor.
	TOTPKey []byte
	// TOTPKeys is the key ring that seals TOTP secrets, for hosts that
	// rotate the key: new secrets are sealed under its current key, and
	// every key of the ring opens what it sealed. After making a new key
	// current, run Service.ResealTOTPSecrets before removing an old one;
	// sign-ins with a valid code re-seal as they go, too. Set TOTPKey or
	// TOTPKeys, not both.
	TOTPKeys *totp.KeyRing
	// TOTPIssuer names the service in authenticator apps (default "CareNet").
	TOTPIssuer string
	// TOTP tunes codes; the zero value is 6 digits, 30 seconds, SHA-1, one
	// step of skew: what authenticator apps expect.
	TOTP totp.Config
	// Passkeys runs the WebAuthn protocol for passkeys: a PasskeyVerifier
	// such as package auth/passkey's, set up with the relying party's ID,
	// name and origins. Without it no one can register or use a passkey.
	Passkeys PasskeyVerifier
	// Logger, when set, logs each audited outcome (its allow-listed
	// details only) and each failed call, a store failure with its cause.
	// Observer, when set, is told of each call, store transaction and
	// audited outcome, for traces and metrics (see package otelcarenet).
	// Give every service the same two.
	Logger   *slog.Logger
	Observer carenet.Observer
}

func (c Config) withDefaults() Config {
	if c.Clock == nil {
		c.Clock = carenet.SystemClock
	}
	if c.IDs == nil {
		c.IDs = carenet.RandomIDs
	}
	if c.Policy == nil {
		p := password.DefaultPolicy()
		c.Policy = &p
	}
	c.SessionIdleTimeout = cmp.Or(c.SessionIdleTimeout, defaultSessionIdleTimeout)
	c.SessionLifetime = cmp.Or(c.SessionLifetime, defaultSessionLifetime)
	c.ReauthWindow = cmp.Or(c.ReauthWindow, DefaultReauthWindow)
	c.LinkLifetime = cmp.Or(c.LinkLifetime, 24*time.Hour)
	c.MaxFailedLogins = cmp.Or(c.MaxFailedLogins, 5)
	c.LockoutBase = cmp.Or(c.LockoutBase, time.Minute)
	c.LockoutMax = cmp.Or(c.LockoutMax, time.Hour)
	c.MaxConsecutiveFailures = cmp.Or(c.MaxConsecutiveFailures, max(100, c.MaxFailedLogins))
	if c.RateLimiter == nil {
		c.RateLimiter = NewRateLimiter(RateLimits{})
	}
	if c.MaxConcurrentHashes == 0 {
		c.MaxConcurrentHashes = defaultConcurrentHashes(c.Hasher.Params.Memory)
	}
	if c.Release == "" {
		c.Release = carenet.Release
	}
	if c.TOTPIssuer == "" {
		c.TOTPIssuer = "CareNet"
	}
	return c
}

// DefaultHashMemoryBudget is the argon2id memory, in bytes, that the default
// MaxConcurrentHashes lets password hashes use at once: 48 MiB, two hashes
// with OWASP's 19 MiB parameters. The garbage collector lets the heap grow
// to a few times what is live, so this keeps a storm of logins well inside a
// few hundred MiB of heap.
const DefaultHashMemoryBudget = 48 << 20

// defaultConcurrentHashes is how many hashes of memoryKiB (0: the default
// parameters) fit in DefaultHashMemoryBudget, at most GOMAXPROCS and at
// least 1.
func defaultConcurrentHashes(memoryKiB uint32) int {
	if memoryKiB == 0 {
		memoryKiB = password.DefaultParams.Memory
	}
	n := DefaultHashMemoryBudget / (int(memoryKiB) << 10)
	return max(1, min(n, runtime.GOMAXPROCS(0)))
}

func (c Config) validate() error {
	var p carenet.Problems
	if c.SessionIdleTimeout < 0 || c.SessionLifetime < 0 || c.SessionIdleTimeout > c.SessionLifetime {
		p.Add("SessionIdleTimeout", carenet.RuleRange, "must be positive and no longer than SessionLifetime")
	}
	if c.ReauthWindow < 0 || c.ReauthWindow > MaxReauthWindow {
		p.Add("ReauthWindow", carenet.RuleRange, "must be positive and at most an hour (MaxReauthWindow); it cannot be switched off")
	}
	if c.LinkLifetime < 0 {
		p.Add("LinkLifetime", carenet.RuleRange, "must be positive")
	}
	if c.MaxFailedLogins < 0 || c.LockoutBase < 0 || c.LockoutMax < c.LockoutBase {
		p.Add("MaxFailedLogins", carenet.RuleRange, "lockout settings must be positive, LockoutMax at least LockoutBase")
	}
	if c.MaxConsecutiveFailures < c.MaxFailedLogins {
		p.Add("MaxConsecutiveFailures", carenet.RuleRange, "must be at least MaxFailedLogins")
	}
	if c.MaxConcurrentHashes < 0 {
		p.Add("MaxConcurrentHashes", carenet.RuleRange, "must be positive")
	}
	if !portal.ValidRelease(c.Release) {
		p.Add("Release", carenet.RuleFormat, "must be a release number such as 2.26.1")
	}
	if c.TOTPKey != nil && len(c.TOTPKey) != 32 {
		p.Add("TOTPKey", carenet.RuleFormat, "must be 32 bytes")
	}
	if c.TOTPKey != nil && c.TOTPKeys != nil {
		p.Add("TOTPKeys", carenet.RuleNotAllowed, "set TOTPKey or TOTPKeys, not both")
	}
	if err := c.Hasher.ValidatePepper(); err != nil {
		p.Add("Hasher", carenet.RuleFormat, carenet.ErrorMessage(err))
	}
	if err := c.Policy.Validate(); err != nil {
		p.Add("Policy", carenet.RuleRange, carenet.ErrorMessage(err))
	}
	return p.Err()
}

// Service runs logins, sessions, password links, second factors and
// security groups over a Store.
type Service struct {
	store  Store
	cfg    Config
	rec    audit.Recorder
	hashes chan struct{}
	obs    *observe.Hooks
	// totp seals and opens TOTP secrets (totpRing); nil without a key.
	totp *totp.KeyRing
}

// NewService returns a Service over store. It returns an Invalid error if
// the configuration is inconsistent.
func NewService(store Store, cfg Config) (*Service, error) {
	cfg = cfg.withDefaults()
	if err := cfg.validate(); err != nil {
		return nil, carenet.E("auth.NewService", carenet.Invalid, "invalid auth configuration", err)
	}
	obs := observe.New(cfg.Logger, cfg.Observer)
	cfg.Permissions.freeze()
	return &Service{
		store:  observeStore(obs, store),
		cfg:    cfg,
		rec:    audit.Recorder{Clock: cfg.Clock, IDs: cfg.IDs, Notify: obs.Notify()},
		hashes: make(chan struct{}, cfg.MaxConcurrentHashes),
		obs:    obs,
		totp:   totpRing(cfg),
	}, nil
}

// Config returns the service's configuration with defaults filled in.
func (s *Service) Config() Config { return s.cfg }

// Permissions is the registry of permissions the service knows: the SDK's
// and those the host registered (nil for the SDK's alone).
func (s *Service) Permissions() *PermissionRegistry { return s.cfg.Permissions }

// Policy is the password policy in force.
func (s *Service) Policy() password.Policy { return *s.cfg.Policy }

// withHashSlot runs fn while holding one of the bounded hashing slots,
// waiting for one as long as ctx allows.
func (s *Service) withHashSlot(ctx context.Context, fn func()) error {
	select {
	case s.hashes <- struct{}{}:
	case <-ctx.Done():
		return carenet.E("auth", carenet.Canceled, "", ctx.Err())
	}
	defer func() { <-s.hashes }()
	fn()
	return nil
}

// record appends the audit event e through tx (see audit.Recorder.Record).
func (s *Service) record(ctx context.Context, tx Tx, e audit.Event) error {
	_, err := s.rec.Record(ctx, tx.Audit(), e)
	return err
}
