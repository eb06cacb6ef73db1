package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

var securityGroupCases = []testCase{
	{"BuiltIns", testSecurityGroupBuiltIns},
	{"CreateAndGet", testSecurityGroupCreateAndGet},
	{"CreateAndGetPlain", func(t *testing.T, s Store) { testSecurityGroupCreateAndGet(t, Plain(s)) }},
	{"CreateDuplicateID", testSecurityGroupCreateDuplicateID},
	{"CreateDuplicateName", testSecurityGroupCreateDuplicateName},
	{"List", testSecurityGroupList},
	{"Update", testSecurityGroupUpdate},
	{"UpdateStaleVersion", testSecurityGroupUpdateStale},
	{"UpdateNameTaken", testSecurityGroupUpdateNameTaken},
	{"BuiltInsForbidden", testSecurityGroupBuiltInsForbidden},
	{"Delete", testSecurityGroupDelete},
	{"DeleteInUse", testSecurityGroupDeleteInUse},
	{"NotFound", testSecurityGroupNotFound},
	{"NotFoundPlain", func(t *testing.T, s Store) { testSecurityGroupNotFound(t, Plain(s)) }},
	{"HostPermissionsKeptByName", testSecurityGroupHostPermissions},
	{"RequireSecondFactor", testSecurityGroupRequireSecondFactor},
	{"SetRequireSecondFactor", testSecurityGroupSetRequireSecondFactor},
}

// testSecurityGroupHostPermissions: a group's host permissions are kept by
// name beside its SDK permissions, on create and update, in Get, List and
// the groups of Accounts().Groups; the SDK set read back holds the SDK's
// permissions only.
func testSecurityGroupHostPermissions(t *testing.T, s Store) {
	g := intake()
	g.HostPermissions = []string{"cases.edit", "clients.view"}
	createSecurityGroup(t, s, g)
	got := getSecurityGroup(t, s, g.ID)
	require.Equal(t, g.HostPermissions, got.HostPermissions)
	require.Equal(t, g.Permissions, got.Permissions)

	got.HostPermissions = []string{"clients.view"}
	got.Permissions = auth.NewPermissionSet(auth.ViewPersonnel)
	updateValue(t, s.Auth(), securityGroupUpdate(got))
	after := getSecurityGroup(t, s, g.ID)
	require.Equal(t, []string{"clients.view"}, after.HostPermissions)
	require.Equal(t, auth.NewPermissionSet(auth.ViewPersonnel), after.Permissions)
	view(t, s.Auth(), func(tx auth.Tx) error {
		list, err := tx.SecurityGroups().List(ctx)
		for _, l := range list {
			if l.ID == g.ID {
				require.Equal(t, []string{"clients.view"}, l.HostPermissions)
			}
		}
		if err != nil {
			return err
		}
		gs, err := tx.Accounts().Groups(ctx, []string{g.ID})
		require.Len(t, gs, 1)
		require.Equal(t, []string{"clients.view"}, gs[0].HostPermissions)
		return err
	})
}

func intake() auth.SecurityGroup {
	return auth.SecurityGroup{
		ID: "sg-intake", Name: "Intake", Description: "Referral intake staff",
		Permissions: auth.NewPermissionSet(auth.ViewPersonnel, auth.ReviewReferrals, auth.SubmitReferrals),
		CreatedAt:   at(0), UpdatedAt: at(0),
	}
}

func createSecurityGroup(t *testing.T, s Store, groups ...auth.SecurityGroup) {
	t.Helper()
	createEach(t, s.Auth(), groups, func(tx auth.Tx, g auth.SecurityGroup) error { return tx.SecurityGroups().Create(ctx, g) })
}

func getSecurityGroup(t *testing.T, s Store, id string) auth.SecurityGroup {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) (auth.SecurityGroup, error) {
		return auth.SecurityGroupByID(ctx, tx.SecurityGroups(), id)
	})
}

// securityGroupUpdate is the update of g, for updateValue and
// updateError.
func securityGroupUpdate(g auth.SecurityGroup) func(tx auth.Tx) (auth.SecurityGroup, error) {
	return func(tx auth.Tx) (auth.SecurityGroup, error) { return tx.SecurityGroups().Update(ctx, g) }
}

func testSecurityGroupBuiltIns(t *testing.T, s Store) {
	for _, want := range auth.BuiltinGroups() {
		got := getSecurityGroup(t, s, want.ID)
		require.Equal(t, want.Name, got.Name)
		require.True(t, got.BuiltIn, want.ID)
		require.Equal(t, want.Permissions, got.Permissions, want.ID)
		require.Positive(t, got.Version)
	}
}

func testSecurityGroupCreateAndGet(t *testing.T, s Store) {
	g := intake()
	g.Version = 9 // ignored: a new group is version 1
	createSecurityGroup(t, s, g)
	g.Version = 1
	requireEqual(t, g, getSecurityGroup(t, s, g.ID))
}

func testSecurityGroupCreateDuplicateID(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		g := intake()
		g.Name = "Another name"
		return tx.SecurityGroups().Create(ctx, g)
	})
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "Intake", getSecurityGroup(t, s, "sg-intake").Name)
}

func testSecurityGroupCreateDuplicateName(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	for _, name := range []string{"Intake", "INTAKE", "intake", "Administrator", "referral user"} {
		err := s.Auth().Update(ctx, func(tx auth.Tx) error {
			return tx.SecurityGroups().Create(ctx, auth.SecurityGroup{ID: "sg-other", Name: name})
		})
		requireCode(t, err, carenet.Conflict, name)
	}
}

func testSecurityGroupList(t *testing.T, s Store) {
	createSecurityGroup(t, s,
		auth.SecurityGroup{ID: "sg-3", Name: "Zeta Team"},
		auth.SecurityGroup{ID: "sg-1", Name: "Intake"},
		auth.SecurityGroup{ID: "sg-2", Name: "Billing"},
	)
	var names []string
	view(t, s.Auth(), func(tx auth.Tx) error {
		list, err := tx.SecurityGroups().List(ctx)
		for _, g := range list {
			names = append(names, g.Name)
		}
		return err
	})
	require.Equal(t, []string{"Administrator", "Billing", "Intake", "Referral User", "Zeta Team"}, names)
}

func testSecurityGroupUpdate(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	g := intake()
	g.Version = 1
	g.Name = "Intake and Review"
	g.Description = "Changed"
	g.Permissions = auth.NewPermissionSet(auth.ViewAudit)
	g.UpdatedAt = at(time.Hour)
	got := updateValue(t, s.Auth(), securityGroupUpdate(g))
	g.Version = 2
	requireEqual(t, g, got, "Update's result")
	requireEqual(t, g, getSecurityGroup(t, s, g.ID), "Get after Update")
	// A change of case of its own name is no clash, and the old name is free.
	g.Name = "INTAKE AND REVIEW"
	got = updateValue(t, s.Auth(), securityGroupUpdate(g))
	require.Equal(t, int64(3), got.Version)
	createSecurityGroup(t, s, auth.SecurityGroup{ID: "sg-new", Name: "Intake"})
}

func testSecurityGroupUpdateStale(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	g := intake()
	g.Version = 1
	updateValue(t, s.Auth(), securityGroupUpdate(g))
	g.Name = "Stale"
	err := updateError(s.Auth(), securityGroupUpdate(g))
	requireCode(t, err, carenet.Conflict)
	got := getSecurityGroup(t, s, g.ID)
	require.Equal(t, "Intake", got.Name)
	require.Equal(t, int64(2), got.Version)
}

func testSecurityGroupUpdateNameTaken(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake(), auth.SecurityGroup{ID: "sg-billing", Name: "Billing"})
	g := intake()
	g.Version = 1
	g.Name = "BILLING"
	err := updateError(s.Auth(), securityGroupUpdate(g))
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "Intake", getSecurityGroup(t, s, g.ID).Name)
}

func testSecurityGroupBuiltInsForbidden(t *testing.T, s Store) {
	for _, b := range auth.BuiltinGroups() {
		g := getSecurityGroup(t, s, b.ID)
		changed := g
		changed.Description = "changed"
		err := updateError(s.Auth(), securityGroupUpdate(changed))
		requireCode(t, err, carenet.Forbidden, "updating %s", b.ID)
		err = s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, b.ID) })
		requireCode(t, err, carenet.Forbidden, "deleting %s", b.ID)
		requireEqual(t, g, getSecurityGroup(t, s, b.ID))
	}
}

func testSecurityGroupDelete(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, "sg-intake") })
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), "sg-intake")
		requireCode(t, err, carenet.NotFound)
		list, err := tx.SecurityGroups().List(ctx)
		require.NoError(t, err)
		require.Len(t, list, len(auth.BuiltinGroups()))
		return nil
	})
	// The name is free again.
	createSecurityGroup(t, s, intake())
}

func testSecurityGroupDeleteInUse(t *testing.T, s Store) {
	createSecurityGroup(t, s, intake())
	_, a := createUser(t, s, "ada", auth.ReferralUserGroup, "sg-intake")
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, "sg-intake") })
	requireCode(t, err, carenet.InUse)
	getSecurityGroup(t, s, "sg-intake")
	a.Groups = []string{auth.ReferralUserGroup}
	updateValue(t, s.Auth(), accountUpdate(a))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, "sg-intake") })
}

func testSecurityGroupNotFound(t *testing.T, s Store) {
	g := intake()
	g.Version = 1
	err := s.Auth().View(ctx, func(tx auth.Tx) error {
		_, err := auth.SecurityGroupByID(ctx, tx.SecurityGroups(), g.ID)
		return err
	})
	requireCode(t, err, carenet.NotFound)
	err = updateError(s.Auth(), securityGroupUpdate(g))
	requireCode(t, err, carenet.NotFound)
	err = s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.SecurityGroups().Delete(ctx, g.ID) })
	requireCode(t, err, carenet.NotFound)
}

// testSecurityGroupRequireSecondFactor: whether a group requires a second
// factor is kept on create and update, and read back by Get, List,
// Accounts().Groups, Sessions().Lookup and the SessionLooker.
func testSecurityGroupRequireSecondFactor(t *testing.T, s Store) {
	g := intake()
	g.RequireSecondFactor = true
	createSecurityGroup(t, s, g, auth.SecurityGroup{ID: "sg-open", Name: "Open"})
	require.True(t, getSecurityGroup(t, s, g.ID).RequireSecondFactor)
	require.False(t, getSecurityGroup(t, s, "sg-open").RequireSecondFactor)

	_, a := createUser(t, s, "ada", g.ID, "sg-open")
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.Sessions().Create(ctx, NewSession("s-1", a.ID, hashOf("s-1"), at(0)))
	})
	requireFlags := func(want map[string]bool, msg string) {
		t.Helper()
		check := func(groups []auth.SecurityGroup, where string) {
			t.Helper()
			got := map[string]bool{}
			for _, g := range groups {
				if _, ok := want[g.ID]; ok {
					got[g.ID] = g.RequireSecondFactor
				}
			}
			require.Equal(t, want, got, "%s: %s", msg, where)
		}
		view(t, s.Auth(), func(tx auth.Tx) error {
			list, err := tx.SecurityGroups().List(ctx)
			require.NoError(t, err)
			check(list, "List")
			groups, err := tx.Accounts().Groups(ctx, []string{g.ID, "sg-open"})
			require.NoError(t, err)
			check(groups, "Accounts().Groups")
			f, err := tx.Sessions().Lookup(ctx, hashOf("s-1"))
			require.NoError(t, err)
			check(f.Groups, "Sessions().Lookup")
			return nil
		})
		if l, ok := s.Auth().(auth.SessionLooker); ok {
			f, err := l.LookupSession(ctx, hashOf("s-1"))
			require.NoError(t, err)
			check(f.Groups, "LookupSession")
		}
	}
	requireFlags(map[string]bool{g.ID: true, "sg-open": false}, "as created")

	stored := getSecurityGroup(t, s, g.ID)
	stored.RequireSecondFactor = false
	open := getSecurityGroup(t, s, "sg-open")
	open.RequireSecondFactor = true
	update(t, s.Auth(), func(tx auth.Tx) error {
		if _, err := tx.SecurityGroups().Update(ctx, stored); err != nil {
			return err
		}
		_, err := tx.SecurityGroups().Update(ctx, open)
		return err
	})
	requireFlags(map[string]bool{g.ID: false, "sg-open": true}, "after Update")
}

// testSecurityGroupSetRequireSecondFactor: SetRequireSecondFactor changes
// the built-in groups too, and nothing else of them; a stale version is a
// Conflict and a missing group NotFound, both changing nothing; a rolled
// back change is not kept.
func testSecurityGroupSetRequireSecondFactor(t *testing.T, s Store) {
	before := getSecurityGroup(t, s, auth.AdministratorGroup)
	require.False(t, before.RequireSecondFactor)
	got := updateValue(t, s.Auth(), func(tx auth.Tx) (auth.SecurityGroup, error) {
		return tx.SecurityGroups().SetRequireSecondFactor(ctx, auth.AdministratorGroup, before.Version, true, at(time.Hour))
	})
	want := before
	want.RequireSecondFactor, want.UpdatedAt, want.Version = true, at(time.Hour), before.Version+1
	requireEqual(t, want, got, "SetRequireSecondFactor's result")
	requireEqual(t, want, getSecurityGroup(t, s, auth.AdministratorGroup), "Get after SetRequireSecondFactor")

	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		_, err := tx.SecurityGroups().SetRequireSecondFactor(ctx, auth.AdministratorGroup, before.Version, false, at(2*time.Hour))
		return err
	})
	requireCode(t, err, carenet.Conflict, "a stale version")
	err = s.Auth().Update(ctx, func(tx auth.Tx) error {
		_, err := tx.SecurityGroups().SetRequireSecondFactor(ctx, "sg-missing", 1, true, at(2*time.Hour))
		return err
	})
	requireCode(t, err, carenet.NotFound, "a missing group")
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.SecurityGroups().SetRequireSecondFactor(ctx, auth.AdministratorGroup, want.Version, false, at(3*time.Hour))
		return err
	})
	requireEqual(t, want, getSecurityGroup(t, s, auth.AdministratorGroup), "after the refusals and a roll-back")

	createSecurityGroup(t, s, intake())
	got = updateValue(t, s.Auth(), func(tx auth.Tx) (auth.SecurityGroup, error) {
		return tx.SecurityGroups().SetRequireSecondFactor(ctx, "sg-intake", 1, true, at(time.Hour))
	})
	require.True(t, got.RequireSecondFactor)
	require.Equal(t, "Intake", got.Name)
	require.Equal(t, intake().Permissions, got.Permissions)
}
