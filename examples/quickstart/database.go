package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	"github.com/lib/pq"
)

// createDatabase creates the database dsn names if it does not exist, and
// reports whether it did. It connects to the server's "postgres" database
// to do so, as createdb does; the user needs the CREATEDB privilege.
func createDatabase(ctx context.Context, dsn string) (bool, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return false, fmt.Errorf("-dsn must be a postgres:// URL")
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		return false, fmt.Errorf("-dsn names no database: end the URL's path with one, as in postgres://host/carenet_demo")
	}
	server := *u
	server.Path = "/postgres"
	db, err := sql.Open("postgres", server.String())
	if err != nil {
		return false, err
	}
	defer db.Close()
	var exists bool
	err = db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists)
	if err != nil {
		return false, fmt.Errorf("connect to %s: %w", server.Redacted(), err)
	}
	if exists {
		return false, nil
	}
	// A database name cannot be a placeholder; QuoteIdentifier makes it
	// a safe identifier.
	if _, err := db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		return false, fmt.Errorf("create database %s: %w", name, err)
	}
	return true, nil
}
