package storetest

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var rollbackCases = []testCase{
	{"People", testRollbackPeople},
	{"Accounts", testRollbackAccounts},
	{"DisableLogin", testRollbackDisableLogin},
	{"SecurityGroups", testRollbackSecurityGroups},
	{"Sessions", testRollbackSessions},
	{"PasswordTokens", testRollbackPasswordTokens},
	{"Audit", testRollbackAudit},
	{"PersonnelGroups", testRollbackPersonnelGroups},
	{"Panic", testRollbackPanic},
	{"CanceledRepositoryCall", testRollbackCanceledCall},
}

// searchAll returns everyone in search order.
func searchAll(t *testing.T, s Store, terms ...string) []string {
	t.Helper()
	var ids []string
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		people, err := tx.People().Search(ctx, personnel.SearchQuery{
			Terms: terms, States: []personnel.State{personnel.Active, personnel.Inactive}, Limit: 1000,
		})
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		return err
	})
	return ids
}

func testRollbackPeople(t *testing.T, s Store) {
	ada := NewPerson("p-1", "Ada", "Lovelace")
	grace := NewPerson("p-2", "Grace", "Hopper")
	createPerson(t, s, ada, grace)
	rolledBack(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, NewPerson("p-3", "Alan", "Turing")))
		a := ada
		a.Version = 1
		a.GivenName, a.FamilyName = "Augusta", "King"
		if _, err := tx.People().Update(ctx, a); err != nil {
			return err
		}
		return tx.People().Delete(ctx, grace.ID)
	})
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-3")
		requireCode(t, err, carenet.NotFound)
		got, err := tx.People().Get(ctx, ada.ID)
		require.NoError(t, err)
		require.Equal(t, "Ada", got.GivenName)
		require.Equal(t, int64(1), got.Version)
		_, err = tx.People().Get(ctx, grace.ID)
		require.NoError(t, err)
		return nil
	})
	require.Equal(t, []string{"p-2", "p-1"}, searchAll(t, s))
	require.Equal(t, []string{"p-1"}, searchAll(t, s, "lov"))
	require.Empty(t, searchAll(t, s, "king"))
	require.Empty(t, searchAll(t, s, "turing"))
	// The id of the rolled-back person is free.
	createPerson(t, s, NewPerson("p-3", "Alan", "Turing"))
	require.Equal(t, []string{"p-3"}, searchAll(t, s, "tur"))
}

func testRollbackAccounts(t *testing.T, s Store) {
	p := NewPerson("p-1", "Ada", "Lovelace")
	createPerson(t, s, p)
	a := NewAccount("a-1", p.ID, "ada", auth.AdministratorGroup)
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		if err := tx.Accounts().Create(ctx, a, NewCredentials(a.ID)); err != nil {
			return err
		}
		c := NewCredentials(a.ID)
		c.LastLoginAt = at(5)
		return tx.Accounts().SetCredentials(ctx, c)
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		requireNoLogin(t, tx, a.ID, p.ID)
		_, err := tx.Accounts().ByUsername(ctx, a.Username)
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	// The security group is not in use, the username and person are free.
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Accounts().Create(ctx, a, NewCredentials(a.ID))
	})
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		b := a
		b.Version = 1
		b.Username, b.Groups = "lovelace", nil
		_, err := tx.Accounts().Update(ctx, b)
		return err
	})
	got := getAccount(t, s, a.ID)
	require.Equal(t, "ada", got.Username)
	require.Equal(t, []string{auth.AdministratorGroup}, got.Groups)
	require.Equal(t, int64(1), got.Version)
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Accounts().ByUsername(ctx, "lovelace")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.Accounts().ByUsername(ctx, "ada")
		require.NoError(t, err)
		return nil
	})
}

func testRollbackDisableLogin(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, NewSession("s-1", a.ID, hashOf("s-1"), at(0))))
		return tx.PasswordTokens().Create(ctx, NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0)))
	})
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		_, err := auth.DisableLoginIn(ctx, tx, auth.DisableLogin{AccountID: a.ID, PasswordHash: "!", At: at(10), Reason: "deactivated"})
		return err
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().Get(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, a, got)
		c, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, NewCredentials(a.ID), c)
		f, err := tx.Sessions().Lookup(ctx, hashOf("s-1"))
		require.NoError(t, err)
		require.False(t, f.Session.Revoked())
		l, err := tx.PasswordTokens().Find(ctx, hashOf("t-1"))
		require.NoError(t, err)
		require.Nil(t, l.UsedAt)
		return nil
	})
}

func testRollbackSecurityGroups(t *testing.T, s Store) {
	kept := auth.SecurityGroup{ID: "sg-1", Name: "Intake", CreatedAt: at(0), UpdatedAt: at(0)}
	doomed := auth.SecurityGroup{ID: "sg-2", Name: "Billing", CreatedAt: at(0), UpdatedAt: at(0)}
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Create(ctx, kept) })
	kept.Version = 1
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.SecurityGroups().Create(ctx, doomed))
		k := kept
		k.Name = "Renamed"
		if _, err := tx.SecurityGroups().Update(ctx, k); err != nil {
			return err
		}
		return nil
	})
	rolledBack(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, kept.ID) })
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), doomed.ID)
		requireCode(t, err, carenet.NotFound)
		got, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), kept.ID)
		require.NoError(t, err)
		requireEqual(t, kept, got)
		return nil
	})
	// Both names are still what they were: "Billing" free, "Intake" taken.
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Create(ctx, doomed) })
	update(t, s.Auth(), func(tx auth.Tx) error {
		err := tx.SecurityGroups().Create(ctx, auth.SecurityGroup{ID: "sg-3", Name: "Renamed"})
		require.NoError(t, err, "the name of a rolled-back rename is still taken")
		err = tx.SecurityGroups().Create(ctx, auth.SecurityGroup{ID: "sg-4", Name: "Intake"})
		requireCode(t, err, carenet.Conflict)
		return nil
	})
}

func testRollbackSessions(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	kept := NewSession("s-1", a.ID, hashOf("s-1"), at(0))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Sessions().Create(ctx, kept) })
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, NewSession("s-2", a.ID, hashOf("s-2"), at(1))))
		require.NoError(t, tx.Sessions().Touch(ctx, kept.ID, at(30)))
		n, err := auth.RevokeSessions(ctx, tx.Sessions(), a.ID, at(40), "logout", "")
		require.NoError(t, err)
		require.Equal(t, 2, n)
		return nil
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Sessions().Lookup(ctx, hashOf("s-2"))
		requireCode(t, err, carenet.NotFound)
		list, err := tx.Sessions().ListByAccount(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, []auth.Session{kept}, list)
		return nil
	})
}

func testRollbackPasswordTokens(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	kept := NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.PasswordTokens().Create(ctx, kept) })
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasswordTokens().Create(ctx, NewPasswordToken("t-2", a.ID, hashOf("t-2"), at(0))))
		_, err := tx.PasswordTokens().Consume(ctx, kept.TokenHash, at(5))
		return err
	})
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.PasswordTokens().Find(ctx, hashOf("t-2"))
		requireCode(t, err, carenet.NotFound)
		got, err := tx.PasswordTokens().Find(ctx, kept.TokenHash)
		require.NoError(t, err)
		requireEqual(t, kept, got)
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.PasswordTokens().Consume(ctx, kept.TokenHash, at(6))
		return err
	})
}

func testRollbackAudit(t *testing.T, s Store) {
	update(t, s.Audit(), func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, event("e-1", "p-1", "test.one", "person", "p-1", 0))
		return err
	})
	rolledBack(t, s.Audit(), func(tx audit.Tx) error {
		for _, id := range []string{"e-x", "e-y"} {
			if _, err := tx.Audit().Append(ctx, event(id, "p-1", "test.lost", "person", "p-1", 1)); err != nil {
				return err
			}
		}
		return nil
	})
	second := updateValue(t, s.Audit(), func(tx audit.Tx) (audit.Event, error) {
		return tx.Audit().Append(ctx, event("e-2", "p-1", "test.two", "person", "p-1", 2))
	})
	events := listEvents(t, s)
	require.Equal(t, int64(2), events[len(events)-1].Seq, "a rolled-back append left a gap")
	require.Len(t, events, 2)
	require.Equal(t, []string{"e-1", "e-2"}, []string{events[0].ID, events[1].ID})
	head, err := audit.Verify(events)
	require.NoError(t, err)
	require.Equal(t, events[1].Head(), head)
	require.Equal(t, second.ID, events[1].ID)
}

func testRollbackPersonnelGroups(t *testing.T, s Store) {
	ada, grace := NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper")
	createPerson(t, s, ada, grace)
	g := personnel.Group{ID: "g-1", Name: "MDT", CreatedAt: at(0), UpdatedAt: at(0)}
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.PersonnelGroups().Create(ctx, g))
		return tx.PersonnelGroups().AddMember(ctx, g.ID, ada.ID, at(1))
	})
	g.Version = 1
	rolledBack(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.PersonnelGroups().Create(ctx, personnel.Group{ID: "g-2", Name: "Other"}))
		require.NoError(t, tx.PersonnelGroups().AddMember(ctx, g.ID, grace.ID, at(2)))
		require.NoError(t, tx.PersonnelGroups().RemoveMember(ctx, g.ID, ada.ID))
		x := g
		x.Name = "Renamed"
		if _, err := tx.PersonnelGroups().Update(ctx, x); err != nil {
			return err
		}
		return tx.PersonnelGroups().Delete(ctx, g.ID)
	})
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := personnel.GroupByID(ctx, tx.PersonnelGroups(), "g-2")
		requireCode(t, err, carenet.NotFound)
		got, err := personnel.GroupByID(ctx, tx.PersonnelGroups(), g.ID)
		require.NoError(t, err)
		requireEqual(t, g, got)
		members, err := tx.PersonnelGroups().Members(ctx, g.ID)
		require.NoError(t, err)
		require.Len(t, members, 1)
		require.Equal(t, ada.ID, members[0].Person.ID)
		require.True(t, at(1).Equal(members[0].AddedAt))
		refs, err := tx.People().References(ctx, grace.ID)
		require.NoError(t, err)
		require.Empty(t, refs)
		return nil
	})
}

func testRollbackPanic(t *testing.T, s Store) {
	type boom struct{ n int }
	func() {
		defer func() {
			require.Equal(t, boom{42}, recover(), "Update did not re-raise the panic")
		}()
		_ = s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			require.NoError(t, tx.People().Create(ctx, NewPerson("p-1", "Ada", "Lovelace")))
			_, err := tx.Audit().Append(ctx, event("e-1", "p-1", "test.panic", "person", "p-1", 0))
			require.NoError(t, err)
			panic(boom{42})
		})
		t.Fatal("Update returned after a panic")
	}()
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-1")
		requireCode(t, err, carenet.NotFound)
		events, err := tx.Audit().List(ctx, audit.Filter{})
		require.NoError(t, err)
		require.Empty(t, events)
		return nil
	})
	// The store is usable after the panic.
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
}

func testRollbackCanceledCall(t *testing.T, s Store) {
	c, cancel := context.WithCancel(context.Background())
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		require.NoError(t, tx.People().Create(ctx, NewPerson("p-1", "Ada", "Lovelace")))
		cancel()
		return tx.People().Create(c, NewPerson("p-2", "Grace", "Hopper"))
	})
	requireCode(t, err, carenet.Canceled)
	require.Empty(t, searchAll(t, s))
}
