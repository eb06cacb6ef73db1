package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
)

// TestSessionGroupsSeenAtOnceAcrossStores proves that the security groups
// a store keeps in memory for authenticating sessions never outlive what
// the database holds: a group changed, changed behind the SDK's back (no
// new version), deleted and created again under the same ID and version,
// deleted, or left by the account, through another store on the same
// database (another host process), is seen by the very next
// authentication; and that a group whose definition is cached costs no
// statement.
func TestSessionGroupsSeenAtOnceAcrossStores(t *testing.T) {
	name := newDatabase(t, true)
	here, counter := countingStore(t, name)
	svHere := newServices(t, here)
	db := openDB(t, name, nil)
	there := postgres.New(db, postgres.WithBackgroundSealer(false))
	svThere := newServices(t, there)

	audit, err := svThere.auth.CreateSecurityGroup(ctx, svThere.admin, uniq("Auditors"), "", auth.NewPermissionSet(auth.ViewAudit))
	require.NoError(t, err)
	videos, err := svThere.auth.CreateSecurityGroup(ctx, svThere.admin, uniq("Video"), "", auth.NewPermissionSet(auth.ViewVideos))
	require.NoError(t, err)
	username := uniq("member")
	member, err := svThere.people.Create(ctx, svThere.admin, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Mia", FamilyName: "Member", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: username, Password: servicePassword, Groups: []string{audit.ID}},
	})
	require.NoError(t, err)
	token := svHere.login(t, username).Token

	// authenticate authenticates token through here and returns what the
	// principal may do, and how many statements it took.
	authenticate := func() (canAudit, canVideos bool, statements int) {
		t.Helper()
		counter.Reset()
		p, err := svHere.auth.Authenticate(ctx, token)
		require.NoError(t, err)
		return p.Can(auth.ViewAudit), p.Can(auth.ViewVideos), len(counter.Statements())
	}
	requireCan := func(step string, wantAudit, wantVideos bool) {
		t.Helper()
		canAudit, canVideos, _ := authenticate()
		require.Equal(t, wantAudit, canAudit, "%s: audit.view", step)
		require.Equal(t, wantVideos, canVideos, "%s: videos.view", step)
	}

	_, _, n := authenticate()
	require.Equal(t, 2, n, "a group not cached yet costs a second statement")
	canAudit, canVideos, n := authenticate()
	require.True(t, canAudit)
	require.False(t, canVideos)
	require.Equal(t, 1, n, "a cached group costs nothing more")

	// Changed through the other store.
	perms := auth.NewPermissionSet(auth.ViewVideos)
	audit, err = svThere.auth.UpdateSecurityGroup(ctx, svThere.admin, audit.ID, audit.Version, auth.SecurityGroupUpdate{Permissions: &perms})
	require.NoError(t, err)
	requireCan("group's permissions changed", false, true)
	_, _, n = authenticate()
	require.Equal(t, 1, n, "the new definition is cached")

	// Changed behind the SDK's back: the same version, another row.
	_, err = db.ExecContext(ctx, `UPDATE carenet.security_groups SET permissions = ARRAY['audit.view'] WHERE id = $1`, audit.ID)
	require.NoError(t, err)
	requireCan("group changed without a new version", true, false)

	// Deleted and created again under the same ID and version.
	_, err = db.ExecContext(ctx, `WITH gone AS (DELETE FROM carenet.account_groups WHERE group_id = $1 RETURNING account_id, position),
		g AS (DELETE FROM carenet.security_groups WHERE id = $1 RETURNING *)
		SELECT 1 FROM gone, g`, audit.ID)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO carenet.security_groups (id, name, name_key, description, permissions, built_in, version, created_at, updated_at)
		VALUES ($1, $2, lower($2), '', ARRAY['videos.view'], false, $3, now(), now())`, audit.ID, audit.Name, audit.Version)
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `INSERT INTO carenet.account_groups (account_id, group_id, position) VALUES ($1, $2, 1)`,
		member.Profile.Login.AccountID, audit.ID)
	require.NoError(t, err)
	requireCan("group deleted and created again, same ID and version", false, true)

	// Membership removed through the other store.
	_, err = svThere.people.SetSecurityGroups(ctx, svThere.admin, member.Profile.ID, []string{videos.ID})
	require.NoError(t, err)
	_, err = db.ExecContext(ctx, `UPDATE carenet.security_groups SET permissions = ARRAY['audit.view', 'videos.view'] WHERE id = $1`, audit.ID)
	require.NoError(t, err)
	requireCan("membership removed", false, true)

	// Deleted: the account's other group remains.
	_, err = svThere.people.SetSecurityGroups(ctx, svThere.admin, member.Profile.ID, []string{audit.ID, videos.ID})
	require.NoError(t, err)
	requireCan("membership added", true, true)
	_, err = svThere.people.SetSecurityGroups(ctx, svThere.admin, member.Profile.ID, []string{videos.ID})
	require.NoError(t, err)
	require.NoError(t, svThere.auth.DeleteSecurityGroup(ctx, svThere.admin, audit.ID))
	auditNow := auth.NewPermissionSet(auth.ViewAudit)
	_, err = svThere.auth.UpdateSecurityGroup(ctx, svThere.admin, videos.ID, videos.Version, auth.SecurityGroupUpdate{Permissions: &auditNow})
	require.NoError(t, err)
	requireCan("a group deleted, the other changed", true, false)
}
