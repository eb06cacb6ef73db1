package personnel_test

import (
	"context"
	"log/slog"
	"os"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
)

// ExampleConfig_logger gives the services a logger: each audited outcome
// is logged once its transaction has committed, with its allow-listed
// details only (a profile's name, free text, is left out), and each failed
// call with its code.
func ExampleConfig_logger() {
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		// Drop the time so the example's output does not change.
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey && len(groups) == 0 {
				return slog.Attr{}
			}
			return a
		},
	}))
	store := memory.New()
	ids := carenet.SequentialIDs("id")
	authSvc, _ := auth.NewService(store.Auth(), auth.Config{IDs: ids, Logger: logger})
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{IDs: ids, Logger: logger})
	created, err := people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: "granite-orchard-lantern-7"},
	})
	if err != nil {
		panic(err)
	}
	// Without a login no one can act for Ada: a missing principal is
	// refused.
	_, _ = people.Deactivate(ctx, nil, created.Profile.ID, "left")
	// Output:
	// level=INFO msg="carenet: audited" action=auth.account_created actor="" target_type=account target_id=id-000002 details.groups=administrator details.person=id-000001 details.portal=none details.username=ada
	// level=INFO msg="carenet: audited" action=personnel.created actor="" target_type=person target_id=id-000001 details.agency_kind=cac details.username=ada
	// level=INFO msg="carenet: call failed" op=personnel.Deactivate code=unauthenticated
}
