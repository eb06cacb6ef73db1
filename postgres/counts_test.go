package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
)

// TestStatementCounts measures the statements each hot operation sends, on
// a connection whose statements are counted, and holds them to their
// budget.
func TestStatementCounts(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	p, a := user(t, s, "counted", auth.AdministratorGroup)
	sess := session(a.ID)
	g := personnel.Group{ID: uniq("g"), Name: uniq("Group"), CreatedAt: epoch, UpdatedAt: epoch}
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		require.NoError(t, tx.Sessions().Create(ctx, sess))
		require.NoError(t, tx.PasswordTokens().Create(ctx, auth.PasswordToken{ID: uniq("t"), AccountID: a.ID,
			Purpose: auth.PurposeSetPassword, TokenHash: randomHex(32), CreatedAt: epoch, ExpiresAt: epoch.Add(time.Hour)}))
		require.NoError(t, tx.PersonnelGroups().Create(ctx, g))
		return tx.PersonnelGroups().AddMember(ctx, g.ID, p.ID, epoch)
	}))

	// measure runs fn and checks it sent want statements (transaction
	// control aside) and wantTx BEGIN/COMMIT/ROLLBACK.
	measure := func(name string, want, wantTx int, fn func()) {
		t.Helper()
		requireStatements(t, counter, name, want, wantTx, fn)
	}

	looker, ok := s.Auth().(auth.SessionLooker)
	require.True(t, ok, "Auth() does not implement auth.SessionLooker")
	measure("LookupSession (its group not cached yet)", 2, 0, func() {
		f, err := looker.LookupSession(ctx, sess.TokenHash)
		require.NoError(t, err)
		require.Equal(t, []string{auth.AdministratorGroup}, f.Account.Groups)
	})
	measure("LookupSession (outside a transaction)", 1, 0, func() {
		f, err := looker.LookupSession(ctx, sess.TokenHash)
		require.NoError(t, err)
		require.Equal(t, a.ID, f.Account.ID)
		require.Equal(t, []string{auth.AdministratorGroup}, f.Account.Groups)
		require.Len(t, f.Groups, 1)
		require.True(t, f.Groups[0].Permissions.Has(auth.ViewAudit))
		require.Equal(t, p.ID, f.Holder.PersonID)
		require.True(t, f.Holder.Active)
	})
	view := func(fn func(tx personnel.Tx)) func() {
		return func() {
			require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error { fn(tx); return nil }))
		}
	}
	measure("Sessions.Lookup", 1, 2, view(func(tx personnel.Tx) {
		_, err := tx.Sessions().Lookup(ctx, sess.TokenHash)
		require.NoError(t, err)
	}))
	measure("People.Get", 1, 2, view(func(tx personnel.Tx) {
		_, err := tx.People().Get(ctx, p.ID)
		require.NoError(t, err)
	}))
	measure("Accounts.ByUsername", 1, 2, view(func(tx personnel.Tx) {
		_, err := tx.Accounts().ByUsername(ctx, a.Username)
		require.NoError(t, err)
	}))
	measure("People.Search", 1, 2, view(func(tx personnel.Tx) {
		people, err := tx.People().Search(ctx, personnel.SearchQuery{Terms: []string{"familycounted", "givencounted"},
			UsernamePrefix: a.Username[:5], States: []personnel.State{personnel.Active}, Limit: 20})
		require.NoError(t, err)
		require.NotEmpty(t, people)
	}))
	measure("PersonnelGroups.Members", 1, 2, view(func(tx personnel.Tx) {
		members, err := tx.PersonnelGroups().Members(ctx, g.ID)
		require.NoError(t, err)
		require.Len(t, members, 1)
	}))
	measure("People.References", 1, 2, view(func(tx personnel.Tx) {
		refs, err := tx.People().References(ctx, p.ID)
		require.NoError(t, err)
		require.NotEmpty(t, refs)
	}))
	measure("Accounts.Groups", 1, 2, view(func(tx personnel.Tx) {
		groups, err := tx.Accounts().Groups(ctx, []string{auth.AdministratorGroup, auth.ReferralUserGroup})
		require.NoError(t, err)
		require.Len(t, groups, 2)
	}))
	measure("Audit.Append", 1, 2, func() {
		require.NoError(t, s.Audit().Update(ctx, func(tx audit.Tx) error {
			_, err := tx.Audit().Append(ctx, audit.Event{ID: uniq("e"), At: epoch, Action: "test.count"})
			return err
		}))
	})
	q := person(uniq("p"), "Grace", "Hopper")
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error { return tx.People().Create(ctx, q) }))
	measure("Accounts.Create (account, credentials, groups)", 1, 2, func() {
		require.NoError(t, s.Auth().Update(ctx, func(tx auth.Tx) error {
			id := uniq("a")
			return tx.Accounts().Create(ctx, account(id, q.ID, uniq("grace"), auth.AdministratorGroup, auth.ReferralUserGroup), credentials(id))
		}))
	})
	var b auth.Account
	require.NoError(t, s.Auth().View(ctx, func(tx auth.Tx) (err error) {
		b, err = tx.Accounts().ByPerson(ctx, q.ID)
		return err
	}))
	measure("Accounts.Update (account and groups)", 1, 2, func() {
		require.NoError(t, s.Auth().Update(ctx, func(tx auth.Tx) error {
			b.Groups = []string{auth.ReferralUserGroup}
			got, err := tx.Accounts().Update(ctx, b)
			require.Equal(t, []string{auth.ReferralUserGroup}, got.Groups)
			return err
		}))
	})
	measure("Accounts.DisableLogin", 1, 2, func() {
		require.NoError(t, s.Auth().Update(ctx, func(tx auth.Tx) error {
			res, err := tx.Accounts().(auth.LoginDisabler).DisableLogin(ctx, auth.DisableLogin{AccountID: a.ID, PasswordHash: "!", At: epoch.Add(time.Hour), Reason: "deactivated"})
			require.NoError(t, err)
			require.Equal(t, 1, res.SessionsRevoked)
			require.Equal(t, 1, res.LinksInvalidated)
			require.True(t, res.WasActive)
			return err
		}))
	})
	measure("deactivation (Get, ByPerson, Update, DisableLogin, Append)", 5, 2, func() {
		require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
			q, err := tx.People().Get(ctx, p.ID)
			if err != nil {
				return err
			}
			acct, err := tx.Accounts().ByPerson(ctx, q.ID)
			if err != nil {
				return err
			}
			q.State, q.StateChangedAt, q.StateReason = personnel.Inactive, epoch.Add(time.Hour), "left"
			if _, err := tx.People().Update(ctx, q); err != nil {
				return err
			}
			if _, err := tx.Accounts().(auth.LoginDisabler).DisableLogin(ctx, auth.DisableLogin{AccountID: acct.ID, PasswordHash: "!", At: epoch.Add(time.Hour), Reason: "deactivated"}); err != nil {
				return err
			}
			_, err = tx.Audit().Append(ctx, audit.Event{ID: uniq("e"), At: epoch.Add(time.Hour), ActorID: p.ID, Action: "personnel.deactivate", TargetType: "person", TargetID: p.ID})
			return err
		}))
	})
}

// requireStatements runs fn and checks it sent want statements
// (transaction control aside) and wantTx BEGIN, COMMIT or ROLLBACK, and logs
// both counts under name.
func requireStatements(t *testing.T, counter *sqlcount.Connector, name string, want, wantTx int, fn func()) {
	t.Helper()
	counter.Reset()
	fn()
	got := counter.Statements()
	t.Logf("%-62s %d statement(s), %d transaction control", name, len(got), counter.TxControl())
	require.Len(t, got, want, "%s: %v", name, got)
	require.Equal(t, wantTx, counter.TxControl(), name)
}
