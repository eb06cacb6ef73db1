package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

var accountCases = []testCase{
	{"CreateAndGet", testAccountCreateAndGet},
	{"NotFound", testAccountNotFound},
	{"CreateDuplicateUsername", testAccountCreateDuplicateUsername},
	{"CreateSecondForPerson", testAccountCreateSecondForPerson},
	{"CreateMissingPerson", testAccountCreateMissingPerson},
	{"CreateMissingGroup", testAccountCreateMissingGroup},
	{"Update", testAccountUpdate},
	{"UpdateStaleVersion", testAccountUpdateStale},
	{"UpdateUsernameTaken", testAccountUpdateUsernameTaken},
	{"UpdateMissingGroup", testAccountUpdateMissingGroup},
	{"UpdateMissing", testAccountUpdateMissing},
	{"SetCredentials", testAccountSetCredentials},
	{"TOTPAccounts", testAccountTOTPAccounts},
	{"Holder", testAccountHolder},
	{"Groups", testAccountGroups},
	{"DisableLogin", testAccountDisableLogin},
	{"DisableLoginPlain", func(t *testing.T, s Store) { testAccountDisableLogin(t, Plain(s)) }},
	{"Delete", testAccountDelete},
	{"DeletePlain", func(t *testing.T, s Store) { testAccountDelete(t, Plain(s)) }},
	{"Remove", testAccountRemove},
	{"LoginUses", testAccountLoginUses},
}

// accountUpdate is the update of a, for updateValue and updateError.
func accountUpdate(a auth.Account) func(tx auth.Tx) (auth.Account, error) {
	return func(tx auth.Tx) (auth.Account, error) { return tx.Accounts().Update(ctx, a) }
}

func testAccountCreateAndGet(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	createPerson(t, s, p)
	a := NewAccount("a-1", p.ID, "ada.lovelace", auth.AdministratorGroup, auth.ReferralUserGroup)
	a.Portal = portal.Access{Enabled: true, Video: true, Referral: 0, CareNet: true}
	a.TOTPEnabled = true
	a.CreatedInRelease = "2.19.0"
	a.UpdatedAt = at(time.Hour)
	a.Version = 7 // ignored: a new account is version 1
	c := auth.Credentials{
		AccountID:     a.ID,
		PasswordHash:  "$argon2id$v=19$m=19456,t=2,p=1$YWJj$ZGVm",
		PasswordSetAt: at(time.Minute),
		TOTPSecret:    []byte{0, 1, 2, 250, 251},
		TOTPLastStep:  58_000_000,
		FailedLogins:  2,
		FailedCodes:   1,
		LockedUntil:   at(2 * time.Minute),
		LastLoginAt:   at(3 * time.Minute),
		EnabledAt:     at(4 * time.Minute),
	}
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Create(ctx, a, c) })
	a.Version = 1
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Get(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, a, got)
		got, err = tx.Accounts().ByUsername(ctx, a.Username)
		require.NoError(t, err)
		requireEqual(t, a, got)
		got, err = tx.Accounts().ByPerson(ctx, p.ID)
		require.NoError(t, err)
		requireEqual(t, a, got)
		gotC, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, c, gotC)
		return nil
	})
}

func testAccountNotFound(t *testing.T, s Store) {
	createUser(t, s, "ada")
	createPerson(t, s, NewPerson("p-2", "Grace", "Hopper"))
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Accounts().Get(ctx, "a-missing")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.Accounts().ByUsername(ctx, "missing")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.Accounts().ByPerson(ctx, "p-2")
		requireCode(t, err, carenet.NotFound, "a person without an account")
		_, err = tx.Accounts().ByPerson(ctx, "p-missing")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.Accounts().Credentials(ctx, "a-missing")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
}

func testAccountCreateDuplicateUsername(t *testing.T, s Store) {
	createUser(t, s, "ada")
	createPerson(t, s, NewPerson("p-2", "Grace", "Hopper"))
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-2", "p-2", "ada"), NewCredentials("a-2"))
	})
	requireCode(t, err, carenet.Conflict)
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Accounts().Get(ctx, "a-2")
		requireCode(t, err, carenet.NotFound)
		got, err := tx.Accounts().ByUsername(ctx, "ada")
		require.NoError(t, err)
		require.Equal(t, "a-ada", got.ID)
		return nil
	})
}

func testAccountCreateSecondForPerson(t *testing.T, s Store) {
	p, _ := createUser(t, s, "ada")
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-2", p.ID, "second"), NewCredentials("a-2"))
	})
	requireCode(t, err, carenet.Conflict)
}

func testAccountCreateMissingPerson(t *testing.T, s Store) {
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-1", "p-missing", "ghost"), NewCredentials("a-1"))
	})
	requireCode(t, err, carenet.NotFound)
}

func testAccountCreateMissingGroup(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-1", "p-1", "ada", auth.AdministratorGroup, "sg-missing"), NewCredentials("a-1"))
	})
	requireCode(t, err, carenet.NotFound)
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Accounts().Get(ctx, "a-1")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
}

func testAccountUpdate(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada", auth.AdministratorGroup)
	sg := auth.SecurityGroup{ID: "sg-1", Name: "Intake"}
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Create(ctx, sg) })
	b := a
	b.Username = "countess"
	b.Active = false
	b.Groups = []string{"sg-1", auth.ReferralUserGroup}
	b.Portal = portal.Access{Enabled: true, Referral: portal.ReferralBoth}
	b.TOTPEnabled = true
	b.UpdatedAt = at(time.Hour)
	got := updateValue(t, s.Auth(), accountUpdate(b))
	b.Version = 2
	requireEqual(t, b, got, "Update's result")
	requireEqual(t, b, getAccount(t, s, a.ID), "Get after Update")
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Accounts().ByUsername(ctx, "ada")
		requireCode(t, err, carenet.NotFound, "the old username still finds the account")
		got, err := tx.Accounts().ByUsername(ctx, "countess")
		require.NoError(t, err)
		require.Equal(t, a.ID, got.ID)
		return nil
	})
	// The old username is free.
	createPerson(t, s, NewPerson("p-2", "Grace", "Hopper"))
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-2", "p-2", "ada"), NewCredentials("a-2"))
	})
	// Versions keep counting.
	got = updateValue(t, s.Auth(), accountUpdate(got))
	require.Equal(t, int64(3), got.Version)
}

func testAccountUpdateStale(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	b := a
	b.Active = false
	updateValue(t, s.Auth(), accountUpdate(b))
	c := a // still version 1
	c.Username = "stale"
	err := updateError(s.Auth(), accountUpdate(c))
	requireCode(t, err, carenet.Conflict)
	got := getAccount(t, s, a.ID)
	require.Equal(t, int64(2), got.Version)
	require.Equal(t, "ada", got.Username)
	require.False(t, got.Active)
}

func testAccountUpdateUsernameTaken(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	createUser(t, s, "grace")
	a.Username = "grace"
	err := updateError(s.Auth(), accountUpdate(a))
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "ada", getAccount(t, s, a.ID).Username)
}

func testAccountUpdateMissingGroup(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	a.Groups = []string{"sg-missing"}
	err := updateError(s.Auth(), accountUpdate(a))
	requireCode(t, err, carenet.NotFound)
	require.Empty(t, getAccount(t, s, a.ID).Groups)
}

func testAccountUpdateMissing(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	createPerson(t, s, p)
	a := NewAccount("a-missing", p.ID, "ada")
	a.Version = 1
	err := updateError(s.Auth(), accountUpdate(a))
	requireCode(t, err, carenet.NotFound)
}

func testAccountSetCredentials(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	c := auth.Credentials{
		AccountID:     a.ID,
		PasswordHash:  "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
		PasswordSetAt: at(time.Hour),
		TOTPSecret:    []byte("sealed"),
		TOTPLastStep:  12,
		FailedLogins:  4,
		FailedCodes:   3,
		LockedUntil:   at(2 * time.Hour),
		LastLoginAt:   at(30 * time.Minute),
		EnabledAt:     at(3 * time.Hour),
	}
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().SetCredentials(ctx, c) })
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, c, got)
		return nil
	})
	// Clearing works too: zero times and no secret.
	cleared := NewCredentials(a.ID)
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().SetCredentials(ctx, cleared) })
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, cleared, got)
		require.True(t, got.LastLoginAt.IsZero())
		require.True(t, got.LockedUntil.IsZero())
		require.True(t, got.EnabledAt.IsZero())
		return nil
	})
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Accounts().SetCredentials(ctx, NewCredentials("a-missing"))
	})
	requireCode(t, err, carenet.NotFound)
}

func testAccountHolder(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	p.MiddleName = "Augusta"
	p.Phone = "+1 555 0100"
	q := NewPerson("p-2", "Grace", "Hopper")
	end := carenet.Timestamp(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	q.EndDate = &end
	createPerson(t, s, p, q)
	view(t, s.Auth(), func(tx auth.Tx) error {
		h, err := tx.Accounts().Holder(ctx, p.ID)
		require.NoError(t, err)
		requireEqual(t, auth.Holder{PersonID: p.ID, Active: true, Names: []string{"Ada", "Augusta", "Lovelace"},
			Email: "p-1@example.org", Phone: "+1 555 0100"}, h, "the contact details come along")
		h, err = tx.Accounts().Holder(ctx, q.ID)
		require.NoError(t, err)
		requireEqual(t, auth.Holder{PersonID: q.ID, Active: true, Names: []string{"Grace", "Hopper"}, EndDate: &end, Email: "p-2@example.org"}, h,
			"an empty middle name is left out; the end date comes along")
		_, err = tx.Accounts().Holder(ctx, "p-missing")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	setState(t, s, q.ID, personnel.Inactive)
	view(t, s.Auth(), func(tx auth.Tx) error {
		h, err := tx.Accounts().Holder(ctx, q.ID)
		require.NoError(t, err)
		require.False(t, h.Active)
		return nil
	})
}

// setState stores the person's new state.
func setState(t *testing.T, s Store, id string, state personnel.State) {
	t.Helper()
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		p, err := tx.People().Get(ctx, id)
		if err != nil {
			return err
		}
		p.State, p.StateChangedAt, p.StateReason = state, at(time.Hour), "test"
		_, err = tx.People().Update(ctx, p)
		return err
	})
}

func testAccountGroups(t *testing.T, s Store) {
	sg := auth.SecurityGroup{ID: "sg-1", Name: "Intake", Description: "Intake staff",
		Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ReviewReferrals), CreatedAt: at(0), UpdatedAt: at(0)}
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Create(ctx, sg) })
	sg.Version = 1
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Groups(ctx, []string{"sg-1", auth.AdministratorGroup})
		require.NoError(t, err)
		require.Len(t, got, 2)
		requireEqual(t, sg, got[0])
		require.Equal(t, auth.AdministratorGroup, got[1].ID)
		require.True(t, got[1].BuiltIn)
		got, err = tx.Accounts().Groups(ctx, []string{auth.AdministratorGroup, "sg-1"})
		require.NoError(t, err)
		require.Equal(t, []string{auth.AdministratorGroup, "sg-1"}, []string{got[0].ID, got[1].ID}, "not in the order given")
		got, err = tx.Accounts().Groups(ctx, nil)
		require.NoError(t, err)
		require.Empty(t, got)
		_, err = tx.Accounts().Groups(ctx, []string{"sg-1", "sg-missing"})
		requireCode(t, err, carenet.NotFound)
		return nil
	})
}

func testAccountDisableLogin(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada", auth.AdministratorGroup)
	_, other := createUser(t, s, "grace")
	earlier := at(-time.Hour)
	update(t, s.Auth(), func(tx auth.Tx) error {
		createSessions(t, tx,
			NewSession("s-1", a.ID, hashOf("s-1"), at(0)),
			NewSession("s-2", a.ID, hashOf("s-2"), at(time.Second)),
			withRevoked(NewSession("s-3", a.ID, hashOf("s-3"), at(2*time.Second)), earlier, "logout"),
			NewSession("s-4", other.ID, hashOf("s-4"), at(0)),
		)
		createLinks(t, tx, linksToInvalidate(a.ID, other.ID, earlier)...)
		return nil
	})
	when := at(time.Hour)
	res := updateValue(t, s.Auth(), func(tx auth.Tx) (auth.DisabledLogin, error) {
		return auth.DisableLoginIn(ctx, tx, auth.DisableLogin{AccountID: a.ID, PasswordHash: "!unusable", At: when, Reason: "deactivated"})
	})
	want := a
	want.Active, want.Version, want.UpdatedAt = false, 2, when
	requireEqual(t, auth.DisabledLogin{Account: want, WasActive: true, SessionsRevoked: 2, LinksInvalidated: 2}, res)
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Get(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, want, got)
		c, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		require.Equal(t, "!unusable", c.PasswordHash)
		for _, id := range []string{"s-1", "s-2"} {
			f, err := tx.Sessions().Lookup(ctx, hashOf(id))
			require.NoError(t, err)
			require.NotNil(t, f.Session.RevokedAt, id)
			require.True(t, when.Equal(*f.Session.RevokedAt), id)
			require.Equal(t, "deactivated", f.Session.RevokedReason, id)
		}
		f, err := tx.Sessions().Lookup(ctx, hashOf("s-3"))
		require.NoError(t, err)
		require.True(t, earlier.Equal(*f.Session.RevokedAt), "an already revoked session was revoked again")
		require.Equal(t, "logout", f.Session.RevokedReason)
		f, err = tx.Sessions().Lookup(ctx, hashOf("s-4"))
		require.NoError(t, err)
		require.Nil(t, f.Session.RevokedAt, "another account's session was revoked")
		for id, usedAt := range map[string]*time.Time{"t-1": &when, "t-2": &when, "t-3": &earlier, "t-4": nil} {
			l, err := tx.PasswordTokens().Find(ctx, hashOf(id))
			require.NoError(t, err)
			requireEqual(t, usedAt, l.UsedAt, id)
		}
		return nil
	})
	// Again: nothing left to revoke, but the version still moves.
	res = updateValue(t, s.Auth(), func(tx auth.Tx) (auth.DisabledLogin, error) {
		return auth.DisableLoginIn(ctx, tx, auth.DisableLogin{AccountID: a.ID, PasswordHash: "!again", At: at(2 * time.Hour), Reason: "deactivated"})
	})
	require.False(t, res.WasActive)
	require.Equal(t, 0, res.SessionsRevoked)
	require.Equal(t, 0, res.LinksInvalidated)
	require.Equal(t, int64(3), res.Account.Version)
	require.False(t, res.Account.Active)

	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		_, err := auth.DisableLoginIn(ctx, tx, auth.DisableLogin{AccountID: "a-missing", PasswordHash: "!", At: when, Reason: "deactivated"})
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testAccountDelete(t *testing.T, s Store) {
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.SecurityGroups().Create(ctx, auth.SecurityGroup{ID: "sg-1", Name: "Intake"})
	})
	p, a := createUser(t, s, "ada", "sg-1")
	_, b := createUser(t, s, "grace")
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasswordTokens().Create(ctx, NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))))
		return tx.Sessions().Create(ctx, NewSession("s-1", b.ID, hashOf("s-1"), at(0)))
	})
	update(t, s.Auth(), func(tx auth.Tx) error { return auth.DeleteAccount(ctx, tx, a.ID) })
	view(t, s.Auth(), func(tx auth.Tx) error {
		requireNoLogin(t, tx, a.ID, p.ID)
		_, err := tx.Accounts().ByUsername(ctx, a.Username)
		requireCode(t, err, carenet.NotFound)
		_, err = tx.PasswordTokens().Find(ctx, hashOf("t-1"))
		requireCode(t, err, carenet.NotFound, "the account's links were kept")
		return nil
	})
	// The security group is no longer in use; the person and the username
	// are free for a new account.
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, "sg-1") })
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, NewAccount("a-new", p.ID, a.Username), NewCredentials("a-new"))
	})

	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return auth.DeleteAccount(ctx, tx, b.ID) })
	requireCode(t, err, carenet.InUse, "an account with sessions")
	getAccount(t, s, b.ID)
	err = s.Auth().Update(ctx, func(tx auth.Tx) error { return auth.DeleteAccount(ctx, tx, "a-missing") })
	requireCode(t, err, carenet.NotFound)
}

// testAccountTOTPAccounts: TOTPAccounts lists, ordered by ID, exactly the
// accounts whose credentials hold a sealed TOTP secret, as they stand in
// the transaction.
func testAccountTOTPAccounts(t *testing.T, s Store) {
	_, b := createUser(t, s, "bea")
	_, a := createUser(t, s, "ada")
	createUser(t, s, "cy")
	for _, acct := range []auth.Account{a, b} {
		c := NewCredentials(acct.ID)
		c.TOTPSecret = []byte("sealed")
		update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().SetCredentials(ctx, c) })
	}
	want := []string{a.ID, b.ID}
	slices.Sort(want)
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().TOTPAccounts(ctx)
		require.NoError(t, err)
		require.Equal(t, want, got)
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		if err := tx.Accounts().SetCredentials(ctx, NewCredentials(b.ID)); err != nil {
			return err
		}
		got, err := tx.Accounts().TOTPAccounts(ctx)
		require.NoError(t, err)
		require.Equal(t, []string{a.ID}, got, "a secret removed in the transaction")
		return nil
	})
}
