package postgres_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
)

// TestAuditChainUnderConcurrency appends from many transactions at once and
// checks that the chain never forks: sequence numbers 1..n without a gap
// and every event following the one before.
func TestAuditChainUnderConcurrency(t *testing.T) {
	s, _ := freshStore(t)
	const writers, appends = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, writers*appends)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range appends {
				err := s.Audit().Update(ctx, func(tx audit.Tx) error {
					_, err := tx.Audit().Append(ctx, audit.Event{
						ID:         fmt.Sprintf("e-%d-%d", w, i),
						At:         epoch.Add(time.Duration(i) * time.Second),
						ActorID:    fmt.Sprintf("p-%d", w),
						Action:     "test.concurrent",
						TargetType: "person",
						TargetID:   fmt.Sprintf("p-%d", i),
						Details:    map[string]string{"writer": fmt.Sprint(w), "n": fmt.Sprint(i)},
					})
					return err
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	events, err := audit.NewService(s.Audit()).List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, events, writers*appends)
	head, err := audit.Verify(events)
	require.NoError(t, err)
	require.Equal(t, int64(writers*appends), head.Seq)
	vhead, n, err := audit.NewService(s.Audit()).Verify(ctx, head)
	require.NoError(t, err)
	require.Equal(t, head, vhead)
	require.Equal(t, int64(writers*appends), n)
	mine, err := audit.NewService(s.Audit()).List(ctx, audit.Filter{ActorID: "p-3"})
	require.NoError(t, err)
	require.Len(t, mine, appends)
}

// TestAuditIsAppendOnly changes the log behind the store's back: the
// database itself refuses.
func TestAuditIsAppendOnly(t *testing.T) {
	s, db := freshStore(t)
	require.NoError(t, s.Audit().Update(ctx, func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, audit.Event{ID: "e-1", At: epoch, Action: "test.one"})
		return err
	}))
	for _, stmt := range []string{
		"UPDATE carenet.audit_events SET action = 'test.forged'",
		"UPDATE carenet.audit_events SET action = 'test.forged' WHERE false",
		"DELETE FROM carenet.audit_events",
		"TRUNCATE carenet.audit_events",
		"UPDATE carenet.audit_head SET seq = seq + 5",
		"UPDATE carenet.audit_head SET seq = 0, hash = ''",
		"DELETE FROM carenet.audit_head",
		"TRUNCATE carenet.audit_head",
	} {
		_, err := db.Exec(stmt)
		require.Error(t, err, stmt)
		require.Contains(t, err.Error(), "refused", stmt)
	}
	events, err := audit.NewService(s.Audit()).List(ctx, audit.Filter{})
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, audit.Action("test.one"), events[0].Action)
	_, err = audit.Verify(events)
	require.NoError(t, err)
}
