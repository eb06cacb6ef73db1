package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

var ticketCases = []testCase{
	{"HoldNewKey", testTicketHoldNew},
	{"PutAndHold", testTicketPutAndHold},
	{"KeysAreDistinct", testTicketKeys},
	{"PutWithoutHold", testTicketPutMissing},
	{"Rollback", testTicketRollback},
	{"ConcurrentHoldsQueue", testTicketConcurrent},
}

// tallyKey is a ticket tally's key with zero counts.
func tallyKey(ticket, actor string, a video.Action, r video.Reason) video.TicketTally {
	return video.TicketTally{TicketID: ticket, ActorID: actor, Action: a, Outcome: r}
}

// hold returns the tally of key in its own transaction.
func hold(t *testing.T, s Store, key video.TicketTally) video.TicketTally {
	t.Helper()
	return updateValue(t, s.Video(), func(tx video.Tx) (video.TicketTally, error) { return tx.Tickets().Hold(ctx, key) })
}

func testTicketHoldNew(t *testing.T, s Store) {
	key := tallyKey("t-1", "p-val", video.Download, video.ReasonNone)
	requireEqual(t, key, hold(t, s, key), "a new key has zero counts and no time")
	requireEqual(t, key, hold(t, s, key))
}

func testTicketPutAndHold(t *testing.T, s Store) {
	key := tallyKey("t-1", "p-val", video.View, video.ReasonTicketExpired)
	want := key
	want.Count, want.RecordedAt, want.Unrecorded = 7, at(0), 6
	update(t, s.Video(), func(tx video.Tx) error {
		got, err := tx.Tickets().Hold(ctx, key)
		require.NoError(t, err)
		requireEqual(t, key, got)
		return tx.Tickets().Put(ctx, want)
	})
	requireEqual(t, want, hold(t, s, key))
	want.Count, want.RecordedAt, want.Unrecorded = 8, at(-1), 0
	update(t, s.Video(), func(tx video.Tx) error {
		if _, err := tx.Tickets().Hold(ctx, key); err != nil {
			return err
		}
		return tx.Tickets().Put(ctx, want)
	})
	requireEqual(t, want, hold(t, s, key))
}

func testTicketKeys(t *testing.T, s Store) {
	base := tallyKey("t-1", "p-val", video.View, video.ReasonNone)
	stored := base
	stored.Count, stored.RecordedAt = 3, at(0)
	update(t, s.Video(), func(tx video.Tx) error {
		if _, err := tx.Tickets().Hold(ctx, base); err != nil {
			return err
		}
		return tx.Tickets().Put(ctx, stored)
	})
	for _, other := range []video.TicketTally{
		tallyKey("t-2", "p-val", video.View, video.ReasonNone),
		tallyKey("t-1", "p-wes", video.View, video.ReasonNone),
		tallyKey("t-1", "p-val", video.Download, video.ReasonNone),
		tallyKey("t-1", "p-val", video.View, video.ReasonTicketUsed),
	} {
		requireEqual(t, other, hold(t, s, other), "another key is its own tally")
	}
	requireEqual(t, stored, hold(t, s, base))
}

func testTicketPutMissing(t *testing.T, s Store) {
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		u := tallyKey("t-ghost", "p-val", video.View, video.ReasonNone)
		u.Count = 1
		return tx.Tickets().Put(ctx, u)
	})
	requireCode(t, err, carenet.NotFound)
}

func testTicketRollback(t *testing.T, s Store) {
	key := tallyKey("t-1", "p-val", video.Download, video.ReasonNone)
	rolledBack(t, s.Video(), func(tx video.Tx) error {
		if _, err := tx.Tickets().Hold(ctx, key); err != nil {
			return err
		}
		u := key
		u.Count, u.RecordedAt = 1, at(0)
		return tx.Tickets().Put(ctx, u)
	})
	requireEqual(t, key, hold(t, s, key), "a rolled-back use is not counted")
}

// testTicketConcurrent counts one key from many transactions at once:
// each Hold waits for the one before, so no count is lost.
func testTicketConcurrent(t *testing.T, s Store) {
	key := tallyKey("t-1", "p-val", video.Download, video.ReasonNone)
	const n = 8
	errs := atOnce(n, func(int) error {
		return s.Video().Update(ctx, func(tx video.Tx) error {
			u, err := tx.Tickets().Hold(ctx, key)
			if err != nil {
				return err
			}
			u.Count++
			return tx.Tickets().Put(ctx, u)
		})
	})
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.Equal(t, int64(n), hold(t, s, key).Count)
}
