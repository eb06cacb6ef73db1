package postgres_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// servicePassword is the password of the users the service tests create.
const servicePassword = "violet-lantern-harbor-92"

// services are the SDK's services over a PostgreSQL store, with a logged-in
// administrator, as a host wires them.
type services struct {
	store   *postgres.Store
	auth    *auth.Service
	people  *personnel.Service
	audit   *audit.Service
	admin   *auth.Principal
	adminID string
}

// newServices wires the services over s, with cheap password hashing, and
// creates and logs in an administrator with a username unique in the run.
func newServices(t testing.TB, s *postgres.Store) *services {
	t.Helper()
	authSvc, err := auth.NewService(s.Auth(), auth.Config{Hasher: carenettest.FastHasher})
	require.NoError(t, err)
	sv := &services{store: s, auth: authSvc, people: personnel.NewService(s.Personnel(), authSvc, personnel.Config{}), audit: audit.NewService(s.Audit())}
	username := uniq("admin")
	c, err := sv.people.CreateAdministrator(ctx, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: servicePassword},
	})
	require.NoError(t, err)
	sv.adminID = c.Profile.ID
	sv.admin = sv.login(t, username).Principal
	return sv
}

// login logs in with servicePassword and fails the test on error.
func (sv *services) login(t testing.TB, username string) *auth.LoginResult {
	t.Helper()
	res, err := sv.auth.Login(ctx, auth.LoginRequest{Username: username, Password: servicePassword})
	require.NoError(t, err, "login %s", username)
	return res
}

// user creates a person with a login in the Administrator group and
// returns the profile and the username.
func (sv *services) user(t testing.TB, given string) (personnel.Profile, string) {
	t.Helper()
	username := uniq(given)
	c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: "Staff", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: servicePassword, Groups: []string{auth.AdministratorGroup}},
	})
	require.NoError(t, err)
	return c.Profile, c.Profile.Login.Username
}

// personEvents counts the audit events of the action about the person.
func (sv *services) personEvents(t testing.TB, personID string, action audit.Action) int {
	t.Helper()
	events, err := sv.audit.List(ctx, audit.Filter{TargetType: "person", TargetID: personID})
	require.NoError(t, err)
	n := 0
	for _, e := range events {
		if e.Action == action {
			n++
		}
	}
	return n
}

// deactivationState is everything a deactivation touches, read straight
// from the database.
type deactivationState struct {
	Person   personnel.Person
	Account  auth.Account
	Creds    auth.Credentials
	Sessions []auth.Session
	Events   int64
	Head     string
}

// readDeactivationState reads the person, their login, its credentials and
// sessions, and the size and head of the audit log, through db.
func readDeactivationState(t testing.TB, db *sql.DB, personID string) deactivationState {
	t.Helper()
	var st deactivationState
	require.NoError(t, postgres.New(db).Personnel().View(ctx, func(tx personnel.Tx) error {
		var err error
		if st.Person, err = tx.People().Get(ctx, personID); err != nil {
			return err
		}
		if st.Account, err = tx.Accounts().ByPerson(ctx, personID); err != nil {
			return err
		}
		if st.Creds, err = tx.Accounts().Credentials(ctx, st.Account.ID); err != nil {
			return err
		}
		st.Sessions, err = tx.Sessions().ListByAccount(ctx, st.Account.ID)
		return err
	}))
	// The events committed so far, sealed.
	_, err := postgres.New(db).Seal(ctx)
	require.NoError(t, err)
	require.NoError(t, db.QueryRow("SELECT seq, hash FROM carenet.audit_head").Scan(&st.Events, &st.Head))
	return st
}

// requireCodeIn checks that err has one of the codes.
func requireCodeIn(t testing.TB, err error, codes ...carenet.Code) {
	t.Helper()
	require.Error(t, err)
	require.Contains(t, codes, carenet.ErrorCode(err), "error: %v", err)
}
