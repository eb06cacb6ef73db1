package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
)

// testAuditListUnsealedMissesNothing: a listing of one target with
// Filter.Unsealed holds every event appended about it, committed or
// appended in the same transaction, sealed or not, once each and in the
// order appended, the sealed ones first; an unsealed one has Seq 0 and no
// hashes. Paged by Limit, the listing reaches the same events.
func testAuditListUnsealedMissesNothing(t *testing.T, s Store) {
	update(t, s.Audit(), func(tx audit.Tx) error {
		for _, e := range []audit.Event{
			event("e-1", "p-1", "test.a", "video", "v-1", 0),
			event("e-2", "p-1", "test.b", "video", "v-2", time.Second),
			event("e-3", "p-2", "test.c", "video", "v-1", 2*time.Second),
		} {
			if _, err := tx.Audit().Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	sealLog(t, s)
	want := []string{"e-1", "e-3", "e-4", "e-6"}
	update(t, s.Audit(), func(tx audit.Tx) error {
		for _, e := range []audit.Event{
			event("e-4", "p-1", "test.d", "video", "v-1", 3*time.Second),
			event("e-5", "p-1", "test.e", "video", "v-2", 4*time.Second),
			event("e-6", "p-3", "test.f", "video", "v-1", 5*time.Second),
		} {
			if _, err := tx.Audit().Append(ctx, e); err != nil {
				return err
			}
		}
		for _, limit := range []int{0, 1, 2} {
			requireListing(t, tx.Audit(), limit, want)
		}
		return nil
	})
	view(t, s.Audit(), func(tx audit.Tx) error {
		requireListing(t, tx.Audit(), 0, want)
		return nil
	})
	sealLog(t, s)
	view(t, s.Audit(), func(tx audit.Tx) error {
		got := requireListing(t, tx.Audit(), 0, want)
		for _, e := range got {
			require.True(t, e.Sealed(), "%s is sealed after Seal", e.ID)
		}
		return nil
	})
}

// requireListing lists target v-1 with Filter.Unsealed a page of limit at
// a time, as a chain of custody does, and checks it against want.
func requireListing(t *testing.T, repo audit.Repository, limit int, want []string) []audit.Event {
	t.Helper()
	var got []audit.Event
	f := audit.Filter{TargetType: "video", TargetID: "v-1", Limit: limit, Unsealed: true}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10, "the listing does not end")
		page, err := repo.List(context.Background(), f)
		require.NoError(t, err)
		got = append(got, page...)
		if len(page) == 0 || !page[len(page)-1].Sealed() {
			break
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
	ids := make([]string, len(got))
	unsealed := false
	for i, e := range got {
		ids[i] = e.ID
		if !e.Sealed() {
			unsealed = true
			require.Zero(t, e.Seq, "%s", e.ID)
			require.Empty(t, e.PrevHash+e.Hash, "%s: unsealed but with a hash", e.ID)
			continue
		}
		require.False(t, unsealed, "limit %d: sealed %s listed after an unsealed event", limit, e.ID)
	}
	require.Equal(t, want, ids, "limit %d", limit)
	return got
}
