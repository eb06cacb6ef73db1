package main

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/postgres"
)

// TestMigratePrintIsTheSchema prints the migrations without a database,
// then applies the printed SQL as psql would, in one go, and opens a store
// on the result.
func TestMigratePrintIsTheSchema(t *testing.T) {
	bin := build(t)
	r := runBin(t, bin, "", "", "migrate", "-print")
	require.Equal(t, 0, r.Code, r.Stderr)
	ms, err := postgres.Migrations()
	require.NoError(t, err)
	for _, m := range ms {
		assert.Contains(t, r.Stdout, "-- "+m.FileName())
		assert.Contains(t, r.Stdout, m.SQL)
	}

	db, err := sql.Open("postgres", pgtest.NewDatabase(t))
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec(r.Stdout)
	require.NoError(t, err, "the printed SQL applies")
	s := postgres.New(db)
	require.NoError(t, s.CheckSchema(context.Background()), "a store opens on the printed schema")
	require.NoError(t, s.Migrate(context.Background()), "Migrate finds nothing to do")
}
