package memory_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/storetest"
)

// waitLimit bounds how long a test waits for something the store must do
// without waiting for anyone: far above any run's time, so that only a
// reader or writer that blocks runs into it.
const waitLimit = 5 * time.Second

// within fails the test unless done is closed within waitLimit.
func within(t *testing.T, done <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-done:
	case <-time.After(waitLimit):
		t.Fatalf("%s waited for another transaction", what)
	}
}

// searchAda searches the people whose name has a word starting "ada".
func searchAda(ctx context.Context, tx personnel.Tx) ([]personnel.Person, error) {
	return tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"ada"}, States: []personnel.State{personnel.Active}, Limit: 10})
}

// TestReadersDoNotWaitForAWriter: while a write transaction is open (its
// function has written and not returned), reads of every kind finish, and
// they see the committed state only, not the open transaction's writes.
func TestReadersDoNotWaitForAWriter(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(ctx, storetest.NewPerson("p-1", "Ada", "Lovelace"))
	}))

	written, release, writerDone := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		writerDone <- s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			if err := tx.People().Create(ctx, storetest.NewPerson("p-2", "Adam", "Smith")); err != nil {
				return err
			}
			p, err := tx.People().Get(ctx, "p-1")
			if err != nil {
				return err
			}
			p.FamilyName = "Byron"
			if _, err := tx.People().Update(ctx, p); err != nil {
				return err
			}
			close(written)
			<-release
			return nil
		})
	}()
	within(t, written, "the writer")

	read := make(chan struct{})
	go func() {
		defer close(read)
		assert.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
			p, err := tx.People().Get(ctx, "p-1")
			assert.NoError(t, err)
			assert.Equal(t, "Lovelace", p.FamilyName, "a reader saw an open transaction's write")
			_, err = tx.People().Get(ctx, "p-2")
			assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "a reader saw an open transaction's insert")
			found, err := searchAda(ctx, tx)
			assert.NoError(t, err)
			assert.Len(t, found, 1, "a reader saw an open transaction's insert in the search")
			return nil
		}))
		_, err := s.Auth().(auth.SessionLooker).LookupSession(ctx, "no such token hash")
		assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	}()
	within(t, read, "a reader")

	close(release)
	require.NoError(t, <-writerDone)
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		found, err := searchAda(ctx, tx)
		require.NoError(t, err)
		require.Len(t, found, 2, "the writer's insert is committed")
		return nil
	}))
}

// TestViewKeepsItsStateWhileWritersCommit: a writer commits while a View
// is open, without waiting for it, and the View keeps seeing the state it
// started with, across people and search, until it returns.
func TestViewKeepsItsStateWhileWritersCommit(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(ctx, storetest.NewPerson("p-1", "Ada", "Lovelace"))
	}))

	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		committed := make(chan struct{})
		go func() {
			defer close(committed)
			assert.NoError(t, s.Personnel().Update(ctx, func(w personnel.Tx) error {
				if err := w.People().Create(ctx, storetest.NewPerson("p-2", "Adam", "Smith")); err != nil {
					return err
				}
				return w.People().Delete(ctx, "p-1")
			}))
		}()
		within(t, committed, "the writer")

		p, err := tx.People().Get(ctx, "p-1")
		require.NoError(t, err, "the View lost a person deleted after it began")
		require.Equal(t, "Lovelace", p.FamilyName)
		_, err = tx.People().Get(ctx, "p-2")
		require.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "the View saw a person inserted after it began")
		found, err := searchAda(ctx, tx)
		require.NoError(t, err)
		require.Len(t, found, 1)
		require.Equal(t, "p-1", found[0].ID)
		return nil
	}))

	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		found, err := searchAda(ctx, tx)
		require.NoError(t, err)
		require.Len(t, found, 1)
		require.Equal(t, "p-2", found[0].ID, "a View begun after the commit sees it")
		return nil
	}))
}
