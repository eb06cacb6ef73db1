package memory_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/storetest"
	"github.com/carenet-go/carenet/video"
)

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return tamperable{memory.New()} })
}

// TestConformancePlain runs the suite with the store's fast paths hidden
// (storetest.Plain): the SDK's plain paths keep every contract too.
func TestConformancePlain(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return storetest.Plain(memory.New()) })
}

// TestPlainHidesFastPaths shows the memory store has every fast path and
// storetest.Plain hides each of them, so TestConformancePlain and
// CARENET_TEST_STORE=memory-plain run the plain paths.
func TestPlainHidesFastPaths(t *testing.T) {
	fastPaths := func(tx video.Tx, rtx referral.Tx) []bool {
		_, disabler := tx.Accounts().(auth.LoginDisabler)
		_, revoker := tx.Sessions().(auth.SessionRevoker)
		_, endDates := tx.People().(personnel.EndDateFinder)
		_, keys := rtx.Referrals().(referral.KeyFinder)
		_, deleter := tx.Accounts().(auth.AccountDeleter)
		_, sgGet := tx.SecurityGroups().(auth.SecurityGroupGetter)
		_, pgGet := tx.PersonnelGroups().(personnel.GroupGetter)
		return []bool{disabler, revoker, endDates, keys, deleter, sgGet, pgGet}
	}
	for _, c := range []struct {
		name string
		s    storetest.Store
		want bool
	}{{"memory", memory.New(), true}, {"plain", storetest.Plain(memory.New()), false}} {
		var got []bool
		require.NoError(t, c.s.Video().View(context.Background(), func(tx video.Tx) error {
			return c.s.Referral().View(context.Background(), func(rtx referral.Tx) error {
				got = fastPaths(tx, rtx)
				return nil
			})
		}))
		require.Equal(t, []bool{c.want, c.want, c.want, c.want, c.want, c.want, c.want}, got, c.name)
		_, looker := c.s.Auth().(auth.SessionLooker)
		require.Equal(t, c.want, looker, c.name)
	}
}

func TestHandleUsedAfterFunctionReturns(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	var kept personnel.Tx
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		kept = tx
		return tx.People().Create(ctx, storetest.NewPerson("p-1", "Ada", "Lovelace"))
	}))
	err := kept.People().Create(ctx, storetest.NewPerson("p-2", "Grace", "Hopper"))
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err), "error: %v", err)
	_, err = kept.People().Get(ctx, "p-1")
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err), "error: %v", err)
	_, err = kept.Audit().Append(ctx, audit.Event{ID: "e-1"})
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))

	var viewed auth.Tx
	require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) error { viewed = tx; return nil }))
	_, err = viewed.SecurityGroups().List(ctx)
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))

	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-2")
		require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
		return nil
	}))
}

func TestViewWriteIsInternal(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(ctx, storetest.NewPerson("p-1", "Ada", "Lovelace"))
	})
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	require.ErrorContains(t, err, "read-only transaction")
}

func TestUpdateCommitsNothingOnceContextEnds(t *testing.T) {
	s := memory.New()
	c, cancel := context.WithCancel(context.Background())
	err := s.Personnel().Update(c, func(tx personnel.Tx) error {
		if err := tx.People().Create(c, storetest.NewPerson("p-1", "Ada", "Lovelace")); err != nil {
			return err
		}
		cancel()
		return nil
	})
	require.Equal(t, carenet.Canceled, carenet.ErrorCode(err))
	require.ErrorIs(t, err, context.Canceled)
	require.NoError(t, s.Personnel().View(context.Background(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(context.Background(), "p-1")
		require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
		return nil
	}))
}

func TestDeletePersonWithAccountIsInUse(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	p := storetest.NewPerson("p-1", "Ada", "Lovelace")
	a := storetest.NewAccount("a-1", p.ID, "ada")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, p))
		return tx.Accounts().Create(ctx, a, storetest.NewCredentials(a.ID))
	}))
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Delete(ctx, p.ID) })
	require.Equal(t, carenet.InUse, carenet.ErrorCode(err))
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		if err := auth.DeleteAccount(ctx, tx, a.ID); err != nil {
			return err
		}
		return tx.People().Delete(ctx, p.ID)
	}))
}

func TestSortedSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	set := memory.NewSortedSetForTest()
	want := map[int]bool{}
	for range 20000 {
		v := rng.IntN(3000)
		if rng.IntN(3) == 0 {
			require.Equal(t, want[v], set.Delete(v))
			delete(want, v)
		} else {
			require.Equal(t, !want[v], set.Insert(v))
			want[v] = true
		}
	}
	require.Equal(t, len(want), set.Len())
	prev := -1
	n := 0
	for v := range set.All() {
		require.Greater(t, v, prev)
		require.True(t, want[v])
		prev = v
		n++
	}
	require.Equal(t, len(want), n)
	for _, from := range []int{-1, 0, 17, 1500, 2999, 3000} {
		var first int = -1
		for v := range set.From(from) {
			first = v
			break
		}
		expect := -1
		for v := from; v < 3000; v++ {
			if v >= 0 && want[v] {
				expect = v
				break
			}
		}
		require.Equal(t, expect, first, "from %d", from)
		below := 0
		for v := range want {
			if v < from {
				below++
			}
		}
		require.Equal(t, below, set.Rank(from), "rank of %d", from)
	}
}

// TestRollbackRestoresIndexes checks the store's internal indexes, not only
// what the repositories show, after a large rolled-back transaction.
func TestRollbackRestoresIndexes(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	var people []personnel.Person
	for i := range 2000 {
		people = append(people, storetest.NewPerson(fmt.Sprintf("p-%05d", i), fmt.Sprintf("Given%d", i%37), fmt.Sprintf("Family%d", i%101)))
	}
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		for _, p := range people[:1000] {
			if err := tx.People().Create(ctx, p); err != nil {
				return err
			}
		}
		return nil
	}))
	before := memory.Snapshot(s)
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		for _, p := range people[1000:] {
			require.NoError(t, tx.People().Create(ctx, p))
		}
		for i, p := range people[:1000] {
			p.Version = 1
			switch i % 3 {
			case 0:
				p.FamilyName = "Renamed"
				_, err := tx.People().Update(ctx, p)
				require.NoError(t, err)
			case 1:
				require.NoError(t, tx.People().Delete(ctx, p.ID))
			}
		}
		return errors.New("roll back")
	})
	require.Error(t, err)
	require.Equal(t, before, memory.Snapshot(s))
	require.NoError(t, memory.CheckIndexes(s))
}

// TestStress runs readers and writers at once (run it with -race) and then
// checks the indexes and the audit chain.
func TestStress(t *testing.T) {
	ctx := context.Background()
	s := memory.New()
	const writers, readers, rounds = 8, 8, 150
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for i := range rounds {
				id := fmt.Sprintf("p-%d-%d", w, i%20)
				_ = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
					p, err := tx.People().Get(ctx, id)
					switch {
					case carenet.ErrorCode(err) == carenet.NotFound:
						if err := tx.People().Create(ctx, storetest.NewPerson(id, fmt.Sprintf("G%d", rng.IntN(9)), fmt.Sprintf("F%d", rng.IntN(9)))); err != nil {
							return err
						}
					case err != nil:
						return err
					case rng.IntN(3) == 0:
						if err := tx.People().Delete(ctx, id); err != nil {
							return err
						}
					default:
						p.FamilyName = fmt.Sprintf("F%d", rng.IntN(9))
						if _, err := tx.People().Update(ctx, p); err != nil {
							return err
						}
					}
					if _, err := tx.Audit().Append(ctx, audit.Event{ID: fmt.Sprintf("e-%d-%d", w, i), At: time.Now(), ActorID: id, Action: "test.stress"}); err != nil {
						return err
					}
					if rng.IntN(4) == 0 {
						return errors.New("roll back")
					}
					return nil
				})
			}
		})
	}
	var readerWG sync.WaitGroup
	for r := range readers {
		readerWG.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
					people, err := tx.People().Search(ctx, personnel.SearchQuery{
						Terms: []string{fmt.Sprintf("f%d", r%9)}, States: []personnel.State{personnel.Active}, Limit: 10,
					})
					if err != nil {
						return err
					}
					for _, p := range people {
						if _, err := tx.People().Get(ctx, p.ID); err != nil {
							return fmt.Errorf("a search result is gone within one view: %w", err)
						}
					}
					_, err = tx.Audit().List(ctx, audit.Filter{Limit: 50})
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readerWG.Wait()
	require.NoError(t, memory.CheckIndexes(s))
	var events []audit.Event
	require.NoError(t, s.Audit().View(ctx, func(tx audit.Tx) (err error) {
		events, err = tx.Audit().List(ctx, audit.Filter{Limit: 1 << 20})
		return err
	}))
	_, err := audit.Verify(events)
	require.NoError(t, err)
}

// BenchmarkSearch searches 100,000 people for a page of 51 (a page of 50 and
// one more to learn whether there is a next page), as personnel.Service
// does.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s := memory.New()
	rng := rand.New(rand.NewPCG(1, 1))
	givens := []string{"Ava", "Ben", "Chloé", "Dana", "Eli", "Fatima", "Gus", "Hana", "Ivan", "José", "Kai", "Lena", "Mateo", "Nora"}
	families := []string{"Smith", "Johnson", "Williams", "Brown", "García", "Miller", "Davis", "Rodríguez", "Wilson", "Anderson", "Thomas", "Lee", "Pérez", "Nguyen"}
	require.NoError(b, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		for i := range 100_000 {
			p := storetest.NewPerson(fmt.Sprintf("p-%06d", i), givens[rng.IntN(len(givens))], fmt.Sprintf("%s%d", families[rng.IntN(len(families))], rng.IntN(9)))
			if i%10 == 0 {
				p.State = personnel.Inactive
			}
			if err := tx.People().Create(ctx, p); err != nil {
				return err
			}
		}
		return nil
	}))
	for _, terms := range [][]string{{"smi"}, {"nora"}, {"ben", "wil"}, {"s"}, nil} {
		b.Run(fmt.Sprint(terms), func(b *testing.B) {
			q := personnel.SearchQuery{Terms: terms, States: []personnel.State{personnel.Active}, Limit: 51}
			b.ReportAllocs()
			for b.Loop() {
				err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
					people, err := tx.People().Search(ctx, q)
					if len(people) != q.Limit {
						return fmt.Errorf("%d people found", len(people))
					}
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
