package otelcarenet_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/otelcarenet"
	"github.com/carenet-go/carenet/personnel"
)

// Give every service the same Observer, over the host's providers (here
// the global ones, which do nothing until the host installs an SDK).
func ExampleNew() {
	obs, err := otelcarenet.New(otel.GetTracerProvider(), otel.GetMeterProvider())
	if err != nil {
		panic(err)
	}
	store := memory.New()
	authSvc, err := auth.NewService(store.Auth(), auth.Config{Observer: obs})
	if err != nil {
		panic(err)
	}
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Observer: obs})
	_, err = people.CreateAdministrator(context.Background(), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: "granite-orchard-lantern-7"},
	})
	fmt.Println(err)
	// Output: <nil>
}
