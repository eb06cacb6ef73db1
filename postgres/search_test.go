package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/carenettest"
)

// TestServiceSearch runs the personnel search bar through the service on
// PostgreSQL with the cases every store must pass
// (carenettest.SearchCases): accents and case folded, SQL and pattern
// characters (%, _, ', \) matched literally, inactive people hidden by
// default, nobody twice; and the people table is intact after them.
func TestServiceSearch(t *testing.T) {
	s, db := freshStore(t)
	env := carenettest.New(t, carenettest.OnStore(s))
	env.AddSearchPeople()
	for _, c := range carenettest.SearchCases() {
		t.Run(c.Name, func(t *testing.T) {
			require.Equal(t, c.Want, env.SearchNames(c.Query))
		})
	}
	var n int
	require.NoError(t, db.QueryRow("SELECT count(*) FROM carenet.people").Scan(&n))
	require.Equal(t, carenettest.SearchPeopleCount+1, n, "the people table is intact: the administrator and the people searched")
}
