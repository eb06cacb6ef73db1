package storetest

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// Neighbors lets the suite check that two stores of the same kind keep
// apart what they hold: a store's test harness implements it beside Store
// when two stores can share their storage (the PostgreSQL store's tests
// give it two schemas of one database; the memory store's, two stores).
// Without it the suite skips the cases that need it.
type Neighbors interface {
	// Neighbor returns a second store of the same kind, empty and
	// independent of the first, sharing with it whatever two such stores
	// share in production (for PostgreSQL: the database and the pool).
	Neighbor(t *testing.T) Store
}

var neighborCases = []testCase{
	{"SameKeysApart", testNeighborsSameKeys},
	{"AuditChainsApart", testNeighborsAuditChains},
}

// neighbor returns the second store for s, or skips the test.
func neighbor(t *testing.T, s Store) Store {
	t.Helper()
	n, ok := s.(Neighbors)
	if !ok {
		t.Skip("the store's harness is no storetest.Neighbors: it has no second store of its kind to keep apart from")
	}
	return n.Neighbor(t)
}

// neighborWorld stores, under the same keys in either store, a person
// named given, a login "ada" with a session, a video shared with the
// person, and a referral the person submitted.
func neighborWorld(t *testing.T, s Store, given string) {
	t.Helper()
	p := NewPerson("p-1", given, given+"son")
	a := NewAccount("a-1", p.ID, "ada", auth.AdministratorGroup)
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, p))
		require.NoError(t, tx.Accounts().Create(ctx, a, NewCredentials(a.ID)))
		return tx.Sessions().Create(ctx, NewSession("s-1", a.ID, hashOf("s-1 "+given), at(0)))
	})
	v := NewVideo("v-1", "c-"+given)
	v.InterviewerID, v.UploadedBy = p.ID, p.ID
	createVideo(t, s, v)
	createShare(t, s, NewShare("sh-1", v.ID, p.ID, at(0)))
	createReferral(t, s, NewReferral("r-1", p.ID, at(0)))
}

// testNeighborsSameKeys stores the same keys in two stores with other
// values: neither refuses them as taken, and each reads back only its own.
func testNeighborsSameKeys(t *testing.T, s Store) {
	n := neighbor(t, s)
	neighborWorld(t, s, "Ada")
	neighborWorld(t, n, "Grace")
	createPerson(t, n, NewPerson("p-only-n", "Nina", "Neighbor"))

	for _, c := range []struct {
		s           Store
		mine, other string
	}{{s, "Ada", "Grace"}, {n, "Grace", "Ada"}} {
		require.Equal(t, c.mine, getPerson(t, c.s, "p-1").GivenName)
		require.Equal(t, []string{"p-1"}, terms(t, c.s, personnel.Fold(c.mine)), "a store finds its own person")
		require.Empty(t, terms(t, c.s, personnel.Fold(c.other)), "a store finds nothing of its neighbor's")
		view(t, c.s.Auth(), func(tx auth.Tx) error {
			a, err := tx.Accounts().ByUsername(ctx, "ada")
			require.NoError(t, err)
			require.Equal(t, "p-1", a.PersonID)
			_, err = tx.Sessions().Lookup(ctx, hashOf("s-1 "+c.mine))
			require.NoError(t, err, "a store finds its own session")
			_, err = tx.Sessions().Lookup(ctx, hashOf("s-1 "+c.other))
			requireCode(t, err, carenet.NotFound, "a session of the neighbor's")
			return nil
		})
		if l, ok := c.s.Auth().(auth.SessionLooker); ok {
			_, err := l.LookupSession(ctx, hashOf("s-1 "+c.other))
			requireCode(t, err, carenet.NotFound, "the session lookup finds no session of the neighbor's")
		}
		require.Equal(t, "c-"+c.mine, getVideo(t, c.s, "v-1").ClientID)
		require.Equal(t, []string{"sh-1"}, shareIDs(myVideos(t, c.s, "p-1", at(1))))
		view(t, c.s.Referral(), func(tx referral.Tx) error {
			r, err := tx.Referrals().Get(ctx, "r-1")
			require.NoError(t, err)
			require.Equal(t, "p-1", r.SubmitterID)
			return nil
		})
	}
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-only-n")
		requireCode(t, err, carenet.NotFound, "a person of the neighbor's only")
		return nil
	})
	// A change in one leaves the other's row of the same key as it was.
	update(t, n.Video(), func(tx video.Tx) error {
		sh, err := tx.Shares().Get(ctx, "sh-1")
		require.NoError(t, err)
		sh.RevokedAt, sh.RevokedBy = ptr(at(2)), "p-1"
		_, err = tx.Shares().Update(ctx, sh)
		return err
	})
	require.Nil(t, getShare(t, s, "sh-1").RevokedAt, "the neighbor's revocation")
	require.NotNil(t, getShare(t, n, "sh-1").RevokedAt)
}

// testNeighborsAuditChains appends to both logs, one after the other and
// at once: each keeps a chain of its own events from sequence 1, which
// verifies, and sealing one seals nothing of the other.
func testNeighborsAuditChains(t *testing.T, s Store) {
	n := neighbor(t, s)
	appendTo := func(st Store, prefix string, from, count int) {
		update(t, st.Audit(), func(tx audit.Tx) error {
			for i := from; i < from+count; i++ {
				if _, err := tx.Audit().Append(ctx, event(fmt.Sprintf("%s-%03d", prefix, i), "p-1", "test.neighbor", "person", prefix, 0)); err != nil {
					return err
				}
			}
			return nil
		})
	}
	appendTo(s, "mine", 0, 5)
	appendTo(n, "theirs", 0, 3)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				st, prefix := s, "mine"
				if w%2 == 1 {
					st, prefix = n, "theirs"
				}
				appendTo(st, prefix, 100*(w+1)+i*2, 2)
			}
		}()
	}
	wg.Wait()

	for _, c := range []struct {
		s      Store
		prefix string
		count  int
	}{{s, "mine", 5 + 20}, {n, "theirs", 3 + 20}} {
		events := listEvents(t, c.s)
		require.Len(t, events, c.count, "the %s log holds its own events and only them", c.prefix)
		for i, e := range events {
			require.Equal(t, int64(i+1), e.Seq)
			require.Equal(t, c.prefix, e.TargetID, "event %d of the %s log", e.Seq, c.prefix)
		}
		head, err := audit.Verify(events)
		require.NoError(t, err, "the %s chain verifies", c.prefix)
		var st audit.State
		view(t, c.s.Audit(), func(tx audit.Tx) error {
			r, ok := tx.Audit().(audit.StateReader)
			if !ok {
				t.Skip("the store's audit repository is no audit.StateReader")
			}
			var err error
			st, err = r.State(ctx)
			return err
		})
		require.Equal(t, head, st.Head, "the %s log's head", c.prefix)
		require.Zero(t, st.Unsealed)
	}
}
