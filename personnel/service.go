package personnel

import (
	"context"
	"log/slog"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/observe"
)

// Config tunes a Service. Zero fields take their defaults.
type Config struct {
	// Clock and IDs default to carenet.SystemClock and carenet.RandomIDs.
	Clock carenet.Clock
	IDs   carenet.IDGenerator
	// References finds the host's own records that refer to a person (client
	// profiles, cases, therapy sessions...). Without one, only the SDK's
	// records guard a delete.
	References ReferenceFinder
	// Logger, when set, logs each audited outcome (its allow-listed
	// details only) and each failed call, a store failure with its cause.
	// Observer, when set, is told of each call, store transaction and
	// audited outcome, for traces and metrics (see package otelcarenet).
	// Give every service the same two.
	Logger   *slog.Logger
	Observer carenet.Observer
	// OnDeactivate ends, in the transaction of every deactivation and
	// every end of a login alone (DisableLogin, RemoveLogin, the
	// dormant-login sweep), access the person holds in other packages:
	// pass the video.Service, whose EndAccess revokes every video share
	// the person holds as grantee. Without it a grantee's shares are
	// refused while their login is off but come back with it.
	OnDeactivate []DeactivateHook
	// DormantAfterDays is the period after which SweepDormantLogins
	// disables a login not used (0, the default: never; policies commonly
	// ask for SuggestedDormantAfterDays, 90; at most MaxDormantAfterDays).
	DormantAfterDays int
	// LogReads says which reads are recorded as access events: Get
	// records audit.ReadProfile. Profiles are not among the defaults
	// (audit.DefaultReads, when zero): add them with
	// audit.DefaultReads | audit.ReadProfile.
	LogReads audit.ReadKinds
}

// Service runs the personnel rules over a Store. Each method checks the
// caller's permission, gathers facts in a transaction, applies the rules
// and writes its changes and their audit event in that same transaction.
type Service struct {
	store Store
	auth  *auth.Service
	cfg   Config
	rec   audit.Recorder
	obs   *observe.Hooks
}

// NewService returns a Service over store. It uses authSvc for everything
// about logins (usernames, password policy and hashing, links), which must
// run over the same store.
func NewService(store Store, authSvc *auth.Service, cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = carenet.SystemClock
	}
	if cfg.IDs == nil {
		cfg.IDs = carenet.RandomIDs
	}
	obs := observe.New(cfg.Logger, cfg.Observer)
	return &Service{store: observe.Store(obs, "personnel", store), auth: authSvc, cfg: cfg, obs: obs,
		rec: audit.Recorder{Clock: cfg.Clock, IDs: cfg.IDs, Notify: obs.Notify()}}
}

// record appends the audit event e through tx (see audit.Recorder.Record).
func (s *Service) record(ctx context.Context, tx Tx, e audit.Event) error {
	_, err := s.rec.Record(ctx, tx.Audit(), e)
	return err
}

// Get returns a profile with its login. It needs ViewPersonnel, except for
// the caller's own profile; a session that must enrol a second factor
// first gets neither (auth.ErrEnrolSecondFactor).
func (s *Service) Get(ctx context.Context, actor *auth.Principal, id string) (_ Profile, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Get")(&callErr)
	if err := actor.RequireFull(); err != nil {
		return Profile{}, err
	}
	if actor.ActorID() != id || id == "" {
		if err := actor.Require(auth.ViewPersonnel); err != nil {
			return Profile{}, err
		}
	}
	out, err := carenet.View(ctx, s.store, func(tx Tx) (Profile, error) {
		return loadProfile(ctx, tx, id)
	})
	if err == nil {
		err = s.logRead(ctx, actor, id)
	}
	if err != nil {
		return Profile{}, err
	}
	return out, nil
}

// loadProfile reads a person and their login.
func loadProfile(ctx context.Context, tx Tx, id string) (Profile, error) {
	p, err := tx.People().Get(ctx, id)
	if err != nil {
		return Profile{}, err
	}
	a, err := tx.Accounts().ByPerson(ctx, id)
	switch carenet.ErrorCode(err) {
	case "":
		return Profile{Person: p, Login: loginOf(a)}, nil
	case carenet.NotFound:
		return Profile{Person: p}, nil
	}
	return Profile{}, err
}

func loginOf(a auth.Account) *Login {
	return &Login{AccountID: a.ID, Username: a.Username, Active: a.Active, Groups: append([]string(nil), a.Groups...), Portal: a.Portal}
}

// account returns the person's account, or ok=false if they have none.
func account(ctx context.Context, tx Tx, personID string) (auth.Account, bool, error) {
	a, err := tx.Accounts().ByPerson(ctx, personID)
	switch carenet.ErrorCode(err) {
	case "":
		return a, true, nil
	case carenet.NotFound:
		return auth.Account{}, false, nil
	}
	return auth.Account{}, false, err
}

// personAndLogin reads a person and their account, if they have one.
func personAndLogin(ctx context.Context, tx Tx, personID string) (Person, auth.Account, bool, error) {
	p, err := tx.People().Get(ctx, personID)
	if err != nil {
		return Person{}, auth.Account{}, false, err
	}
	a, ok, err := account(ctx, tx, personID)
	return p, a, ok, err
}
