package carenettest_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
)

// TestStoreEnvPicksTheStore: StoreEnv picks the store of New and
// NewStore, OnMemory and OnPostgres override it, and a value it does not
// know fails the test naming it.
func TestStoreEnvPicksTheStore(t *testing.T) {
	t.Setenv(carenettest.StoreEnv, "memory")
	assert.IsType(t, &memory.Store{}, carenettest.New(t).Store)
	assert.IsType(t, &memory.Store{}, carenettest.NewStore(t))

	t.Setenv(carenettest.StoreEnv, "mysql")
	for _, f := range []func(h *carenettest.Harness){
		func(h *carenettest.Harness) { carenettest.New(h) },
		func(h *carenettest.Harness) { carenettest.NewStore(h) },
	} {
		h := &carenettest.Harness{}
		msg := fatal(func() { f(h) })
		h.Close()
		assert.Contains(t, msg, `CARENET_TEST_STORE="mysql": want memory or postgres`)
	}
	assert.IsType(t, &memory.Store{}, carenettest.New(t, carenettest.OnMemory()).Store, "OnMemory wins")
}

// TestStoreEnvPostgresGivesEachEnvItsOwnDatabase: with StoreEnv=postgres
// each Env and each NewStore runs on a database of its own, migrated,
// dropped when the test ends.
func TestStoreEnvPostgresGivesEachEnvItsOwnDatabase(t *testing.T) {
	server := pgServer(t)
	t.Setenv(carenettest.StoreEnv, "postgres")
	h := &carenettest.Harness{}
	a := carenettest.New(h)
	b := carenettest.New(h)
	s := carenettest.NewStore(h)
	var names []string
	for _, st := range []carenettest.Store{a.Store, b.Store, s} {
		pg, ok := st.(*postgres.Store)
		require.True(t, ok, "%T", st)
		var name string
		require.NoError(t, pg.DB().QueryRow(`SELECT current_database()`).Scan(&name))
		names = append(names, name)
	}
	assert.NotEqual(t, names[0], names[1])
	assert.NotEqual(t, names[1], names[2])
	assert.Equal(t, a.Admin.ID(), b.Admin.ID(), "the same steps make the same IDs")
	u := a.PortalUser(portal.DualAccess)
	assert.NotEmpty(t, a.Events(audit.TargetPerson, u.ID()))
	assert.Empty(t, b.Events(audit.TargetPerson, u.ID()), "what a makes, b does not see")
	h.Close()

	db, err := sql.Open("postgres", server)
	require.NoError(t, err)
	defer db.Close()
	for _, name := range names {
		var n int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n))
		assert.Zero(t, n, "%s is dropped when the test ends", name)
	}
}

// runner is a stand-in for *testing.M.
type runner struct {
	code int
	run  func()
	ran  bool
}

func (r *runner) Run() int {
	r.ran = true
	if r.run != nil {
		r.run()
	}
	return r.code
}

// TestMainRunsTheTestsOnTheStoreAsked: Main runs the tests and returns
// their code; with StoreEnv=postgres the stores made meanwhile are copies
// of one migrated template; an unknown StoreEnv fails the run without
// running it.
func TestMainRunsTheTestsOnTheStoreAsked(t *testing.T) {
	t.Setenv(carenettest.StoreEnv, "")
	r := &runner{code: 3}
	assert.Equal(t, 3, carenettest.Main(r))
	assert.True(t, r.ran)

	t.Setenv(carenettest.StoreEnv, "sqlite")
	r = &runner{}
	assert.Equal(t, 1, carenettest.Main(r))
	assert.False(t, r.ran, "no test runs on a store nobody knows")

	pgServer(t)
	t.Setenv(carenettest.StoreEnv, "postgres")
	var name string
	r = &runner{run: func() {
		// Its clean-ups run before Main returns, as a test's do.
		h := &carenettest.Harness{}
		defer h.Close()
		env := carenettest.New(h)
		require.NoError(t, env.Store.(*postgres.Store).DB().QueryRow(`SELECT current_database()`).Scan(&name))
		env.PortalUser(portal.ReferralOnly)
	}}
	assert.Equal(t, 0, carenettest.Main(r))
	assert.True(t, r.ran)
	// A copy of the template is named after it: the template's name and a
	// sequence number.
	i := strings.LastIndex(name, "_")
	require.Positive(t, i, name)
	assert.Equal(t, "1", name[i+1:], "the Env's database is the template's first copy: %s", name)
}
