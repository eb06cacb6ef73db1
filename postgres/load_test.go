package postgres_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// loadOps are the operations the load test mixes.
var loadOps = []string{"create", "edit", "search", "deactivate", "reactivate", "login", "authenticate"}

// loadPool is what the load test's workers share: the people created so far
// and the session tokens handed out.
type loadPool struct {
	mu     sync.Mutex
	people []string // person IDs
	users  []string // usernames
	tokens []string
}

func (p *loadPool) pick(rng *rand.Rand, from func() []string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	list := from()
	if len(list) == 0 {
		return ""
	}
	return list[rng.IntN(len(list))]
}

// TestLoadMixedOperations runs 32 workers doing creates, edits, searches,
// deactivations, reactivations, logins and session checks against one
// database for a bounded time, then checks the invariants: no active
// session of an inactive account or person, no active login of an
// inactive person, no unusable password left usable, every deactivation
// audited, the audit chain intact, no duplicate usernames. Any error but
// the expected ones (an edit or a reactivation that lost a race, a
// username taken, a login refused, a session ended) fails it; a
// deactivation never fails.
func TestLoadMixedOperations(t *testing.T) {
	const workers = 32
	duration := 5 * time.Second
	if testing.Short() {
		duration = time.Second
	}
	s, db := freshStore(t)
	db.SetMaxOpenConns(20)
	sv := newServices(t, s)
	pool := &loadPool{}
	for i := range 16 {
		p, username := sv.user(t, fmt.Sprintf("Seed%d", i))
		pool.people = append(pool.people, p.ID)
		pool.users = append(pool.users, username)
	}

	var counts [7]atomic.Int64
	var unexpected sync.Map // op -> first unexpected error
	var nUnexpected atomic.Int64
	fail := func(op string, err error) {
		nUnexpected.Add(1)
		unexpected.LoadOrStore(op, err)
	}
	deadline := time.Now().Add(duration)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			for i := 0; time.Now().Before(deadline); i++ {
				op := rng.IntN(len(loadOps))
				if err := loadStep(sv, pool, rng, loadOps[op], w, i); err != nil {
					fail(loadOps[op], err)
				}
				counts[op].Add(1)
			}
		}()
	}
	wg.Wait()

	var summary []string
	for i, op := range loadOps {
		summary = append(summary, fmt.Sprintf("%s=%d", op, counts[i].Load()))
		require.Positive(t, counts[i].Load(), "%s never ran", op)
	}
	t.Logf("%d workers for %v: %s", workers, duration, strings.Join(summary, " "))
	unexpected.Range(func(op, err any) bool {
		t.Errorf("%s: unexpected error: %v", op, err)
		return true
	})
	require.Zero(t, nUnexpected.Load(), "unexpected errors")

	// The invariants, read straight from the database, once every event
	// committed is sealed into the chain.
	_, err := sv.store.Seal(ctx)
	require.NoError(t, err)
	for _, inv := range []struct{ what, query string }{
		{"active sessions of inactive accounts", `SELECT count(*) FROM carenet.sessions s JOIN carenet.accounts a ON a.id = s.account_id
			WHERE s.revoked_at IS NULL AND s.expires_at > now() AND NOT a.active`},
		{"active sessions of inactive people", `SELECT count(*) FROM carenet.sessions s JOIN carenet.accounts a ON a.id = s.account_id
			JOIN carenet.people p ON p.id = a.person_id WHERE s.revoked_at IS NULL AND s.expires_at > now() AND p.state <> 'active'`},
		{"active logins of inactive people", `SELECT count(*) FROM carenet.accounts a JOIN carenet.people p ON p.id = a.person_id
			WHERE a.active AND p.state <> 'active'`},
		{"inactive logins with a usable password", `SELECT count(*) FROM carenet.accounts a JOIN carenet.account_credentials c ON c.account_id = a.id
			WHERE NOT a.active AND c.password_hash NOT LIKE '$disabled$%'`},
		{"inactive people without a deactivation event", `SELECT count(*) FROM carenet.people p WHERE p.state = 'inactive'
			AND NOT EXISTS (SELECT 1 FROM carenet.audit_events e WHERE e.target_type = 'person' AND e.target_id = p.id
				AND e.action = 'personnel.deactivated')`},
		{"usernames held twice", `SELECT count(*) FROM (SELECT lower(username) FROM carenet.accounts GROUP BY 1 HAVING count(*) > 1) d`},
		{"accounts without a person", `SELECT count(*) FROM carenet.accounts a WHERE NOT EXISTS (SELECT 1 FROM carenet.people p WHERE p.id = a.person_id)`},
	} {
		var n int
		require.NoError(t, db.QueryRow(inv.query).Scan(&n), inv.what)
		require.Zero(t, n, inv.what)
	}
	head, n, err := sv.audit.Verify(ctx, audit.Head{})
	require.NoError(t, err, "the audit chain verifies")
	require.Equal(t, head.Seq, n)
	var people, inactive int
	require.NoError(t, db.QueryRow(`SELECT count(*), count(*) FILTER (WHERE state = 'inactive') FROM carenet.people`).Scan(&people, &inactive))
	t.Logf("afterwards: %d people (%d inactive), %d audit events, chain verified", people, inactive, n)
}

// loadStep runs one operation of the load test and returns an error only
// if it failed in a way it must not.
func loadStep(sv *services, pool *loadPool, rng *rand.Rand, op string, w, i int) error {
	person := func() string { return pool.pick(rng, func() []string { return pool.people }) }
	switch op {
	case "create":
		// Usernames come from a small set, so workers race for them.
		username := fmt.Sprintf("load%03d", rng.IntN(400))
		given := []string{"Ana", "Bo", "Cy", "Di", "Ed"}[rng.IntN(5)]
		c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: given, FamilyName: fmt.Sprintf("Load%d", w), AgencyKind: personnel.AgencyCAC},
			Login:  &auth.LoginSpec{Username: username, Password: servicePassword, Groups: []string{auth.AdministratorGroup}},
		})
		switch {
		case err == nil:
			pool.mu.Lock()
			pool.people = append(pool.people, c.Profile.ID)
			pool.users = append(pool.users, c.Profile.Login.Username)
			pool.mu.Unlock()
		case usernameTaken(err), carenet.ErrorCode(err) == carenet.Conflict:
		default:
			return err
		}
	case "edit":
		id := person()
		p, err := sv.people.Get(ctx, sv.admin, id)
		if err != nil {
			return err
		}
		title := fmt.Sprintf("Title %d.%d", w, i)
		if _, err := sv.people.Edit(ctx, sv.admin, id, p.Version, personnel.Update{Title: &title}); err != nil && carenet.ErrorCode(err) != carenet.Conflict {
			return err
		}
	case "search":
		page, err := sv.people.Search(ctx, sv.admin, personnel.Query{Name: []string{"a", "b", "load", "staff", "seed"}[rng.IntN(5)], Limit: 20})
		if err != nil {
			return err
		}
		for _, p := range page.People {
			if p.State != personnel.Active {
				return fmt.Errorf("the default search returned %s, who is %s", p.ID, p.State)
			}
		}
	case "deactivate":
		// Deactivating someone already inactive, or whom another worker is
		// deactivating at the same moment, is harmless: never an error.
		if _, err := sv.people.Deactivate(ctx, sv.admin, person(), "load test"); err != nil {
			return err
		}
	case "reactivate":
		id := person()
		r, err := sv.people.Reactivate(ctx, sv.admin, id, "load test")
		switch {
		case err == nil:
			if r.Link != nil {
				// The login comes back through the link, never the old password.
				if err := sv.auth.CompletePasswordLink(ctx, r.Link.Token, servicePassword); err != nil && !errors.Is(err, auth.ErrLinkInvalid) {
					return err
				}
			}
		case carenet.ErrorCode(err) == carenet.Conflict: // already active, or raced
		default:
			return err
		}
	case "login":
		username := pool.pick(rng, func() []string { return pool.users })
		res, err := sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
		switch {
		case err == nil:
			pool.mu.Lock()
			pool.tokens = append(pool.tokens, res.Token)
			pool.mu.Unlock()
		case errors.Is(err, auth.ErrLoginFailed): // deactivated, or the link not yet used
		default:
			return err
		}
	case "authenticate":
		tok := pool.pick(rng, func() []string { return pool.tokens })
		if tok == "" {
			return nil
		}
		if _, err := sv.auth.Authenticate(ctx, tok); err != nil && !errors.Is(err, auth.ErrSessionInvalid) {
			return err
		}
	}
	return nil
}

// usernameTaken reports whether err is the Invalid error of a username
// another person holds.
func usernameTaken(err error) bool {
	v := carenet.Validation(err)
	return v != nil && v.Has("login.username", carenet.RuleTaken)
}
