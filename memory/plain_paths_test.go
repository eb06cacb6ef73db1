package memory_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/storetest"
)

// pagedAsOf is the moment the plain paths' tests read end dates as of.
var pagedAsOf = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

// pagedWorld is what the plain paths page through: people numbered from
// "p-0000", and referrals of "p-0001" numbered from "r-0000", each with
// the key of its number ("key-0000"), submitted a minute apart from
// pagedAsOf.
type pagedWorld struct {
	people, referrals int
	// reversed names person i "Family <people-i>", so that the search
	// order runs against the numbers; otherwise "Family <i>".
	reversed bool
	// endEvery gives every endEvery-th person, from "p-0000", an end date
	// endBefore(i) before pagedAsOf.
	endEvery  int
	endBefore func(i int) time.Duration
}

// store stores the world in a new store and fails the test on an error.
func (w pagedWorld) store(t *testing.T) *memory.Store {
	t.Helper()
	ctx := context.Background()
	s := memory.New()
	require.NoError(t, s.Referral().Update(ctx, func(tx referral.Tx) error {
		for i := range w.people {
			family := i
			if w.reversed {
				family = w.people - i
			}
			p := storetest.NewPerson(fmt.Sprintf("p-%04d", i), "Given", fmt.Sprintf("Family %04d", family))
			if i%w.endEvery == 0 {
				end := pagedAsOf.Add(-w.endBefore(i))
				p.EndDate = &end
			}
			if err := tx.People().Create(ctx, p); err != nil {
				return err
			}
		}
		for i := range w.referrals {
			r := storetest.NewReferral(fmt.Sprintf("r-%04d", i), "p-0001", pagedAsOf.Add(time.Duration(i)*time.Minute))
			r.IdempotencyKey = fmt.Sprintf("key-%04d", i)
			if err := tx.Referrals().Create(ctx, r); err != nil {
				return err
			}
		}
		return nil
	}))
	return s
}

// TestPlainPathsPastOnePage shows the plain paths that read a page at a
// time (personnel.EndDatePassed over Search, referral.ByKey over
// ListBySubmitter) find what the fast paths find past their first page.
func TestPlainPathsPastOnePage(t *testing.T) {
	ctx := context.Background()
	s := pagedWorld{people: 1200, referrals: 450, reversed: true,
		endEvery: 7, endBefore: func(i int) time.Duration { return time.Duration(i) * time.Hour }}.store(t)
	asOf := pagedAsOf
	for _, limit := range []int{0, 1, 100, 1000} {
		var fast, plain []personnel.Person
		require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) (err error) {
			fast, err = personnel.EndDatePassed(ctx, tx.People(), asOf, limit)
			return err
		}))
		require.NoError(t, storetest.Plain(s).Personnel().View(ctx, func(tx personnel.Tx) (err error) {
			plain, err = personnel.EndDatePassed(ctx, tx.People(), asOf, limit)
			return err
		}))
		require.Len(t, fast, map[int]int{0: 172, 1: 1, 100: 100, 1000: 172}[limit])
		require.Equal(t, fast, plain, "limit %d", limit)
	}
	for _, key := range []string{"key-0000", "key-0449", "key-0450"} {
		var fast, plain referral.Referral
		var ferr, perr error
		require.NoError(t, s.Referral().View(ctx, func(tx referral.Tx) error {
			fast, ferr = referral.ByKey(ctx, tx.Referrals(), "p-0001", key)
			return nil
		}))
		require.NoError(t, storetest.Plain(s).Referral().View(ctx, func(tx referral.Tx) error {
			plain, perr = referral.ByKey(ctx, tx.Referrals(), "p-0001", key)
			return nil
		}))
		require.Equal(t, fast, plain, key)
		require.Equal(t, key != "key-0450", ferr == nil && perr == nil, key)
	}
}

// cappedPeople and cappedReferrals return at most 7 of a page, as a store
// may ("at most Limit"), and hide the fast paths of what they wrap.
type cappedPeople struct{ personnel.PersonRepository }

func (c cappedPeople) Search(ctx context.Context, q personnel.SearchQuery) ([]personnel.Person, error) {
	page, err := c.PersonRepository.Search(ctx, q)
	return page[:min(len(page), 7)], err
}

type cappedReferrals struct{ referral.Repository }

func (c cappedReferrals) ListBySubmitter(ctx context.Context, q referral.SubmitterQuery) ([]referral.Referral, error) {
	page, err := c.Repository.ListBySubmitter(ctx, q)
	return page[:min(len(page), 7)], err
}

// TestPlainPathsReadPastAShortPage: a store whose pages come back shorter
// than asked still gets every person whose end date passed and every key
// found: only an empty page ends the plain paths' reading.
func TestPlainPathsReadPastAShortPage(t *testing.T) {
	ctx := context.Background()
	s := pagedWorld{people: 40, referrals: 30,
		endEvery: 3, endBefore: func(int) time.Duration { return time.Hour }}.store(t)
	asOf := pagedAsOf
	require.NoError(t, s.Referral().View(ctx, func(tx referral.Tx) error {
		due, err := personnel.EndDatePassed(ctx, cappedPeople{tx.People()}, asOf, 0)
		require.NoError(t, err)
		assert.Len(t, due, 14, "every third of 40 people")
		for _, key := range []string{"key-0000", "key-0029"} {
			r, err := referral.ByKey(ctx, cappedReferrals{tx.Referrals()}, "p-0001", key)
			require.NoError(t, err, key)
			assert.Equal(t, key, r.IdempotencyKey)
		}
		_, err = referral.ByKey(ctx, cappedReferrals{tx.Referrals()}, "p-0002", "key-0000")
		assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "another submitter's key")
		return nil
	}))
}
