package postgres_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/postgres"
)

// TestAuditSealersOfSeveralProcesses has two stores on one database, each
// with a pool and a sealer of its own, as two host processes would: their
// writers append at once and neither is asked to seal. Every committed
// event ends up sealed exactly once, in one chain, and no rolled-back one.
func TestAuditSealersOfSeveralProcesses(t *testing.T) {
	name := newDatabase(t, true)
	stores := []*postgres.Store{postgres.New(openDB(t, name, nil)), postgres.New(openDB(t, name, nil))}
	for _, s := range stores {
		t.Cleanup(func() { s.Close() })
	}
	const writers, appends = 8, 15
	var wg sync.WaitGroup
	errs := make(chan error, 2*writers)
	for p, s := range stores {
		for w := range writers {
			wg.Go(func() {
				for i := range appends {
					id := fmt.Sprintf("e-%d-%d-%02d", p, w, i)
					if err := s.Audit().Update(ctx, func(tx audit.Tx) error {
						_, err := tx.Audit().Append(ctx, audit.Event{ID: id, At: epoch, Action: "test.procs"})
						return err
					}); err != nil {
						errs <- err
						return
					}
					err := s.Audit().Update(ctx, func(tx audit.Tx) error {
						if _, err := tx.Audit().Append(ctx, audit.Event{ID: "lost-" + id, At: epoch, Action: "test.lost"}); err != nil {
							return err
						}
						return errRolledBack
					})
					if !errors.Is(err, errRolledBack) {
						errs <- fmt.Errorf("rolled-back append: %v", err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	const total = 2 * writers * appends
	svc := audit.NewService(postgres.New(openDB(t, name, nil), postgres.WithBackgroundSealer(false)).Audit())
	waitSealed(t, svc, total)
	rep, err := svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, int64(total), rep.Checked)
	events, err := svc.List(ctx, audit.Filter{Limit: total + 1})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, e := range events {
		require.False(t, seen[e.ID], "%s sealed twice", e.ID)
		require.NotEqual(t, audit.Action("test.lost"), e.Action, "a rolled-back event was sealed")
		seen[e.ID] = true
	}
	require.Len(t, seen, total)
}

var errRolledBack = errors.New("roll back")

// waitSealed waits until the log's head reaches n with nothing pending,
// without asking anyone to seal. The deadline is far past the seal bound,
// so a loaded machine does not fail the test.
func waitSealed(t *testing.T, svc *audit.Service, n int64) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		st, err := svc.State(ctx)
		require.NoError(t, err)
		if st.Head.Seq == n && st.Unsealed == 0 {
			return
		}
		require.True(t, time.Now().Before(deadline), "not sealed: %+v", st)
		time.Sleep(5 * time.Millisecond)
	}
}

// TestAuditEventsLeftBehindAreSealedByAnotherProcess: a process commits
// events and stops before sealing them (it runs no sealer); another
// process's sealer, on its periodic tick, seals them.
func TestAuditEventsLeftBehindAreSealedByAnotherProcess(t *testing.T) {
	name := newDatabase(t, true)
	other := postgres.New(openDB(t, name, nil), postgres.WithSealInterval(10*time.Millisecond))
	t.Cleanup(func() { other.Close() })
	// Its first audited commit starts its sealer.
	require.NoError(t, other.Audit().Update(ctx, func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, audit.Event{ID: "e-other", At: epoch, Action: "test.other"})
		return err
	}))
	svc := audit.NewService(other.Audit())
	waitSealed(t, svc, 1)
	// Then a process that runs no sealer commits events and is gone: no
	// nudge reaches the other's sealer, only its tick finds them.
	gone := postgres.New(openDB(t, name, nil), postgres.WithBackgroundSealer(false))
	for i := range 5 {
		require.NoError(t, gone.Audit().Update(ctx, func(tx audit.Tx) error {
			_, err := tx.Audit().Append(ctx, audit.Event{ID: fmt.Sprint("e-", i), At: epoch, Action: "test.left"})
			return err
		}))
	}
	waitSealed(t, svc, 6)
	_, err := svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
}

// TestAuditUnsealedPastTheBoundIsAFinding: an event committed long ago
// and never sealed (no process runs a sealer) fails verification.
func TestAuditUnsealedPastTheBoundIsAFinding(t *testing.T) {
	s, db := freshStore(t, postgres.WithBackgroundSealer(false))
	require.NoError(t, s.Audit().Update(ctx, func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, audit.Event{ID: "e-1", At: epoch, Action: "test.one"})
		return err
	}))
	svc := audit.NewService(s.Audit())
	rep, err := svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err, "waiting within the bound")
	require.Equal(t, int64(1), rep.Unsealed)
	_, err = db.Exec(`INSERT INTO carenet.audit_pending (id, at, action, details, appended_at)
		VALUES ('e-old', now(), 'test.old', 'null', clock_timestamp() - interval '5 seconds')`)
	require.NoError(t, err)
	rep, err = svc.VerifyLog(ctx, audit.VerifyOptions{})
	requireCode(t, err, carenet.Internal)
	var ce *audit.ChainError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, int64(1), ce.Seq)
	require.Equal(t, int64(2), rep.Unsealed)
	require.Greater(t, rep.OldestUnsealed, 4*time.Second)
	// Sealed, it verifies.
	_, err = s.Seal(ctx)
	require.NoError(t, err)
	rep, err = svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, int64(2), rep.Checked)
}

// TestAuditHeadOnlyNamesTheEnd: the database refuses to move the head but
// to the last stored event, even in a transaction that tries.
func TestAuditHeadOnlyNamesTheEnd(t *testing.T) {
	s, db := freshStore(t)
	for i := range 3 {
		require.NoError(t, s.Audit().Update(ctx, func(tx audit.Tx) error {
			_, err := tx.Audit().Append(ctx, audit.Event{ID: fmt.Sprint("e-", i), At: epoch, Action: "test.one"})
			return err
		}))
	}
	head, err := s.Seal(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(3), head.Seq)
	for _, stmt := range []string{
		"UPDATE carenet.audit_head SET seq = 5",
		"UPDATE carenet.audit_head SET seq = 2",
		"UPDATE carenet.audit_head SET hash = 'x'",
	} {
		_, err := db.Exec(stmt)
		require.Error(t, err, stmt)
		require.Contains(t, err.Error(), "refused", stmt)
	}
}
