package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// hookStore wraps a personnel store so that a test can act at chosen
// points inside a transaction: before a person is read, before a login is
// disabled, before an audit event is appended.
type hookStore struct {
	personnel.Store
	beforeGet     func()
	beforeDisable func()
	beforeAppend  func()
}

func (s hookStore) Update(ctx context.Context, fn func(personnel.Tx) error) error {
	return s.Store.Update(ctx, func(tx personnel.Tx) error { return fn(hookTx{Tx: tx, s: s}) })
}

type hookTx struct {
	personnel.Tx
	s hookStore
}

func (t hookTx) People() personnel.PersonRepository {
	return hookPeople{PersonRepository: t.Tx.People(), s: t.s}
}

func (t hookTx) Accounts() auth.AccountRepository {
	return hookAccounts{AccountRepository: t.Tx.Accounts(), s: t.s}
}

func (t hookTx) Audit() audit.Repository { return hookAudit{Repository: t.Tx.Audit(), s: t.s} }

type hookPeople struct {
	personnel.PersonRepository
	s hookStore
}

func (p hookPeople) Get(ctx context.Context, id string) (personnel.Person, error) {
	if p.s.beforeGet != nil {
		p.s.beforeGet()
	}
	return p.PersonRepository.Get(ctx, id)
}

type hookAccounts struct {
	auth.AccountRepository
	s hookStore
}

func (a hookAccounts) DisableLogin(ctx context.Context, d auth.DisableLogin) (auth.DisabledLogin, error) {
	if a.s.beforeDisable != nil {
		a.s.beforeDisable()
	}
	return a.AccountRepository.(auth.LoginDisabler).DisableLogin(ctx, d)
}

type hookAudit struct {
	audit.Repository
	s hookStore
}

func (r hookAudit) Append(ctx context.Context, e audit.Event) (audit.Event, error) {
	if r.s.beforeAppend != nil {
		r.s.beforeAppend()
	}
	return r.Repository.Append(ctx, e)
}

// TestConcurrentEditsOneConflict has two editors who opened the same
// profile (version 1) save at the same moment: both transactions have begun
// before either reads the person. One wins, the other gets a Conflict, and
// the winner's change is the one stored.
func TestConcurrentEditsOneConflict(t *testing.T) {
	s, _ := sharedStore(t)
	sv := newServices(t, s)
	for round := range 5 {
		c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{Fields: personnel.Fields{
			GivenName: "Eddie", FamilyName: "Edited", AgencyKind: personnel.AgencyCAC}})
		require.NoError(t, err)
		id := c.Profile.ID

		var ready sync.WaitGroup
		ready.Add(2)
		titles := []string{"First", "Second"}
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			var once sync.Once
			editor := personnel.NewService(hookStore{Store: s.Personnel(), beforeGet: func() {
				once.Do(func() { ready.Done(); ready.Wait() })
			}}, sv.auth, personnel.Config{})
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = editor.Edit(ctx, sv.admin, id, 1, personnel.Update{Title: &titles[i]})
			}()
		}
		wg.Wait()

		winner := -1
		for i, err := range errs {
			if err == nil {
				require.Equal(t, -1, winner, "round %d: both edits succeeded: a lost update", round)
				winner = i
				continue
			}
			requireCode(t, err, carenet.Conflict)
		}
		require.NotEqual(t, -1, winner, "round %d: neither edit succeeded: %v", round, errs)
		got, err := sv.people.Get(ctx, sv.admin, id)
		require.NoError(t, err)
		require.Equal(t, titles[winner], got.Title, "the winner's edit is stored")
		require.Equal(t, int64(2), got.Version)
		require.Equal(t, 1, sv.personEvents(t, id, personnel.EventUpdated), "only the winning edit is audited")
	}
}

// TestDeactivationInterrupted breaks a deactivation part-way, after the
// person was written and before the login is disabled, or before the audit
// event: by killing its connection from a second one (pg_terminate_backend)
// or by cancelling its context. The person, the login, its credentials, its
// sessions and the audit log stay exactly as before; a retry succeeds.
func TestDeactivationInterrupted(t *testing.T) {
	s, db := sharedStore(t)
	sv := newServices(t, s)
	points := []string{"before disabling the login", "before the audit event"}
	for _, how := range []string{"terminate", "cancel"} {
		for _, at := range points {
			t.Run(how+" "+at, func(t *testing.T) {
				p, username := sv.user(t, "Vic")
				tokens := []string{sv.login(t, username).Token, sv.login(t, username).Token}
				_, err := sv.auth.IssuePasswordLink(ctx, sv.admin, p.Login.AccountID)
				require.NoError(t, err)
				before := readDeactivationState(t, db, p.ID)

				app := uniq("victim")
				victim := openDB(t, sharedDB, map[string]string{"application_name": app})
				c, cancel := context.WithCancel(ctx)
				defer cancel()
				fired := false
				interrupt := func() {
					fired = true
					switch how {
					case "terminate":
						var killed int
						require.NoError(t, db.QueryRow(`SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))
							FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle in transaction'`, app).Scan(&killed))
						require.Equal(t, 1, killed, "the deactivation's connection was not found")
					case "cancel":
						cancel()
					}
				}
				hooks := hookStore{Store: postgres.New(victim).Personnel()}
				if at == points[0] {
					hooks.beforeDisable = interrupt
				} else {
					hooks.beforeAppend = interrupt
				}
				broken := personnel.NewService(hooks, sv.auth, personnel.Config{})
				_, err = broken.Deactivate(c, sv.admin, p.ID, "left")
				require.True(t, fired, "the interruption never ran")
				if how == "cancel" {
					requireCode(t, err, carenet.Canceled)
				} else {
					requireCodeIn(t, err, carenet.Internal, carenet.Canceled)
					require.NotContains(t, carenet.ErrorMessage(err), "terminating", "the driver's text reached the message")
				}

				require.Empty(t, cmp.Diff(before, readDeactivationState(t, db, p.ID)),
					"person, login, credentials, sessions and audit log exactly as before")
				for _, tok := range tokens {
					_, err := sv.auth.Authenticate(ctx, tok)
					require.NoError(t, err, "the sessions still work: nothing was half-done")
				}

				d, err := sv.people.Deactivate(ctx, sv.admin, p.ID, "left")
				require.NoError(t, err, "retrying succeeds")
				require.Equal(t, personnel.Deactivation{PersonID: p.ID, PersonDeactivated: true, HasLogin: true,
					LoginDisabled: true, SessionsRevoked: 2, LinksInvalidated: 1}, d)
				for _, tok := range tokens {
					_, err := sv.auth.Authenticate(ctx, tok)
					require.ErrorIs(t, err, auth.ErrSessionInvalid)
				}
				_, err = sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
				require.ErrorIs(t, err, auth.ErrLoginFailed)
				require.Equal(t, 1, sv.personEvents(t, p.ID, personnel.EventDeactivated), "only the retry is in the audit log")
			})
		}
	}
}

// TestDeactivatedUserLockedOut is the end state of CAC CareNet's help
// article "Deactivating a Personnel Profile" on PostgreSQL: after
// Deactivate returns, the old password and the old session both fail, and
// the audit log records who did it and why. A permission change takes
// effect at the next authenticated call.
func TestDeactivatedUserLockedOut(t *testing.T) {
	s, _ := sharedStore(t)
	sv := newServices(t, s)
	p, username := sv.user(t, "Lou")
	tok := sv.login(t, username).Token

	viewers, err := sv.auth.CreateSecurityGroup(ctx, sv.admin, uniq("Viewers"), "", auth.NewPermissionSet(auth.ViewPersonnel))
	require.NoError(t, err)
	_, err = sv.people.SetSecurityGroups(ctx, sv.admin, p.ID, []string{viewers.ID})
	require.NoError(t, err)
	principal, err := sv.auth.Authenticate(ctx, tok)
	require.NoError(t, err)
	require.False(t, principal.Can(auth.EditPersonnel), "the narrower groups apply at the next call")
	require.True(t, principal.Can(auth.ViewPersonnel))

	d, err := sv.people.Deactivate(ctx, sv.admin, p.ID, "left the centre")
	require.NoError(t, err)
	require.True(t, d.LoginDisabled)
	_, err = sv.auth.Authenticate(ctx, tok)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
	_, err = sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	events, err := sv.audit.List(ctx, audit.Filter{TargetType: "person", TargetID: p.ID})
	require.NoError(t, err)
	last := events[len(events)-1]
	require.Equal(t, personnel.EventDeactivated, last.Action)
	require.Equal(t, sv.adminID, last.ActorID)
	require.Equal(t, "left the centre", last.Details["reason"])

	again, err := sv.people.Deactivate(ctx, sv.admin, p.ID, "left the centre")
	require.NoError(t, err, "calling it twice is harmless")
	require.False(t, again.Changed())
}

// authHookStore wraps auth's store so that a test can act right after a
// login's session is stored, before its transaction commits.
type authHookStore struct {
	auth.Store
	afterSessionCreate func()
}

func (s authHookStore) Update(ctx context.Context, fn func(auth.Tx) error) error {
	return s.Store.Update(ctx, func(tx auth.Tx) error { return fn(authHookTx{Tx: tx, s: s}) })
}

type authHookTx struct {
	auth.Tx
	s authHookStore
}

func (t authHookTx) Sessions() auth.SessionRepository {
	return authHookSessions{SessionRepository: t.Tx.Sessions(), s: t.s}
}

type authHookSessions struct {
	auth.SessionRepository
	s authHookStore
}

func (r authHookSessions) Create(ctx context.Context, sess auth.Session) error {
	err := r.SessionRepository.Create(ctx, sess)
	if err == nil && r.s.afterSessionCreate != nil {
		r.s.afterSessionCreate()
	}
	return err
}

// requireNoOpenSession checks that every session of the account is revoked.
func requireNoOpenSession(t *testing.T, s *postgres.Store, accountID string) {
	t.Helper()
	require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) error {
		sessions, err := tx.Sessions().ListByAccount(ctx, accountID)
		for _, x := range sessions {
			require.True(t, x.Revoked(), "session %s of the deactivated login is still open", x.ID)
		}
		return err
	}))
}

// TestLoginRacingDeactivation interleaves a login and a deactivation of the
// same person, each paused inside its transaction while the other starts.
// Whichever goes first, the login ends with no open session: a login that
// starts while a deactivation is in flight is refused once it commits, and
// a deactivation that starts while a login is in flight revokes the session
// that login opens.
func TestLoginRacingDeactivation(t *testing.T) {
	s, _ := sharedStore(t)
	sv := newServices(t, s)
	const pause = 300 * time.Millisecond

	t.Run("DeactivationFirst", func(t *testing.T) {
		p, username := sv.user(t, "Dee")
		var loginErr error
		loggedIn := make(chan struct{})
		broken := personnel.NewService(hookStore{Store: s.Personnel(), beforeAppend: func() {
			go func() {
				defer close(loggedIn)
				_, loginErr = sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
			}()
			time.Sleep(pause) // the login reads the account and waits on it
		}}, sv.auth, personnel.Config{})
		_, err := broken.Deactivate(ctx, sv.admin, p.ID, "left")
		require.NoError(t, err)
		<-loggedIn
		require.ErrorIs(t, loginErr, auth.ErrLoginFailed, "a login racing a deactivation must not get in")
		requireNoOpenSession(t, s, p.Login.AccountID)
	})

	t.Run("LoginFirst", func(t *testing.T) {
		p, username := sv.user(t, "Lin")
		var d personnel.Deactivation
		var deactErr error
		deactivated := make(chan struct{})
		hooked, err := auth.NewService(authHookStore{Store: s.Auth(), afterSessionCreate: func() {
			go func() {
				defer close(deactivated)
				d, deactErr = sv.people.Deactivate(ctx, sv.admin, p.ID, "left")
			}()
			time.Sleep(pause) // the deactivation reads the account and waits on it
		}}, auth.Config{Hasher: carenettest.FastHasher})
		require.NoError(t, err)
		res, err := hooked.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
		require.NoError(t, err, "the login went first and succeeds")
		<-deactivated
		require.NoError(t, deactErr)
		require.Equal(t, 1, d.SessionsRevoked, "the deactivation revokes the session the login opened")
		_, err = sv.auth.Authenticate(ctx, res.Token)
		require.ErrorIs(t, err, auth.ErrSessionInvalid)
		requireNoOpenSession(t, s, p.Login.AccountID)
	})
}

// TestConcurrentDeactivationsHarmless deactivates one person from two
// transactions at once, both started before either reads the person (a
// double click, or the end-date sweep meeting an administrator): both
// succeed, one of them changes the person, and the audit log holds one
// deactivation.
func TestConcurrentDeactivationsHarmless(t *testing.T) {
	s, _ := sharedStore(t)
	sv := newServices(t, s)
	for round := range 5 {
		p, username := sv.user(t, "Twice")
		tok := sv.login(t, username).Token
		var ready sync.WaitGroup
		ready.Add(2)
		results := make([]personnel.Deactivation, 2)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range 2 {
			var once sync.Once
			svc := personnel.NewService(hookStore{Store: s.Personnel(), beforeGet: func() {
				once.Do(func() { ready.Done(); ready.Wait() })
			}}, sv.auth, personnel.Config{})
			wg.Add(1)
			go func() {
				defer wg.Done()
				results[i], errs[i] = svc.Deactivate(ctx, sv.admin, p.ID, "left")
			}()
		}
		wg.Wait()
		require.NoError(t, errs[0], "round %d", round)
		require.NoError(t, errs[1], "round %d", round)
		require.True(t, results[0].Changed() != results[1].Changed(), "round %d: exactly one call changes something: %+v", round, results)
		_, err := sv.auth.Authenticate(ctx, tok)
		require.ErrorIs(t, err, auth.ErrSessionInvalid)
		require.Equal(t, 1, sv.personEvents(t, p.ID, personnel.EventDeactivated), "round %d: one deactivation in the audit log", round)
	}
}
