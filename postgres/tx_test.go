package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

func TestUpdateRollsBackOnError(t *testing.T) {
	s, _ := sharedStore(t)
	id := uniq("p")
	boom := errors.New("boom")
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, person(id, "Ada", "Lovelace")))
		return boom
	})
	require.ErrorIs(t, err, boom)
	err = s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, id)
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func TestUpdateRollsBackOnPanicAndPanicsOn(t *testing.T) {
	s, db := sharedStore(t)
	id := uniq("p")
	func() {
		defer func() { require.Equal(t, "boom", recover()) }()
		_ = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			require.NoError(t, tx.People().Create(ctx, person(id, "Ada", "Lovelace")))
			panic("boom")
		})
		t.Fatal("Update returned after a panic")
	}()
	// A statement seen for the first time is prepared in the background
	// on a connection of its own, which it gives back at once; the
	// panicking transaction's connection, if it leaked, never comes back.
	require.Eventually(t, func() bool { return db.Stats().InUse == 0 }, 5*time.Second, 10*time.Millisecond,
		"the connection of the panicking transaction was not released")
	err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, id)
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func TestViewSeesOneSnapshot(t *testing.T) {
	s, _ := sharedStore(t)
	p := person(uniq("p"), "Ada", "Lovelace")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
	p.Version = 1
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		first, err := tx.People().Get(ctx, p.ID)
		require.NoError(t, err)
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			q := p
			q.GivenName = "Augusta"
			_, err := tx.People().Update(ctx, q)
			return err
		}))
		again, err := tx.People().Get(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, first, again, "a View saw a change committed after it began")
		return nil
	}))
}

// session makes a session for the account.
func session(accountID string) auth.Session {
	return auth.Session{ID: uniq("s"), AccountID: accountID, TokenHash: randomHex(32), CreatedAt: epoch,
		LastSeenAt: epoch, ExpiresAt: epoch.Add(12 * time.Hour)}
}

// deadlock runs two transactions that touch two sessions in opposite
// orders, each waiting after its first write until the other has made its
// own, so PostgreSQL finds a deadlock and cancels one of them.
func deadlock(t *testing.T, s *postgres.Store) (errA, errB error, attempts int64) {
	_, a := user(t, s, "deadlock")
	s1, s2 := session(a.ID), session(a.ID)
	require.NoError(t, s.Auth().Update(ctx, func(tx auth.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, s1))
		return tx.Sessions().Create(ctx, s2)
	}))
	var runs atomic.Int64
	var aLocked, bLocked sync.WaitGroup
	aLocked.Add(1)
	bLocked.Add(1)
	var onceA, onceB sync.Once
	touch := func(first, second string, mine *sync.WaitGroup, mineOnce *sync.Once, other *sync.WaitGroup) error {
		return s.Auth().Update(ctx, func(tx auth.Tx) error {
			runs.Add(1)
			if err := tx.Sessions().Touch(ctx, first, epoch.Add(time.Minute)); err != nil {
				return err
			}
			mineOnce.Do(func() {
				mine.Done()
				other.Wait()
			})
			return tx.Sessions().Touch(ctx, second, epoch.Add(time.Minute))
		})
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); errA = touch(s1.ID, s2.ID, &aLocked, &onceA, &bLocked) }()
	go func() { defer wg.Done(); errB = touch(s2.ID, s1.ID, &bLocked, &onceB, &aLocked) }()
	wg.Wait()
	return errA, errB, runs.Load()
}

func TestDeadlockIsRetried(t *testing.T) {
	s, _ := sharedStore(t)
	errA, errB, runs := deadlock(t, s)
	require.NoError(t, errA)
	require.NoError(t, errB)
	require.Equal(t, int64(3), runs, "the transaction cancelled by the deadlock was not run again")
}

func TestDeadlockWithoutRetriesIsConflict(t *testing.T) {
	s, _ := sharedStore(t, postgres.WithRetries(0))
	errA, errB, runs := deadlock(t, s)
	require.Equal(t, int64(2), runs)
	require.True(t, (errA == nil) != (errB == nil), "exactly one transaction must fail: %v, %v", errA, errB)
	err := errA
	if err == nil {
		err = errB
	}
	requireCode(t, err, carenet.Conflict)
}

// TestSerializationFailureIsRetried raises the isolation of Update to
// REPEATABLE READ, where locking or updating a row that another
// transaction changed after the snapshot was taken is a serialization
// failure (40001), and checks that the later transaction is run again and
// succeeds.
func TestSerializationFailureIsRetried(t *testing.T) {
	for _, retries := range []int{5, 0} {
		s, _ := sharedStore(t, postgres.WithRetries(retries))
		postgres.SetUpdateIsolation(s, sql.LevelRepeatableRead)
		p := person(uniq("p"), "Ada", "Lovelace")
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))

		read, written := make(chan struct{}), make(chan struct{})
		var runs atomic.Int64
		var once sync.Once
		var errLate, errEarly error
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { // the later writer: takes its snapshot, waits for the other to commit, reads and writes
			defer wg.Done()
			errLate = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
				runs.Add(1)
				if _, err := tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"ada"}, States: []personnel.State{personnel.Active}, Limit: 1}); err != nil {
					return err
				}
				once.Do(func() {
					close(read)
					<-written
				})
				q, err := tx.People().Get(ctx, p.ID)
				if err != nil {
					return err
				}
				q.GivenName = "Late"
				_, err = tx.People().Update(ctx, q)
				return err
			})
		}()
		go func() { // the earlier writer
			defer wg.Done()
			<-read
			errEarly = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
				q, err := tx.People().Get(ctx, p.ID)
				if err != nil {
					return err
				}
				q.GivenName = "Early"
				_, err = tx.People().Update(ctx, q)
				return err
			})
			close(written)
		}()
		wg.Wait()
		require.NoError(t, errEarly)
		got := getPerson(t, s, p.ID)
		if retries > 0 {
			require.NoError(t, errLate)
			require.Equal(t, int64(2), runs.Load())
			require.Equal(t, "Late", got.GivenName)
			require.Equal(t, int64(3), got.Version)
		} else {
			requireCode(t, errLate, carenet.Conflict)
			require.Equal(t, int64(1), runs.Load())
			require.Equal(t, "Early", got.GivenName)
		}
	}
}

func getPerson(t *testing.T, s *postgres.Store, id string) personnel.Person {
	t.Helper()
	var p personnel.Person
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) (err error) {
		p, err = tx.People().Get(ctx, id)
		return err
	}))
	return p
}

// lockPerson holds a row lock on the person in a transaction of its own
// until the test ends.
func lockPerson(t *testing.T, db *sql.DB, id string) {
	t.Helper()
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = tx.Rollback() })
	_, err = tx.Exec("SELECT 1 FROM carenet.people WHERE id = $1 FOR UPDATE", id)
	require.NoError(t, err)
}

func TestDeadlineWhileWaitingIsCanceled(t *testing.T) {
	s, db := sharedStore(t)
	p := person(uniq("p"), "Ada", "Lovelace")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
	p.Version = 1
	lockPerson(t, db, p.ID)
	c, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Personnel().Update(c, func(tx personnel.Tx) error {
		_, err := tx.People().Update(c, p)
		return err
	})
	requireCode(t, err, carenet.Canceled)
	require.Less(t, time.Since(start), 5*time.Second)
	require.Equal(t, int64(1), getPerson(t, s, p.ID).Version)
}

func TestStatementTimeoutIsCanceled(t *testing.T) {
	// The timeout is the database's, as a host behind a pooler in
	// transaction mode sets it (a pooler passes no session settings): every
	// server connection starts with it.
	name := newDatabase(t, true)
	_, err := admin.Exec("ALTER DATABASE " + pq.QuoteIdentifier(name) + " SET statement_timeout = 150")
	require.NoError(t, err)
	db := openDB(t, name, nil)
	s := postgres.New(db)
	p := person(uniq("p"), "Ada", "Lovelace")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, p) }))
	p.Version = 1
	lockPerson(t, db, p.ID)
	slow := postgres.New(openDB(t, name, nil))
	err = slow.Personnel().Update(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Update(ctx, p)
		return err
	})
	requireCode(t, err, carenet.Canceled)
	require.Equal(t, "the request took too long and was cancelled", carenet.ErrorMessage(err))
}

func TestOpenAndClose(t *testing.T) {
	requireDB(t)
	_, err := postgres.Open("postgres://%zz")
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "error: %v", err)

	s, err := postgres.Open(connectorDSN(sharedDB))
	require.NoError(t, err)
	v, err := s.SchemaVersion(ctx)
	require.NoError(t, err)
	require.Positive(t, v)
	require.NoError(t, s.Close())
	require.Error(t, s.DB().Ping(), "Close left the pool Open opened open")

	// A pool handed to New stays open.
	db := openDB(t, sharedDB, nil)
	require.NoError(t, postgres.New(db).Close())
	require.NoError(t, db.Ping())
}
