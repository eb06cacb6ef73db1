package carenettest_test

import (
	"database/sql"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// onEachStore runs test on an Env of each store, made with opts: memory,
// and PostgreSQL when a server is reachable (without one the PostgreSQL
// run is skipped, or fails when CI is set).
func onEachStore(t *testing.T, test func(t *testing.T, env *carenettest.Env), opts ...carenettest.Option) {
	t.Run("memory", func(t *testing.T) { test(t, carenettest.New(t, append(opts, carenettest.OnMemory())...)) })
	t.Run("postgres", func(t *testing.T) {
		server := pgServer(t)
		test(t, carenettest.New(t, append(opts, carenettest.OnPostgres(server))...))
	})
}

// pgServer returns the test server's URL, skipping the test if it cannot
// be reached (failing it under CI).
func pgServer(t *testing.T) string {
	t.Helper()
	server := pgtest.BaseDSN()
	db, err := sql.Open("postgres", server)
	if err == nil {
		err = db.Ping()
		db.Close()
	}
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("PostgreSQL not reachable: %v", err)
		}
		t.Skipf("PostgreSQL not reachable (set CARENET_TEST_DATABASE_URL): %v", err)
	}
	return server
}

func TestNewStartsWithALoggedInAdministrator(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		assert.Equal(t, carenettest.Start, env.Clock.Now())
		assert.Equal(t, "person-000001", env.Admin.ID(), "IDs are predictable")
		assert.Equal(t, carenettest.AdminUsername, env.Admin.Username)
		for _, p := range auth.AllPermissions() {
			assert.True(t, env.Admin.Principal.Can(p), "the administrator holds %s", p)
		}
		p, err := env.Auth.Authenticate(env.Ctx, env.Admin.Token)
		require.NoError(t, err, "the administrator's session is open")
		assert.Equal(t, env.Admin.ID(), p.PersonID)
		assert.Positive(t, env.VerifyAudit())
	})
}

func TestPortalUsersOfEachDesignationSeeExactlyTheirTabs(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		for _, tc := range []struct {
			d        portal.Designation
			username string
			tabs     []portal.Tab
			careNet  bool
		}{
			{portal.ReferralOnly, "referral-only-1", []portal.Tab{portal.TabDashboard, portal.TabMyReferrals}, false},
			{portal.VideoOnly, "video-only-1", []portal.Tab{portal.TabDashboard, portal.TabMyVideos}, false},
			{portal.DualAccess, "dual-1", []portal.Tab{portal.TabDashboard, portal.TabMyReferrals}, true},
			{portal.All, "all-1", []portal.Tab{portal.TabDashboard, portal.TabMyVideos, portal.TabMyReferrals}, true},
		} {
			u := env.PortalUser(tc.d)
			assert.Equal(t, tc.username, u.Username)
			caps := u.Principal.Portal
			assert.Equal(t, portal.LandingDashboard, caps.Landing, "%s", tc.d)
			assert.Equal(t, tc.tabs, caps.Tabs.List(), "%s", tc.d)
			assert.Equal(t, tc.careNet, caps.Has(portal.SwitchPortalCareNet), "%s: the Portal button", tc.d)
			again, err := env.Auth.Authenticate(env.Ctx, u.Token)
			require.NoError(t, err)
			assert.Equal(t, caps, again.Portal, "%s: the session carries the designation", tc.d)
		}
		second := env.PortalUser(portal.ReferralOnly, carenettest.Named("Rita", "Okafor"))
		assert.Equal(t, "referral-only-2", second.Username)
		assert.Equal(t, "Rita Okafor", second.Profile.DisplayName())
	})
}

func TestStaffHoldTheirGroupsPermissionsAndNoMore(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		sam := env.Staff()
		assert.Equal(t, "staff-1", sam.Username)
		for _, p := range carenettest.StaffPermissions {
			assert.True(t, sam.Principal.Can(p), "%s", p)
		}
		assert.False(t, sam.Principal.Can(auth.ManageSecurityGroups))
		clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel))
		assert.Equal(t, "staff-2", clerk.Username)
		assert.True(t, clerk.Principal.Can(auth.ViewPersonnel))
		assert.False(t, clerk.Principal.Can(auth.ReviewReferrals))
		_, err := env.Referrals.Queue(env.Ctx, clerk.Principal, referral.QueueFilter{})
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "the services hold the builder's users to the rules")
	})
}

func TestReferralInEachStatus(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		rita := env.PortalUser(portal.ReferralOnly)
		cara := env.PortalUser(portal.DualAccess)
		for _, status := range referral.Statuses() {
			r := env.Referral(rita, status)
			assert.Equal(t, status, r.Status)
			mine, err := env.Referrals.GetMine(env.Ctx, rita.Principal, r.ID)
			require.NoError(t, err, "%s: the submitter follows it", status)
			assert.Equal(t, status, mine.Status)
			assert.Equal(t, referral.KindLE, mine.Kind)
		}
		accepted := env.Referral(cara, referral.StatusAccepted)
		assert.Equal(t, referral.KindCPS, accepted.Kind, "a CPS worker sends a CPS referral")
		assert.True(t, strings.HasPrefix(accepted.CaseID, "CASE-"), accepted.CaseID)
		assert.Len(t, env.Cases.List(), 2, "each accepted referral opened a case")
		env.VerifyAudit()
	})
}

func TestVideosAndSharesDecideAtTheMomentOfUse(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		paul := env.PortalUser(portal.VideoOnly)
		dana := env.PortalUser(portal.All)
		v := env.Video()
		assert.Equal(t, "Forensic interview 1", v.Title)
		toPaul := env.Share(v, paul, video.ViewOnly)
		toDana := env.Share(v, dana, video.ViewAndDownload)

		mine, err := env.Videos.MyVideos(env.Ctx, paul.Principal)
		require.NoError(t, err)
		require.Len(t, mine, 1)
		assert.True(t, mine[0].CanView)
		assert.False(t, mine[0].CanDownload, "a view-only share offers no download")
		_, err = env.Videos.RequestAccess(env.Ctx, paul.Principal, video.AccessRequest{ShareID: toPaul.ID, Action: video.Download})
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		_, err = env.Videos.RequestAccess(env.Ctx, dana.Principal, video.AccessRequest{ShareID: toDana.ID, Action: video.Download})
		require.NoError(t, err)

		env.Clock.Advance(11 * 24 * time.Hour)
		paul = env.Refresh(paul)
		_, err = env.Videos.RequestAccess(env.Ctx, paul.Principal, video.AccessRequest{ShareID: toPaul.ID, Action: video.View})
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "the manual clock moved the share past its expiry")
		assert.Contains(t, env.Actions(audit.TargetVideo, v.ID), video.EventDownloaded)
	})
}

// TestBuildersActAsAnAdministratorJustSignedIn: past the sign-in window
// (the sessions kept open) the builders still share for download, as an
// administrator who signed in again; a user's own sensitive action is
// refused until Reauthenticate renews their principal.
func TestBuildersActAsAnAdministratorJustSignedIn(t *testing.T) {
	onEachStore(t, func(t *testing.T, env *carenettest.Env) {
		staff := env.Staff(carenettest.Holding(auth.ViewVideos, auth.ShareVideos))
		dana := env.PortalUser(portal.All)
		v := env.Video()
		env.Clock.Advance(auth.DefaultReauthWindow)
		env.Share(v, dana, video.ViewAndDownload)

		staff = env.Refresh(staff)
		_, err := env.Videos.Custody(env.Ctx, staff.Principal, v.ID)
		require.ErrorIs(t, err, auth.ErrReauthenticationRequired)
		staff = env.Reauthenticate(staff)
		_, err = env.Videos.Custody(env.Ctx, staff.Principal, v.ID)
		require.NoError(t, err)
	})
}

// TestBuildersFailTheTestWhenTheServiceRefuses: a builder goes through the
// service's rules; one it breaks fails the test with the service's error.
func TestBuildersFailTheTestWhenTheServiceRefuses(t *testing.T) {
	h := &carenettest.Harness{}
	defer h.Close()
	env := carenettest.New(h)
	rita := env.PortalUser(portal.ReferralOnly)
	v := env.Video()
	msg := fatal(func() { env.Share(v, rita, video.ViewOnly) })
	assert.Contains(t, msg, "carenettest: share "+v.ID+" with referral-only-1")
	shares, err := env.Videos.Shares(env.Ctx, env.Admin.Principal, v.ID)
	require.NoError(t, err)
	assert.Empty(t, shares, "the refused share was not made")
	msg = fatal(func() { env.Referral(rita, "archived") })
	assert.Contains(t, msg, `unknown status "archived"`)
}

// fatal runs f and returns the message it failed a Harness with.
func fatal(f func()) (msg string) {
	defer func() { msg, _ = recover().(string) }()
	f()
	return ""
}

func TestSameStepsMakeTheSameIDs(t *testing.T) {
	build := func() []string {
		env := carenettest.New(t)
		u := env.PortalUser(portal.All)
		r := env.Referral(u, referral.StatusSubmitted)
		v := env.Video()
		s := env.Share(v, u, video.ViewOnly)
		return []string{u.ID(), r.ID, v.ID, s.ID}
	}
	first := build()
	assert.Equal(t, first, build())
	assert.False(t, slices.Contains(first, ""))
}

func TestPostgresDatabaseIsCreatedAndDropped(t *testing.T) {
	server := pgServer(t)
	h := &carenettest.Harness{}
	env := carenettest.New(h, carenettest.OnPostgres(server))
	var name string
	require.NoError(t, env.Store.(*postgres.Store).DB().QueryRow(`SELECT current_database()`).Scan(&name))
	assert.True(t, strings.HasPrefix(name, "carenettest_"), name)
	env.PortalUser(portal.DualAccess)
	h.Close()

	db, err := sql.Open("postgres", server)
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow(`SELECT count(*) FROM pg_database WHERE datname = $1`, name).Scan(&n))
	assert.Zero(t, n, "the database is dropped when the test ends")

	msg := fatal(func() { carenettest.New(&carenettest.Harness{}, carenettest.OnPostgres("mysql://nope")) })
	assert.Contains(t, msg, "OnPostgres needs a postgres:// URL")
}
