package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
)

var auditCases = []testCase{
	{"AppendSealsChain", testAuditAppendSealsChain},
	{"ListFilters", testAuditListFilters},
	{"ListDefaultLimit", testAuditListDefaultLimit},
	{"ListUnsealedMissesNothing", testAuditListUnsealedMissesNothing},
	{"ConcurrentAppends", testAuditConcurrentAppends},
	{"SealedWithoutBeingAsked", testAuditSealedWithoutBeingAsked},
	{"StateRecordsTheEnd", testAuditStateRecordsTheEnd},
	{"VerifyDetectsTampering", testAuditVerifyDetectsTampering},
	{"CheckpointDetectsRewrittenLog", testAuditCheckpointDetectsRewrittenLog},
	{"SearchFiltersAndPages", testAuditSearchFiltersAndPages},
	{"ExportVerifiesOffline", testAuditExportVerifiesOffline},
	{"ExportIsARead", testAuditExportIsARead},
	{"FeedDeliversCommittedOnlyAcrossRestart", testAuditFeedAcrossRestart},
}

func testAuditAppendSealsChain(t *testing.T, s Store) {
	in := []audit.Event{
		event("e-1", "p-1", "personnel.create", "person", "p-2", 0),
		event("e-2", "", "personnel.sweep", "person", "p-2", time.Second),
		event("e-3", "p-1", "auth.login", "account", "a-1", 2*time.Second),
	}
	in[0].Details = map[string]string{"name": "Grace Hopper", "empty": ""}
	var out []audit.Event
	update(t, s.Audit(), func(tx audit.Tx) error {
		for _, e := range in[:2] {
			got, err := tx.Audit().Append(ctx, e)
			if err != nil {
				return err
			}
			out = append(out, got)
		}
		return nil
	})
	update(t, s.Audit(), func(tx audit.Tx) error {
		got, err := tx.Audit().Append(ctx, in[2])
		out = append(out, got)
		return err
	})
	// A store that seals after commit returns the event unsealed; one that
	// seals at once returns it sealed.
	for i, e := range out {
		if e.Seq != 0 {
			continue
		}
		require.Empty(t, e.PrevHash+e.Hash, "event %d: unsealed but with a hash", i+1)
		requireEqual(t, audit.Event{ID: in[i].ID, At: in[i].At, ActorID: in[i].ActorID, Action: in[i].Action,
			TargetType: in[i].TargetType, TargetID: in[i].TargetID, Details: in[i].Details}, e, "event %d as appended", i+1)
	}
	stored := listEvents(t, s)
	require.Len(t, stored, len(in))
	var head audit.Head
	for i, e := range stored {
		want := audit.Seal(in[i], head)
		requireEqual(t, want, e, "event %d as stored", i+1)
		require.Equal(t, int64(i+1), e.Seq)
		require.Equal(t, head.Hash, e.PrevHash)
		if out[i].Seq != 0 {
			requireEqual(t, e, out[i], "event %d as appended", i+1)
		}
		head = e.Head()
	}
	got, err := audit.Verify(stored)
	require.NoError(t, err)
	require.Equal(t, head, got)
}

func testAuditListFilters(t *testing.T, s Store) {
	update(t, s.Audit(), func(tx audit.Tx) error {
		for i, e := range []audit.Event{
			event("e-1", "p-1", "test.a", "person", "p-2", 0),
			event("e-2", "p-2", "test.b", "person", "p-1", 1*time.Second),
			event("e-3", "p-1", "test.c", "account", "a-1", 2*time.Second),
			event("e-4", "", "test.d", "person", "p-2", 3*time.Second),
			event("e-5", "p-1", "test.e", "person", "p-2", 4*time.Second),
			event("e-6", "p-3", "test.f", "group", "g-1", 5*time.Second),
		} {
			e.Details = map[string]string{"i": fmt.Sprint(i)}
			if _, err := tx.Audit().Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	all := listEvents(t, s)
	for _, tc := range []struct {
		f    audit.Filter
		want []string
	}{
		{audit.Filter{}, []string{"e-1", "e-2", "e-3", "e-4", "e-5", "e-6"}},
		{audit.Filter{AfterSeq: 4}, []string{"e-5", "e-6"}},
		{audit.Filter{AfterSeq: 6}, nil},
		{audit.Filter{AfterSeq: 99}, nil},
		{audit.Filter{ActorID: "p-1"}, []string{"e-1", "e-3", "e-5"}},
		{audit.Filter{TargetType: "person"}, []string{"e-1", "e-2", "e-4", "e-5"}},
		{audit.Filter{TargetID: "p-2"}, []string{"e-1", "e-4", "e-5"}},
		{audit.Filter{TargetType: "person", TargetID: "p-2", ActorID: "p-1"}, []string{"e-1", "e-5"}},
		{audit.Filter{TargetType: "person", TargetID: "p-2", AfterSeq: 1}, []string{"e-4", "e-5"}},
		{audit.Filter{Limit: 2}, []string{"e-1", "e-2"}},
		{audit.Filter{ActorID: "p-1", Limit: 2}, []string{"e-1", "e-3"}},
		{audit.Filter{ActorID: "p-1", AfterSeq: 1, Limit: 1}, []string{"e-3"}},
		{audit.Filter{ActorID: "nobody"}, nil},
		{audit.Filter{Since: at(2 * time.Second)}, []string{"e-3", "e-4", "e-5", "e-6"}},
		{audit.Filter{Until: at(2 * time.Second)}, []string{"e-1", "e-2"}},
		{audit.Filter{Since: at(1 * time.Second), Until: at(4 * time.Second)}, []string{"e-2", "e-3", "e-4"}},
		{audit.Filter{Since: at(1 * time.Second), Until: at(1 * time.Second)}, nil},
		{audit.Filter{Actions: []audit.Action{"test.b", "test.e"}}, []string{"e-2", "e-5"}},
		{audit.Filter{Actions: []audit.Action{"test.none"}}, nil},
		{audit.Filter{Actions: []audit.Action{"test.a", "test.c", "test.e"}, ActorID: "p-1", Since: at(1 * time.Second)}, []string{"e-3", "e-5"}},
	} {
		got := viewValue(t, s.Audit(), func(tx audit.Tx) ([]audit.Event, error) {
			return tx.Audit().List(ctx, tc.f)
		})
		var ids []string
		for _, e := range got {
			ids = append(ids, e.ID)
			requireEqual(t, all[e.Seq-1], e, "filter %+v", tc.f)
		}
		require.Equal(t, tc.want, ids, "filter %+v", tc.f)
	}
}

func testAuditListDefaultLimit(t *testing.T, s Store) {
	const n = audit.DefaultLimit + 5
	update(t, s.Audit(), func(tx audit.Tx) error {
		for i := range n {
			if _, err := tx.Audit().Append(ctx, event(fmt.Sprintf("e-%04d", i+1), "p-1", "test.bulk", "person", "p-1", time.Duration(i))); err != nil {
				return err
			}
		}
		return nil
	})
	sealLog(t, s)
	view(t, s.Audit(), func(tx audit.Tx) error {
		page, err := tx.Audit().List(ctx, audit.Filter{})
		require.NoError(t, err)
		require.Len(t, page, audit.DefaultLimit)
		require.Equal(t, int64(audit.DefaultLimit), page[len(page)-1].Seq)
		page, err = tx.Audit().List(ctx, audit.Filter{AfterSeq: audit.DefaultLimit})
		require.NoError(t, err)
		require.Len(t, page, 5)
		return nil
	})
	all := listEvents(t, s)
	require.Len(t, all, n)
	_, err := audit.Verify(all)
	require.NoError(t, err)
}

// testAuditConcurrentAppends appends from many goroutines, each in many
// transactions, some of which roll back, and checks the chain has no gap or
// fork.
func testAuditConcurrentAppends(t *testing.T, s Store) {
	const workers, perWorker = 16, 20
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				id := fmt.Sprintf("e-%02d-%02d", w, i)
				err := s.Audit().Update(ctx, func(tx audit.Tx) error {
					_, err := tx.Audit().Append(ctx, event(id, fmt.Sprintf("p-%d", w), "test.concurrent", "worker", fmt.Sprint(w), time.Duration(i)*time.Second))
					return err
				})
				if err != nil {
					errs <- fmt.Errorf("append %s: %w", id, err)
					return
				}
				if i%5 == 0 {
					err := s.Audit().Update(ctx, func(tx audit.Tx) error {
						if _, err := tx.Audit().Append(ctx, event(id+"-lost", "", "test.lost", "worker", fmt.Sprint(w), 0)); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						errs <- fmt.Errorf("rolled-back append %s: %v", id, err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	events := listEvents(t, s)
	require.Len(t, events, workers*perWorker)
	_, err := audit.Verify(events)
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, e := range events {
		require.False(t, seen[e.ID], "event %s appended twice", e.ID)
		require.NotContains(t, e.ID, "lost", "a rolled-back append is in the chain")
		seen[e.ID] = true
	}
	// Each worker's events are in the order it appended them.
	last := map[string]string{}
	for _, e := range events {
		require.Less(t, last[e.TargetID], e.ID, "worker %s", e.TargetID)
		last[e.TargetID] = e.ID
	}
}
