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

// pagedWorld is what the plain paths page through: people numbered from
// "p-0000", and referrals of "p-0001" numbered from "r-0000", each with
// the key of its number ("key-0000"), submitted a minute apart from asOf.
type pagedWorld struct {
	people, referrals int
	asOf              time.Time
	// family is the family name of person i.
	family func(i int) string
	// ended tells whether person i has an end date, and how long before
	// asOf it falls.
	ended func(i int) (bool, time.Duration)
}

// store stores the world in s and fails the test on an error.
func (w pagedWorld) store(t *testing.T, s *memory.Store) {
	t.Helper()
	require.NoError(t, s.Referral().Update(context.Background(), func(tx referral.Tx) error {
		for i := range w.people {
			p := storetest.NewPerson(fmt.Sprintf("p-%04d", i), "Given", w.family(i))
			if ok, before := w.ended(i); ok {
				end := w.asOf.Add(-before)
				p.EndDate = &end
			}
			if err := tx.People().Create(context.Background(), p); err != nil {
				return err
			}
		}
		for i := range w.referrals {
			r := storetest.NewReferral(fmt.Sprintf("r-%04d", i), "p-0001", w.asOf.Add(time.Duration(i)*time.Minute))
			r.IdempotencyKey = fmt.Sprintf("key-%04d", i)
			if err := tx.Referrals().Create(context.Background(), r); err != nil {
				return err
			}
		}
		return nil
	}))
}

// TestPlainPathsPastOnePage shows the plain paths that read a page at a
// time (personnel.EndDatePassed over Search, referral.ByKey over
// ListBySubmitter) find what the fast paths find past their first page.
func TestPlainPathsPastOnePage(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	pagedWorld{
		people: 1200, referrals: 450, asOf: asOf,
		family: func(i int) string { return fmt.Sprintf("Family %04d", 1200-i) },
		ended:  func(i int) (bool, time.Duration) { return i%7 == 0, time.Duration(i) * time.Hour },
	}.store(t, s)
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
	s := memory.New()
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	pagedWorld{
		people: 40, referrals: 30, asOf: asOf,
		family: func(i int) string { return fmt.Sprintf("Family %04d", i) },
		ended:  func(i int) (bool, time.Duration) { return i%3 == 0, time.Hour },
	}.store(t, s)
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
