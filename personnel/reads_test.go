package personnel_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

func TestOpeningAProfileIsLoggedWhenTurnedOn(t *testing.T) {
	k := newKit(t)
	p := k.User("Gus", "Guest", "gguest", "violet-lantern-harbor-92")
	logged := personnel.NewService(k.Store.Personnel(), k.Auth,
		personnel.Config{Clock: k.Clock, LogReads: audit.DefaultReads | audit.ReadProfile})

	_, err := logged.Get(k.Ctx, k.Admin.Principal, p.ID)
	require.NoError(t, err)
	k.RequireRead(audit.EventProfileRead, 0, k.Admin.Principal.PersonID, audit.TargetPerson, p.ID)
	_, err = logged.Get(k.Ctx, &auth.Principal{PersonID: "p-nobody"}, p.ID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = logged.Get(k.Ctx, k.Admin.Principal, "p-unknown")
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	require.Len(t, k.Reads(audit.EventProfileRead), 1, "a refused read is not an access")
}

func TestOpeningAProfileIsNotLoggedByDefault(t *testing.T) {
	k := newKit(t)
	p := k.User("Gus", "Guest", "gguest", "violet-lantern-harbor-92")
	_, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, p.ID)
	require.NoError(t, err)
	require.Empty(t, k.Reads(audit.EventProfileRead))
}
