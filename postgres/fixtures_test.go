package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

var epoch = time.Date(2025, time.May, 4, 10, 11, 12, 131415000, time.UTC)

func person(id, given, family string) personnel.Person {
	return personnel.Person{
		ID: id, Fields: personnel.Fields{GivenName: given, FamilyName: family, Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		State: personnel.Active, StateChangedAt: epoch, CreatedAt: epoch, UpdatedAt: epoch,
	}
}

func account(id, personID, username string, groups ...string) auth.Account {
	return auth.Account{ID: id, PersonID: personID, Username: username, Active: true, Groups: groups,
		CreatedInRelease: carenet.Release, CreatedAt: epoch, UpdatedAt: epoch}
}

func credentials(accountID string) auth.Credentials {
	return auth.Credentials{AccountID: accountID, PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$YWJj$ZGVm", PasswordSetAt: epoch}
}

// user stores a person with a login and returns both as stored.
func user(t *testing.T, s *postgres.Store, name string, groups ...string) (personnel.Person, auth.Account) {
	t.Helper()
	p := person(uniq("p"), "Given"+name, "Family"+name)
	a := account(uniq("a"), p.ID, uniq(name), groups...)
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		if err := tx.People().Create(ctx, p); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, a, credentials(a.ID))
	}))
	p.Version, a.Version = 1, 1
	return p, a
}

// requireCode checks err's code and that its end-user message carries no
// text of the driver's.
func requireCode(t *testing.T, err error, code carenet.Code) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, code, carenet.ErrorCode(err), "error: %v", err)
	msg := carenet.ErrorMessage(err)
	for _, leak := range []string{"pq:", "violates", "constraint", "carenet.", "SQLSTATE", "duplicate key"} {
		require.NotContains(t, msg, leak, "the end-user message leaks the driver's text")
	}
}
