package postgres_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// videoService returns a video service over the store, on the system
// clock and random IDs, so that it can run on the shared database.
func videoService(t testing.TB, s *postgres.Store) *video.Service {
	t.Helper()
	svc, err := video.NewService(s.Video(), video.Config{
		Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{'k'}, 32)}},
	})
	require.NoError(t, err)
	return svc
}

// sharer returns the principal of a person allowed to share videos, who
// has just signed in (a download share and the custody report need a
// recent sign-in).
func sharer(personID string) *auth.Principal {
	return &auth.Principal{PersonID: personID, Permissions: auth.NewPermissionSet(auth.ShareVideos, auth.ViewVideos), AuthenticatedAt: time.Now()}
}

// videoPortalUser stores a person with a video portal login (Referral
// User, portal and Video Portal Access on) and returns the person and
// their principal.
func videoPortalUser(t testing.TB, s *postgres.Store, name string) (personnel.Person, *auth.Principal) {
	t.Helper()
	p := person(uniq("p"), "Given"+name, "Family"+name)
	a := account(uniq("a"), p.ID, uniq(name), auth.ReferralUserGroup)
	a.Portal = portal.Access{Enabled: true, Video: true}
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		if err := tx.People().Create(ctx, p); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, a, credentials(a.ID))
	}))
	p.Version = 1
	return p, granteePrincipal(p.ID, a)
}

// granteePrincipal is the principal a login with the account would get.
func granteePrincipal(personID string, a auth.Account) *auth.Principal {
	return &auth.Principal{PersonID: personID, AccountID: a.ID, Username: a.Username, Groups: a.Groups,
		Portal: portal.Compute(auth.PortalFacts(a, true))}
}

// testVideo is a recorded video of the client, uploaded by uploader.
func testVideo(id, clientID, uploader string) video.Video {
	return video.Video{
		ID: id, NewVideo: video.NewVideo{ClientID: clientID, CaseID: "case-" + clientID, Title: "Interview " + id,
			RecordedAt: epoch.Add(-48 * time.Hour), Duration: 47*time.Minute + 3*time.Second + 999*time.Nanosecond,
			SizeBytes: 1 << 30, ContentType: "video/mp4",
			SHA256:     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
			StorageKey: "videos/" + id + ".mp4"},
		UploadedBy: uploader, UploadedAt: epoch.Add(-24 * time.Hour),
	}
}

// testShare is a view-only share of the video with the grantee for ten
// days from start.
func testShare(id, videoID, granteeID, sharedBy string, start time.Time) video.Share {
	start = carenet.Timestamp(start)
	return video.Share{ID: id, VideoID: videoID, GranteeID: granteeID, SharedBy: sharedBy, Mode: video.ViewOnly,
		StartsAt: start, ExpiresAt: start.Add(10 * 24 * time.Hour), CreatedAt: start, UpdatedAt: start}
}

// Shape of the load loadVideoShares stores.
const (
	loadGrantees       = 1_000
	loadSharesEach     = 50
	loadVideos         = 5_000
	loadClients        = 500
	loadStaff          = 20
	loadCurrentOfFifty = 40 // per grantee: 40 current, 5 revoked, 5 expired
)

// loadVideoShares fills database name in a few statements with
// loadGrantees grantees ("vg-1" ...) with loadSharesEach shares each, of
// loadVideos videos of loadClients clients, uploaded, interviewed in and
// shared by loadStaff staff ("vs-staff-1" ...), and analyzes it. At now, each grantee has loadCurrentOfFifty current shares
// (ten of them scheduled), five revoked and five expired.
func loadVideoShares(t testing.TB, name string, now time.Time) {
	t.Helper()
	db := openDB(t, name, nil)
	start := time.Now()
	now = carenet.Timestamp(now)
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO carenet.people (id, given_name, family_name, state, created_at, updated_at, version, family_key, given_key, agency_key)
		  SELECT 'vg-' || i, 'Given', 'Grantee' || i, 'active', $1::timestamptz, $1::timestamptz, 1, 'grantee' || i, 'given', ''
		  FROM generate_series(1, $2::int) AS i
		  UNION ALL
		  SELECT 'vs-staff-' || i, 'Sam', 'Staff' || i, 'active', $1::timestamptz, $1::timestamptz, 1, 'staff' || i, 'sam', ''
		  FROM generate_series(1, $3::int) AS i`,
			[]any{now, loadGrantees, loadStaff}},
		{`INSERT INTO carenet.videos (id, client_id, case_id, title, recorded_at, duration_ns, size_bytes, content_type,
		      sha256, storage_key, interviewer_id, uploaded_by, uploaded_at)
		  SELECT 'vv-' || i, 'client-' || (i % $2::int), 'case-' || i, 'Interview ' || i, $1::timestamptz - interval '2 days',
		      2820000000000, 1073741824, 'video/mp4', md5(i::text) || md5((-i)::text), 'videos/vv-' || i || '.mp4',
		      'vs-staff-' || (1 + (i + 7) % $4::int), 'vs-staff-' || (1 + i % $4::int), $1::timestamptz - interval '1 day'
		  FROM generate_series(1, $3::int) AS i`,
			[]any{now, loadClients, loadVideos, loadStaff}},
		// Share j (0..49) of grantee g: j % 10 = 8 revoked, j % 10 = 9
		// expired, j % 5 = 0 (but not those) scheduled, the rest active.
		{`INSERT INTO carenet.video_shares (id, video_id, grantee_id, shared_by, mode, note, starts_at, expires_at,
		      revoked_at, revoked_by, created_at, updated_at, version)
		  SELECT 'vsh-' || g || '-' || j, 'vv-' || (1 + (g * $3::int + j) % $4::int), 'vg-' || g, 'vs-staff-' || (1 + g % $5::int),
		      CASE WHEN j % 2 = 0 THEN 'view' ELSE 'view_download' END, 'For the MDT meeting',
		      w.starts, w.starts + interval '10 days',
		      CASE WHEN j % 10 = 8 THEN w.starts + interval '1 hour' END,
		      CASE WHEN j % 10 = 8 THEN 'vs-staff-' || (1 + g % $5::int) ELSE '' END, w.starts, w.starts, 1
		  FROM generate_series(1, $2::int) AS g
		  CROSS JOIN generate_series(0, $3::int - 1) AS j
		  CROSS JOIN LATERAL (SELECT CASE
		      WHEN j % 10 = 9 THEN $1::timestamptz - interval '20 days' - j * interval '1 minute'
		      WHEN j % 5 = 0 THEN $1::timestamptz + interval '1 day' + j * interval '1 minute'
		      ELSE $1::timestamptz - interval '1 day' - j * interval '1 minute' END AS starts) w`,
			[]any{now, loadGrantees, loadSharesEach, loadVideos, loadStaff}},
		{`ANALYZE carenet.people, carenet.videos, carenet.video_shares`, nil},
	} {
		_, err := db.Exec(st.sql, st.args...)
		require.NoError(t, err, st.sql)
	}
	t.Logf("loaded %d shares of %d videos for %d grantees in %v", loadGrantees*loadSharesEach, loadVideos, loadGrantees,
		time.Since(start).Round(time.Millisecond))
}
