package postgres_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// TestServiceStatementCounts counts what the services send for their hot
// operations, through a counting connector, and holds them to budget:
// deactivation is one transaction of at most 7 statements (9 for an
// administrator, whom a rule keeps from being the last; one of them reads
// what the person still holds that someone must take over), authenticating
// a session is 1 query outside any transaction, and no count grows with
// the number of rows involved (no query per row).
func TestServiceStatementCounts(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	sv := newServices(t, s)
	measure := func(name string, fn func()) (statements, txControl int) {
		t.Helper()
		counter.Reset()
		fn()
		statements, txControl = len(counter.Statements()), counter.TxControl()
		t.Logf("%-52s %d statement(s), %d transaction control", name, statements, txControl)
		return statements, txControl
	}

	t.Run("Deactivate", func(t *testing.T) {
		var counts []int
		for _, sessions := range []int{1, 12} {
			p, username := sv.user(t, "Counted")
			for range sessions {
				sv.login(t, username)
			}
			_, err := sv.auth.IssuePasswordLink(ctx, sv.admin, p.Login.AccountID)
			require.NoError(t, err)
			n, tx := measure(fmt.Sprintf("Deactivate (login, %d sessions, a link)", sessions), func() {
				d, err := sv.people.Deactivate(ctx, sv.admin, p.ID, "left")
				require.NoError(t, err)
				require.Equal(t, sessions, d.SessionsRevoked)
			})
			// The user is an administrator: the rule that one must remain
			// adds two statements (a lock, then the administrators).
			require.LessOrEqual(t, n, 9, "deactivation statements")
			require.Equal(t, 2, tx, "one transaction: BEGIN and COMMIT")
			counts = append(counts, n)
		}
		require.Equal(t, counts[0], counts[1], "the count does not grow with the sessions revoked or the administrators")

		partner, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Pat", FamilyName: "Partner", AgencyKind: personnel.AgencyProsecution},
			Login:  &auth.LoginSpec{Username: uniq("partner"), Password: servicePassword, Groups: []string{auth.ReferralUserGroup}},
		})
		require.NoError(t, err)
		n, tx := measure("Deactivate (a login that is no administrator)", func() {
			_, err := sv.people.Deactivate(ctx, sv.admin, partner.Profile.ID, "left")
			require.NoError(t, err)
		})
		require.LessOrEqual(t, n, 7)
		require.Equal(t, 2, tx)

		c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{Fields: personnel.Fields{
			GivenName: "Carl", FamilyName: "Contact", AgencyKind: personnel.AgencyMedical}})
		require.NoError(t, err)
		n, tx = measure("Deactivate (contact without a login)", func() {
			_, err := sv.people.Deactivate(ctx, sv.admin, c.Profile.ID, "retired")
			require.NoError(t, err)
		})
		require.LessOrEqual(t, n, 7)
		require.Equal(t, 2, tx)
	})

	t.Run("AuthenticateSession", func(t *testing.T) {
		_, username := sv.user(t, "Authed")
		tok := sv.login(t, username).Token
		n, tx := measure("Authenticate (the groups not cached yet)", func() {
			_, err := sv.auth.Authenticate(ctx, tok)
			require.NoError(t, err)
		})
		require.Equal(t, 2, n, "the first authentication of a group's member also reads the group")
		require.Zero(t, tx, "outside a transaction")
		n, tx = measure("Authenticate", func() {
			p, err := sv.auth.Authenticate(ctx, tok)
			require.NoError(t, err)
			require.True(t, p.Can(auth.ViewAudit))
		})
		require.Equal(t, 1, n, "authenticating a session is one query")
		require.Zero(t, tx, "and runs outside a transaction")
	})

	t.Run("Search", func(t *testing.T) {
		family := uniq("Searched")
		for i := range 30 {
			_, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{Fields: personnel.Fields{
				GivenName: fmt.Sprintf("G%02d", i), FamilyName: family, AgencyKind: personnel.AgencyCAC}})
			require.NoError(t, err)
		}
		var counts []int
		for _, limit := range []int{2, 25} {
			n, tx := measure(fmt.Sprintf("Search (page of %d)", limit), func() {
				page, err := sv.people.Search(ctx, sv.admin, personnel.Query{Name: family, Limit: limit})
				require.NoError(t, err)
				require.Len(t, page.People, limit)
			})
			require.Equal(t, 1, n, "a search page is one query")
			require.Equal(t, 2, tx)
			counts = append(counts, n)
		}
		require.Equal(t, counts[0], counts[1])
	})

	t.Run("GroupMembers", func(t *testing.T) {
		var counts []int
		for _, size := range []int{1, 15} {
			g, err := sv.people.CreateGroup(ctx, sv.admin, uniq("MDT"), "")
			require.NoError(t, err)
			for i := range size {
				c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{Fields: personnel.Fields{
					GivenName: fmt.Sprintf("M%02d", i), FamilyName: "Member", AgencyKind: personnel.AgencyCAC}})
				require.NoError(t, err)
				require.NoError(t, sv.people.AddMember(ctx, sv.admin, g.ID, c.Profile.ID))
			}
			n, _ := measure(fmt.Sprintf("Expand (group of %d)", size), func() {
				active, err := sv.people.Expand(ctx, sv.admin, g.ID)
				require.NoError(t, err)
				require.Len(t, active, size)
			})
			counts = append(counts, n)
		}
		require.Equal(t, counts[0], counts[1], "expanding a group does not query per member")
	})

	t.Run("LoginAndEdit", func(t *testing.T) {
		p, username := sv.user(t, "Logged")
		n, _ := measure("Login", func() { sv.login(t, username) })
		require.LessOrEqual(t, n, 11, "login: a read transaction of 2, a write transaction of 8")
		title := "Advocate"
		n, tx := measure("Edit (title)", func() {
			_, err := sv.people.Edit(ctx, sv.admin, p.ID, p.Version, personnel.Update{Title: &title})
			require.NoError(t, err)
		})
		require.LessOrEqual(t, n, 7)
		require.Equal(t, 2, tx)
	})
}
