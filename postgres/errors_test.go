package postgres_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// TestErrorCodes provokes every kind of failure and checks its code, that
// its message is the store's own and that the driver's error stays in the
// chain for logs.
func TestErrorCodes(t *testing.T) {
	s, _ := sharedStore(t)
	p, a := user(t, s, "codes")

	t.Run("NotFound/NoRow", func(t *testing.T) {
		err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
			_, err := tx.People().Get(ctx, uniq("missing"))
			return err
		})
		requireCode(t, err, carenet.NotFound)
	})
	t.Run("NotFound/ForeignKeyOnInsert", func(t *testing.T) {
		err := s.Auth().Update(ctx, func(tx auth.Tx) error {
			id := uniq("a")
			return tx.Accounts().Create(ctx, account(id, uniq("p-missing"), uniq("ghost")), credentials(id))
		})
		requireCode(t, err, carenet.NotFound)
		require.Equal(t, "the person does not exist", carenet.ErrorMessage(err))
		_, _, ok := postgres.ServerError(err)
		require.True(t, ok, "the driver's error is not in the chain")
	})
	t.Run("Conflict/UniqueOnCreate", func(t *testing.T) {
		// A Create refused by a unique key leaves the transaction usable.
		q := person(uniq("p"), "Other", "Person")
		b := account(uniq("a"), q.ID, uniq("other"))
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			if err := tx.People().Create(ctx, q); err != nil {
				return err
			}
			err := tx.Accounts().Create(ctx, account(uniq("a"), q.ID, a.Username), credentials(""))
			requireCode(t, err, carenet.Conflict)
			require.Equal(t, "the username is already taken", carenet.ErrorMessage(err))
			err = tx.Accounts().Create(ctx, account(a.ID, q.ID, uniq("other")), credentials(""))
			requireCode(t, err, carenet.Conflict)
			require.Equal(t, "an account with this id already exists", carenet.ErrorMessage(err))
			return tx.Accounts().Create(ctx, b, credentials(b.ID))
		}))
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			return tx.Accounts().Create(ctx, account(uniq("a"), q.ID, uniq("third")), credentials(""))
		})
		requireCode(t, err, carenet.Conflict)
		require.Equal(t, "the person already has a login", carenet.ErrorMessage(err))
	})
	t.Run("Conflict/UniqueOnUpdate", func(t *testing.T) {
		_, b := user(t, s, "other")
		b.Username = a.Username
		err := s.Auth().Update(ctx, func(tx auth.Tx) error {
			_, err := tx.Accounts().Update(ctx, b)
			return err
		})
		requireCode(t, err, carenet.Conflict)
		require.Equal(t, "the username is already taken", carenet.ErrorMessage(err))
		_, _, ok := postgres.ServerError(err)
		require.True(t, ok, "the driver's error is not in the chain")
	})
	t.Run("Conflict/StaleVersion", func(t *testing.T) {
		stale := p
		stale.Version = 99
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			_, err := tx.People().Update(ctx, stale)
			return err
		})
		requireCode(t, err, carenet.Conflict)
	})
	t.Run("InUse", func(t *testing.T) {
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Delete(ctx, p.ID) })
		requireCode(t, err, carenet.InUse)
		require.Equal(t, "the person has a login", carenet.ErrorMessage(err))
		g := auth.SecurityGroup{ID: uniq("sg"), Name: uniq("Group")}
		require.NoError(t, s.Auth().Update(ctx, func(tx auth.Tx) error {
			if err := tx.SecurityGroups().Create(ctx, g); err != nil {
				return err
			}
			b := a
			b.Groups = []string{g.ID}
			_, err := tx.Accounts().Update(ctx, b)
			return err
		}))
		a.Version++
		err = s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, g.ID) })
		requireCode(t, err, carenet.InUse)
	})
	t.Run("Invalid/Check", func(t *testing.T) {
		q := person(uniq("p"), "Ada", "Lovelace")
		q.State = "retired"
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, q) })
		requireCode(t, err, carenet.Invalid)
		require.Equal(t, "the state must be active or inactive", carenet.ErrorMessage(err))
		q.State, q.AgencyKind = personnel.Active, "fbi"
		err = s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, q) })
		requireCode(t, err, carenet.Invalid)
	})
	t.Run("Invalid/Data", func(t *testing.T) {
		q := person(uniq("p"), "Ada\x00", "Lovelace")
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, q) })
		requireCode(t, err, carenet.Invalid)
	})
	t.Run("Forbidden/BuiltInGroup", func(t *testing.T) {
		err := s.Auth().Update(ctx, func(tx auth.Tx) error {
			g, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), auth.AdministratorGroup)
			if err != nil {
				return err
			}
			g.Name = "Root"
			_, err = tx.SecurityGroups().Update(ctx, g)
			return err
		})
		requireCode(t, err, carenet.Forbidden)
		err = s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, auth.ReferralUserGroup) })
		requireCode(t, err, carenet.Forbidden)
	})
	t.Run("Canceled", func(t *testing.T) {
		c, cancel := context.WithCancel(ctx)
		cancel()
		err := s.Personnel().View(c, func(tx personnel.Tx) error { return nil })
		requireCode(t, err, carenet.Canceled)
		require.True(t, errors.Is(err, context.Canceled))
	})
	t.Run("Internal/WriteInView", func(t *testing.T) {
		err := s.Personnel().View(ctx, func(tx personnel.Tx) error {
			return tx.People().Create(ctx, person(uniq("p"), "Ada", "Lovelace"))
		})
		requireCode(t, err, carenet.Internal)
		require.Equal(t, "internal error", carenet.ErrorMessage(err))
	})
	t.Run("Internal/HandleUsedAfterReturn", func(t *testing.T) {
		var leaked personnel.Tx
		require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
			leaked = tx
			return nil
		}))
		_, err := leaked.People().Get(ctx, p.ID)
		requireCode(t, err, carenet.Internal)
		var repo personnel.PersonRepository
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			repo = tx.People()
			return nil
		}))
		err = repo.Create(ctx, person(uniq("p"), "Ada", "Lovelace"))
		requireCode(t, err, carenet.Internal)
	})
	t.Run("Internal/AbortedTransaction", func(t *testing.T) {
		// After a failed statement the transaction is aborted: a later call
		// fails too, and the store does not commit.
		id := uniq("p")
		err := s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			bad := person(uniq("p"), "Ada", "Lovelace")
			bad.State = "retired"
			requireCode(t, tx.People().Create(ctx, bad), carenet.Invalid)
			requireCode(t, tx.People().Create(ctx, person(id, "Ada", "Lovelace")), carenet.Internal)
			return nil
		})
		requireCode(t, err, carenet.Internal)
		err = s.Personnel().View(ctx, func(tx personnel.Tx) error {
			_, err := tx.People().Get(ctx, id)
			return err
		})
		requireCode(t, err, carenet.NotFound)
	})
}
