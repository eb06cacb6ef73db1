package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// The isolation cases change what they passed to the store and what it
// returned, through slices, maps and pointers, and check that the stored
// values did not change.
var isolationCases = []testCase{
	{"AccountGroups", testIsolationAccountGroups},
	{"CredentialsTOTPSecret", testIsolationCredentials},
	{"PersonDates", testIsolationPersonDates},
	{"SessionRevokedAt", testIsolationSession},
	{"PasswordTokenUsedAt", testIsolationPasswordToken},
	{"AuditDetails", testIsolationAuditDetails},
}

func testIsolationAccountGroups(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	groups := []string{auth.AdministratorGroup, auth.ReferralUserGroup}
	a := NewAccount("a-1", "p-1", "ada", groups...)
	a.Groups = groups
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Create(ctx, a, NewCredentials(a.ID)) })
	groups[0] = "changed-after-create"
	want := []string{auth.AdministratorGroup, auth.ReferralUserGroup}

	got := getAccount(t, s, a.ID)
	require.Equal(t, want, got.Groups)
	got.Groups[0] = "changed-after-get"
	got.Groups = append(got.Groups[:1], "appended")

	var updated auth.Account
	update(t, s.Auth(), func(tx auth.Tx) (err error) {
		b := getAccountTx(t, tx, a.ID)
		in := b.Groups
		if updated, err = tx.Accounts().Update(ctx, b); err != nil {
			return err
		}
		in[0] = "changed-after-update"
		updated.Groups[1] = "changed-result"
		return nil
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		for _, get := range []func() (auth.Account, error){
			func() (auth.Account, error) { return tx.Accounts().Get(ctx, a.ID) },
			func() (auth.Account, error) { return tx.Accounts().ByUsername(ctx, a.Username) },
			func() (auth.Account, error) { return tx.Accounts().ByPerson(ctx, a.PersonID) },
		} {
			got, err := get()
			require.NoError(t, err)
			require.Equal(t, want, got.Groups)
			got.Groups[0] = "changed-again"
		}
		return nil
	})
	require.Equal(t, want, getAccount(t, s, a.ID).Groups)
}

func getAccountTx(t *testing.T, tx auth.Tx, id string) auth.Account {
	t.Helper()
	a, err := tx.Accounts().Get(ctx, id)
	require.NoError(t, err)
	return a
}

func testIsolationCredentials(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	secret := []byte("sealed-secret")
	c := NewCredentials(a.ID)
	c.TOTPSecret = secret
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().SetCredentials(ctx, c) })
	secret[0] = 'X'
	read := func() auth.Credentials {
		return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.Credentials, error) { return tx.Accounts().Credentials(ctx, a.ID) })
	}
	got := read()
	require.Equal(t, []byte("sealed-secret"), got.TOTPSecret)
	got.TOTPSecret[0] = 'Y'
	require.Equal(t, []byte("sealed-secret"), read().TOTPSecret)
}

func testIsolationPersonDates(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	start, end := at(-24*time.Hour), at(24*time.Hour)
	p.StartDate, p.EndDate = &start, &end
	createPerson(t, s, p)
	start, end = at(time.Hour), at(2*time.Hour)

	got := getPerson(t, s, p.ID)
	require.True(t, at(-24*time.Hour).Equal(*got.StartDate))
	require.True(t, at(24*time.Hour).Equal(*got.EndDate))
	*got.StartDate, *got.EndDate = at(5*time.Hour), at(6*time.Hour)

	view(t, s.Personnel(), func(tx personnel.Tx) error {
		people, err := tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"ada"}, States: []personnel.State{personnel.Active}, Limit: 10})
		require.NoError(t, err)
		require.Len(t, people, 1)
		*people[0].EndDate = at(7 * time.Hour)
		due, err := personnel.EndDatePassed(ctx, tx.People(), at(48*time.Hour), 10)
		require.NoError(t, err)
		require.Len(t, due, 1)
		*due[0].EndDate = at(8 * time.Hour)
		return nil
	})
	got = getPerson(t, s, p.ID)
	require.True(t, at(-24*time.Hour).Equal(*got.StartDate), "start date changed to %v", got.StartDate)
	require.True(t, at(24*time.Hour).Equal(*got.EndDate), "end date changed to %v", got.EndDate)
}

func testIsolationSession(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	sess := NewSession("s-1", a.ID, hashOf("s-1"), at(0))
	revoked := at(time.Minute)
	sess.RevokedAt, sess.RevokedReason = &revoked, "logout"
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Sessions().Create(ctx, sess) })
	revoked = at(time.Hour)
	view(t, s.Auth(), func(tx auth.Tx) error {
		f, err := tx.Sessions().Lookup(ctx, sess.TokenHash)
		require.NoError(t, err)
		require.True(t, at(time.Minute).Equal(*f.Session.RevokedAt))
		*f.Session.RevokedAt = at(2 * time.Hour)
		f.Account.Groups = append(f.Account.Groups, "x")
		list, err := tx.Sessions().ListByAccount(ctx, a.ID)
		require.NoError(t, err)
		require.Len(t, list, 1)
		require.True(t, at(time.Minute).Equal(*list[0].RevokedAt))
		*list[0].RevokedAt = at(3 * time.Hour)
		return nil
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		f, err := tx.Sessions().Lookup(ctx, sess.TokenHash)
		require.NoError(t, err)
		require.True(t, at(time.Minute).Equal(*f.Session.RevokedAt), "revoked at %v", f.Session.RevokedAt)
		require.Empty(t, f.Account.Groups)
		return nil
	})
}

func testIsolationPasswordToken(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	link := NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))
	var consumed auth.PasswordToken
	update(t, s.Auth(), func(tx auth.Tx) (err error) {
		require.NoError(t, tx.PasswordTokens().Create(ctx, link))
		consumed, err = tx.PasswordTokens().Consume(ctx, link.TokenHash, at(time.Minute))
		return err
	})
	*consumed.UsedAt = at(time.Hour)
	got := findToken(t, s, link.TokenHash)
	require.True(t, at(time.Minute).Equal(*got.UsedAt), "used at %v", got.UsedAt)
	*got.UsedAt = at(2 * time.Hour)
	require.True(t, at(time.Minute).Equal(*findToken(t, s, link.TokenHash).UsedAt))
}

func testIsolationAuditDetails(t *testing.T, s Store) {
	details := map[string]string{"reason": "left the agency"}
	e := event("e-1", "p-1", "test.details", "person", "p-2", 0)
	e.Details = details
	appended := updateValue(t, s.Audit(), func(tx audit.Tx) (audit.Event, error) {
		return tx.Audit().Append(ctx, e)
	})
	details["reason"] = "changed after append"
	details["extra"] = "added after append"
	appended.Details["reason"] = "changed in the result"

	events := listEvents(t, s)
	require.Len(t, events, 1)
	require.Equal(t, map[string]string{"reason": "left the agency"}, events[0].Details)
	events[0].Details["reason"] = "changed after list"
	events = listEvents(t, s)
	require.Equal(t, map[string]string{"reason": "left the agency"}, events[0].Details)
	_, err := audit.Verify(events)
	require.NoError(t, err)
}
