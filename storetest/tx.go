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

var txCases = []testCase{
	{"CommitIsVisible", testCommitIsVisible},
	{"UpdateCanceledContext", testUpdateCanceledContext},
	{"ViewCanceledContext", testViewCanceledContext},
	{"RepositoryCanceledContext", testRepositoryCanceledContext},
	{"ViewCannotWrite", testViewCannotWrite},
	{"BoundariesShareData", testBoundariesShareData},
}

func testCommitIsVisible(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"))
	require.Equal(t, "Ada", getPerson(t, s, "p-1").GivenName)
}

func testUpdateCanceledContext(t *testing.T, s Store) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	err := s.Personnel().Update(c, func(tx personnel.Tx) error {
		ran = true
		return tx.People().Create(c, NewPerson("p-1", "Ada", "Lovelace"))
	})
	requireCode(t, err, carenet.Canceled)
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-1")
		requireCode(t, err, carenet.NotFound, "a cancelled transaction (ran=%v) stored the person", ran)
		return nil
	})
}

func testViewCanceledContext(t *testing.T, s Store) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	err := s.Auth().View(c, func(tx auth.Tx) error {
		_, err := tx.SecurityGroups().List(c)
		return err
	})
	requireCode(t, err, carenet.Canceled)
}

func testRepositoryCanceledContext(t *testing.T, s Store) {
	c, cancel := context.WithCancel(context.Background())
	cancel()
	err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		return tx.People().Create(c, NewPerson("p-1", "Ada", "Lovelace"))
	})
	requireCode(t, err, carenet.Canceled)
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, "p-1")
		requireCode(t, err, carenet.NotFound)
		_, err = tx.People().Get(c, "p-1")
		requireCode(t, err, carenet.Canceled)
		return nil
	})
}

// testViewCannotWrite tries every write of every repository in a View and
// checks that each fails and that nothing changed.
func testViewCannotWrite(t *testing.T, s Store) {
	p, a := createUser(t, s, "viewer")
	sess := NewSession("s-1", a.ID, hashOf("s-1"), at(0))
	link := NewPasswordToken("t-1", a.ID, hashOf("t-1"), at(0))
	g := personnel.Group{ID: "g-1", Name: "MDT", CreatedAt: at(0), UpdatedAt: at(0)}
	sg := auth.SecurityGroup{ID: "sg-1", Name: "Intake", CreatedAt: at(0), UpdatedAt: at(0)}
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, sess))
		require.NoError(t, tx.PasswordTokens().Create(ctx, link))
		require.NoError(t, tx.PersonnelGroups().Create(ctx, g))
		return tx.SecurityGroups().Create(ctx, sg)
	})
	g.Version, sg.Version = 1, 1
	other := NewPerson("p-2", "Grace", "Hopper")
	writes := map[string]func(tx personnel.Tx) error{
		"People.Create": func(tx personnel.Tx) error { return tx.People().Create(ctx, other) },
		"People.Update": func(tx personnel.Tx) error {
			q := p
			q.GivenName = "Changed"
			_, err := tx.People().Update(ctx, q)
			return err
		},
		"People.Delete": func(tx personnel.Tx) error { return tx.People().Delete(ctx, p.ID) },
		"Accounts.Create": func(tx personnel.Tx) error {
			return tx.Accounts().Create(ctx, NewAccount("a-2", p.ID, "second"), NewCredentials("a-2"))
		},
		"Accounts.Update": func(tx personnel.Tx) error {
			b := a
			b.Active = false
			_, err := tx.Accounts().Update(ctx, b)
			return err
		},
		"Accounts.SetCredentials": func(tx personnel.Tx) error {
			c := NewCredentials(a.ID)
			c.FailedLogins = 3
			return tx.Accounts().SetCredentials(ctx, c)
		},
		"auth.DisableLoginIn": func(tx personnel.Tx) error {
			_, err := auth.DisableLoginIn(ctx, tx, auth.DisableLogin{AccountID: a.ID, PasswordHash: "x", At: at(1), Reason: "deactivated"})
			return err
		},
		"auth.DeleteAccount": func(tx personnel.Tx) error { return auth.DeleteAccount(ctx, tx, a.ID) },
		"SecurityGroups.Create": func(tx personnel.Tx) error {
			return tx.SecurityGroups().Create(ctx, auth.SecurityGroup{ID: "sg-2", Name: "Other"})
		},
		"SecurityGroups.Update": func(tx personnel.Tx) error {
			x := sg
			x.Name = "Renamed"
			_, err := tx.SecurityGroups().Update(ctx, x)
			return err
		},
		"SecurityGroups.Delete": func(tx personnel.Tx) error { return tx.SecurityGroups().Delete(ctx, sg.ID) },
		"Sessions.Create": func(tx personnel.Tx) error {
			return tx.Sessions().Create(ctx, NewSession("s-2", a.ID, hashOf("s-2"), at(0)))
		},
		"Sessions.Touch":  func(tx personnel.Tx) error { return tx.Sessions().Touch(ctx, sess.ID, at(60)) },
		"Sessions.Revoke": func(tx personnel.Tx) error { return tx.Sessions().Revoke(ctx, sess.ID, at(60), "logout") },
		"auth.RevokeSessions": func(tx personnel.Tx) error {
			_, err := auth.RevokeSessions(ctx, tx.Sessions(), a.ID, at(60), "logout", "")
			return err
		},
		"PasswordTokens.Create": func(tx personnel.Tx) error {
			return tx.PasswordTokens().Create(ctx, NewPasswordToken("t-2", a.ID, hashOf("t-2"), at(0)))
		},
		"PasswordTokens.Consume": func(tx personnel.Tx) error {
			_, err := tx.PasswordTokens().Consume(ctx, link.TokenHash, at(60))
			return err
		},
		"PasswordTokens.InvalidateAll": func(tx personnel.Tx) error {
			_, err := tx.PasswordTokens().InvalidateAll(ctx, a.ID, at(60))
			return err
		},
		"Audit.Append": func(tx personnel.Tx) error {
			_, err := tx.Audit().Append(ctx, event("e-1", p.ID, "test.write", "person", p.ID, 0))
			return err
		},
		"PersonnelGroups.Create": func(tx personnel.Tx) error {
			return tx.PersonnelGroups().Create(ctx, personnel.Group{ID: "g-2", Name: "Other"})
		},
		"PersonnelGroups.Update": func(tx personnel.Tx) error {
			x := g
			x.Name = "Renamed"
			_, err := tx.PersonnelGroups().Update(ctx, x)
			return err
		},
		"PersonnelGroups.Delete": func(tx personnel.Tx) error { return tx.PersonnelGroups().Delete(ctx, g.ID) },
		"PersonnelGroups.AddMember": func(tx personnel.Tx) error {
			return tx.PersonnelGroups().AddMember(ctx, g.ID, p.ID, at(0))
		},
	}
	for name, write := range writes {
		err := s.Personnel().View(ctx, write)
		require.Error(t, err, "%s succeeded in a View", name)
	}
	// Nothing changed.
	view(t, s.Personnel(), func(tx personnel.Tx) error {
		_, err := tx.People().Get(ctx, other.ID)
		requireCode(t, err, carenet.NotFound)
		got, err := tx.People().Get(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, p.GivenName, got.GivenName)
		require.Equal(t, int64(1), got.Version)
		acct, err := tx.Accounts().Get(ctx, a.ID)
		require.NoError(t, err)
		require.True(t, acct.Active)
		require.Equal(t, int64(1), acct.Version)
		_, err = tx.Accounts().Get(ctx, "a-2")
		requireCode(t, err, carenet.NotFound)
		c, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		requireEqual(t, NewCredentials(a.ID), c)
		f, err := tx.Sessions().Lookup(ctx, sess.TokenHash)
		require.NoError(t, err)
		requireEqual(t, sess, f.Session)
		_, err = tx.Sessions().Lookup(ctx, hashOf("s-2"))
		requireCode(t, err, carenet.NotFound)
		l, err := tx.PasswordTokens().Find(ctx, link.TokenHash)
		require.NoError(t, err)
		require.Nil(t, l.UsedAt)
		_, err = tx.PasswordTokens().Find(ctx, hashOf("t-2"))
		requireCode(t, err, carenet.NotFound)
		gotSG, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), sg.ID)
		require.NoError(t, err)
		requireEqual(t, sg, gotSG)
		_, err = auth.SecurityGroupByID(ctx, tx.SecurityGroups(), "sg-2")
		requireCode(t, err, carenet.NotFound)
		gotG, err := personnel.GroupByID(ctx, tx.PersonnelGroups(), g.ID)
		require.NoError(t, err)
		requireEqual(t, g, gotG)
		_, err = personnel.GroupByID(ctx, tx.PersonnelGroups(), "g-2")
		requireCode(t, err, carenet.NotFound)
		members, err := tx.PersonnelGroups().Members(ctx, g.ID)
		require.NoError(t, err)
		require.Empty(t, members)
		events, err := tx.Audit().List(ctx, audit.Filter{})
		require.NoError(t, err)
		require.Empty(t, events)
		return nil
	})
}

// testBoundariesShareData checks that the boundaries of the different
// packages read and write the same data.
func testBoundariesShareData(t *testing.T, s Store) {
	p, a := createUser(t, s, "shared")
	e := updateValue(t, s.Audit(), func(tx audit.Tx) (audit.Event, error) {
		return tx.Audit().Append(ctx, event("e-1", p.ID, "test.shared", "person", p.ID, 0))
	})
	sealLog(t, s)
	view(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Accounts().ByPerson(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, a.ID, got.ID)
		h, err := tx.Accounts().Holder(ctx, p.ID)
		require.NoError(t, err)
		require.Equal(t, p.ID, h.PersonID)
		events, err := tx.Audit().List(ctx, audit.Filter{})
		require.NoError(t, err)
		require.Len(t, events, 1)
		requireEqual(t, audit.Seal(e, audit.Head{}), events[0])
		return nil
	})
}
