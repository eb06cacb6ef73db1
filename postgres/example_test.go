package postgres_test

import (
	"context"
	"database/sql"
	"log"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// ExampleOpen opens a store from a connection URL, migrates it, and wires
// the services over it.
func ExampleOpen() {
	ctx := context.Background()
	store, err := postgres.Open("postgres://carenet:secret@db.internal:5432/carenet?sslmode=verify-full")
	if err != nil {
		log.Fatal(err)
	}
	defer store.Close()
	if err := store.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
	if err != nil {
		log.Fatal(err)
	}
	_ = personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
}

// ExampleNew uses a pool the host already has, with its own settings.
func ExampleNew() {
	db, err := sql.Open("postgres", "postgres://carenet@localhost/carenet")
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(20)
	store := postgres.New(db)
	if err := store.Migrate(context.Background()); err != nil {
		log.Fatal(err)
	}
}
