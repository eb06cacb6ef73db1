package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// epoch is the suite's reference time, with microseconds as the SDK's
// clocks keep them.
var epoch = time.Date(2025, time.March, 14, 9, 26, 53, 589793000, time.UTC)

// at is epoch moved by d, as the SDK stores times.
func at(d time.Duration) time.Time { return carenet.Timestamp(epoch.Add(d)) }

// ptr returns a pointer to a copy of t.
func ptr(t time.Time) *time.Time { return &t }

// NewPerson returns an active person at a CAC, created at a fixed time, for
// a test to adjust and store. Times are UTC microseconds, as the SDK's
// clocks make them.
func NewPerson(id, given, family string) personnel.Person {
	return personnel.Person{
		ID: id,
		Fields: personnel.Fields{
			GivenName:  given,
			FamilyName: family,
			Agency:     "Riverside CAC",
			AgencyKind: personnel.AgencyCAC,
			Email:      id + "@example.org",
		},
		State:          personnel.Active,
		StateChangedAt: at(0),
		CreatedAt:      at(0),
		UpdatedAt:      at(0),
	}
}

// NewAccount returns an active account of the person with the username
// (already normalised) and security groups, created at a fixed time in this
// release, for a test to adjust and store.
func NewAccount(id, personID, username string, groups ...string) auth.Account {
	return auth.Account{
		ID:               id,
		PersonID:         personID,
		Username:         username,
		Active:           true,
		Groups:           groups,
		Portal:           portal.Access{},
		CreatedInRelease: carenet.Release,
		CreatedAt:        at(0),
		UpdatedAt:        at(0),
	}
}

// NewCredentials returns credentials of the account with a password hash
// set at a fixed time and no login yet.
func NewCredentials(accountID string) auth.Credentials {
	return auth.Credentials{
		AccountID:     accountID,
		PasswordHash:  "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo",
		PasswordSetAt: at(0),
	}
}

// NewSession returns an unrevoked session of the account created and last
// seen at created, ending twelve hours later.
func NewSession(id, accountID, tokenHash string, created time.Time) auth.Session {
	created = carenet.Timestamp(created)
	return auth.Session{
		ID:              id,
		AccountID:       accountID,
		TokenHash:       tokenHash,
		CreatedAt:       created,
		LastSeenAt:      created,
		AuthenticatedAt: created,
		ExpiresAt:       created.Add(12 * time.Hour),
		UserAgent:       "storetest",
		RemoteAddr:      "192.0.2.1",
	}
}

// NewPasswordToken returns an unused password reset link of the account
// created at created, working for a day.
func NewPasswordToken(id, accountID, tokenHash string, created time.Time) auth.PasswordToken {
	created = carenet.Timestamp(created)
	return auth.PasswordToken{
		ID:        id,
		AccountID: accountID,
		Purpose:   auth.PurposeResetPassword,
		TokenHash: tokenHash,
		CreatedAt: created,
		ExpiresAt: created.Add(24 * time.Hour),
	}
}

// errRollback is what test transactions return to make the store roll back.
var errRollback = errors.New("storetest: roll back")

// hashOf makes a distinct token hash for a name.
func hashOf(name string) string { return fmt.Sprintf("%064x", []byte(name)) }

// update runs fn in a write transaction and fails the test on an error.
func update[T any](t *testing.T, tr carenet.Transactor[T], fn func(tx T) error) {
	t.Helper()
	require.NoError(t, tr.Update(context.Background(), fn))
}

// view runs fn in a read transaction and fails the test on an error.
func view[T any](t *testing.T, tr carenet.Transactor[T], fn func(tx T) error) {
	t.Helper()
	require.NoError(t, tr.View(context.Background(), fn))
}

// viewValue runs fn in a read transaction, fails the test on an error and
// returns what fn read.
func viewValue[T, R any](t *testing.T, tr carenet.Transactor[T], fn func(tx T) (R, error)) R {
	t.Helper()
	return valueIn(t, tr.View, fn)
}

// updateValue runs fn in a write transaction, fails the test on an error
// and returns what fn returned.
func updateValue[T, R any](t *testing.T, tr carenet.Transactor[T], fn func(tx T) (R, error)) R {
	t.Helper()
	return valueIn(t, tr.Update, fn)
}

// valueIn runs fn in the transaction run makes (a Transactor's View or
// Update), fails the test on an error and returns what fn returned.
func valueIn[T, R any](t *testing.T, run func(context.Context, func(tx T) error) error, fn func(tx T) (R, error)) R {
	t.Helper()
	var r R
	require.NoError(t, run(ctx, func(tx T) (err error) {
		r, err = fn(tx)
		return err
	}))
	return r
}

// updateError runs fn in a write transaction and returns its error, for a
// test that expects the write to fail.
func updateError[T, R any](tr carenet.Transactor[T], fn func(tx T) (R, error)) error {
	return tr.Update(ctx, func(tx T) error {
		_, err := fn(tx)
		return err
	})
}

// idsOf returns the id of each of items, in order: an empty list, not
// nil, for none.
func idsOf[E any](items []E, id func(E) string) []string {
	out := []string{}
	for _, e := range items {
		out = append(out, id(e))
	}
	return out
}

// createEach runs create for each of values in one write transaction and
// fails the test on the first error.
func createEach[T, V any](t *testing.T, tr carenet.Transactor[T], values []V, create func(tx T, v V) error) {
	t.Helper()
	update(t, tr, func(tx T) error {
		for _, v := range values {
			if err := create(tx, v); err != nil {
				return err
			}
		}
		return nil
	})
}

// atOnce runs fn(0) to fn(n-1) each in a goroutine of its own, all at
// once, and returns their errors by i when every one has returned.
func atOnce(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	return errs
}

// rolledBack runs fn in a write transaction that then fails, and checks the
// store reports the failure.
func rolledBack[T any](t *testing.T, tr carenet.Transactor[T], fn func(tx T) error) {
	t.Helper()
	err := tr.Update(context.Background(), func(tx T) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
}

// requireCode checks that err carries the SDK error code.
func requireCode(t *testing.T, err error, code carenet.Code, msgAndArgs ...any) {
	t.Helper()
	require.Error(t, err, msgAndArgs...)
	require.Equal(t, code, carenet.ErrorCode(err), "error: %v", err)
}

// opts compare stored values: times by time.Time.Equal (go-cmp uses the
// Equal method), and a nil slice or map equal to an empty one.
var opts = []cmp.Option{cmpopts.EquateEmpty()}

// requireEqual fails the test unless want and got are equal as stored
// values.
func requireEqual(t *testing.T, want, got any, msgAndArgs ...any) {
	t.Helper()
	if diff := cmp.Diff(want, got, opts...); diff != "" {
		require.Fail(t, "values differ (-want +got):\n"+diff, msgAndArgs...)
	}
}

// ctx is the context of the suite's repository calls.
var ctx = context.Background()

// createPerson stores people.
func createPerson(t *testing.T, s Store, people ...personnel.Person) {
	t.Helper()
	createEach(t, s.Personnel(), people, func(tx personnel.Tx, p personnel.Person) error { return tx.People().Create(ctx, p) })
}

// createAccounts stores accounts, each with default credentials.
func createAccounts(t *testing.T, s Store, accounts ...auth.Account) {
	t.Helper()
	createEach(t, s.Auth(), accounts, func(tx auth.Tx, a auth.Account) error {
		return tx.Accounts().Create(ctx, a, NewCredentials(a.ID))
	})
}

// createUser stores a person and their account with default credentials:
// person "p-<name>", account "a-<name>", username name.
func createUser(t *testing.T, s Store, name string, groups ...string) (personnel.Person, auth.Account) {
	t.Helper()
	p := NewPerson("p-"+name, "Given"+name, "Family"+name)
	a := NewAccount("a-"+name, p.ID, name, groups...)
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		if err := tx.People().Create(ctx, p); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, a, NewCredentials(a.ID))
	})
	p.Version, a.Version = 1, 1
	return p, a
}

// getPerson reads a person.
func getPerson(t *testing.T, s Store, id string) personnel.Person {
	t.Helper()
	return viewValue(t, s.Personnel(), func(tx personnel.Tx) (personnel.Person, error) { return tx.People().Get(ctx, id) })
}

// getAccount reads an account.
func getAccount(t *testing.T, s Store, id string) auth.Account {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.Account, error) { return tx.Accounts().Get(ctx, id) })
}

// sealLog seals what is committed, on a store that seals after commit.
func sealLog(t *testing.T, s Store) {
	t.Helper()
	if sl, ok := s.Audit().(audit.Sealer); ok {
		_, err := sl.Seal(ctx)
		require.NoError(t, err)
	}
}

// listEvents seals what is committed and reads the whole audit log.
func listEvents(t *testing.T, s Store) []audit.Event {
	t.Helper()
	sealLog(t, s)
	var all []audit.Event
	for {
		var page []audit.Event
		view(t, s.Audit(), func(tx audit.Tx) (err error) {
			var after int64
			if len(all) > 0 {
				after = all[len(all)-1].Seq
			}
			page, err = tx.Audit().List(ctx, audit.Filter{AfterSeq: after})
			return err
		})
		all = append(all, page...)
		if len(page) < audit.DefaultLimit {
			return all
		}
	}
}

// event makes an unsealed event.
func event(id, actor string, action audit.Action, targetType, targetID string, d time.Duration) audit.Event {
	return audit.Event{ID: id, At: at(d), ActorID: actor, Action: action, TargetType: targetType, TargetID: targetID}
}
