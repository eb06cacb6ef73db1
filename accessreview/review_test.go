package accessreview_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

const pw = "violet-lantern-harbor-92"

// kit is a carenettest.Env with the review and video services, and people
// holding different things:
//
//   - admin: the Administrator group, logged in;
//   - sam: CAC staff in "Intake" (referrals.review), logged in;
//   - lee: an LE-only referral partner with a live video share, never
//     logged in;
//   - gone: deactivated, whose login must not be listed.
type kit struct {
	*carenettest.Env
	Review      *accessreview.Service
	Video       *video.Service
	Intake      string
	Lee, Sam    personnel.Profile
	Share, Past video.Share
}

func newKit(t *testing.T) *kit {
	t.Helper()
	k := &kit{Env: carenettest.New(t)}
	k.Review = accessreview.NewService(k.Store.AccessReview(), k.Clock)
	var err error
	k.Video, err = video.NewService(k.Store.Video(), video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("v"),
		Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{'1'}, 32)}}})
	require.NoError(t, err)

	k.Intake = k.Group("Intake", auth.ReviewReferrals)
	k.Sam = k.User("Sam", "Staff", "sam", pw, k.Intake)
	k.LoginAs("sam", pw)
	c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Lee", FamilyName: "Officer", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "lee", Password: pw, Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Video: true, Referral: portal.ReferralLE}},
	})
	require.NoError(t, err)
	k.Lee = c.Profile
	gone := k.User("Gail", "Gone", "gail", pw, k.Intake)
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, gone.ID, "left")
	require.NoError(t, err)

	upload := func(client string) string {
		v, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, video.NewVideo{
			ClientID: client, CaseID: "case-9", Title: "Interview", RecordedAt: carenettest.Start.Add(-48 * time.Hour),
			Duration: time.Hour, SizeBytes: 1 << 20, ContentType: "video/mp4",
			SHA256: "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08", StorageKey: "videos/" + client + ".mp4",
		})
		require.NoError(t, err)
		return v.ID
	}
	share := func(videoID string, expires time.Time) video.Share {
		s, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: videoID, GranteeID: k.Lee.ID, Mode: video.ViewOnly, ExpiresAt: expires})
		require.NoError(t, err)
		return s
	}
	k.Share = share(upload("client-1"), carenettest.Start.Add(7*24*time.Hour))
	k.Past = share(upload("client-2"), carenettest.Start.Add(24*time.Hour))
	revoked := share(upload("client-3"), time.Time{})
	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, revoked.ID, "sent by mistake")
	require.NoError(t, err)
	k.Clock.Advance(48 * time.Hour) // k.Past has expired
	k.Admin.Principal = k.Fresh(k.Admin.Principal)
	return k
}

func usernames(r accessreview.Report) []string {
	out := []string{}
	for _, e := range r.Entries {
		out = append(out, e.Username)
	}
	return out
}

// TestAccessReviewListsWhoHoldsWhat: every active login, with its groups,
// the permissions it holds now, its portal switches, its live shares (not
// the expired or revoked ones) and its last login; a deactivated person's
// login is not listed.
func TestAccessReviewListsWhoHoldsWhat(t *testing.T) {
	k := newKit(t)
	r, err := k.Review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{})
	require.NoError(t, err)
	assert.Equal(t, k.Clock.Now(), r.At)
	require.Equal(t, []string{"admin", "lee", "sam"}, usernames(r))

	admin, lee, sam := r.Entries[0], r.Entries[1], r.Entries[2]
	assert.Equal(t, []accessreview.Group{{ID: auth.AdministratorGroup, Name: "Administrator"}}, admin.Groups)
	assert.Len(t, admin.Permissions, len(auth.AllPermissions()))
	assert.Contains(t, admin.Permissions, auth.ReassignReferrals.String())
	require.NotNil(t, admin.LastLoginAt)
	assert.Equal(t, carenettest.Start, *admin.LastLoginAt)

	assert.Equal(t, []accessreview.Group{{ID: k.Intake, Name: "Intake"}}, sam.Groups)
	assert.Equal(t, []string{"referrals.review"}, sam.Permissions)
	assert.Equal(t, portal.Access{}, sam.Portal)
	assert.Empty(t, sam.LiveShares)

	assert.Equal(t, k.Lee.ID, lee.PersonID)
	assert.Equal(t, "Lee Officer", lee.Name)
	assert.Equal(t, "Metro Police Department", lee.Agency)
	assert.Empty(t, lee.Permissions, "a portal user without CareNet holds no permission")
	assert.Equal(t, portal.Access{Enabled: true, Video: true, Referral: portal.ReferralLE}, lee.Portal)
	assert.True(t, lee.Capabilities.Has(portal.SubmitLEReferrals))
	assert.Nil(t, lee.LastLoginAt, "never logged in")
	assert.Equal(t, []accessreview.LiveShare{{ShareID: k.Share.ID, VideoID: k.Share.VideoID, ExpiresAt: k.Share.ExpiresAt}}, lee.LiveShares)
}

// TestAccessReviewFilters: each filter keeps only the logins it names.
func TestAccessReviewFilters(t *testing.T) {
	k := newKit(t)
	since := k.Clock.Now().Add(-time.Hour)
	for _, tc := range []struct {
		name string
		f    accessreview.Filter
		want []string
	}{
		{"group", accessreview.Filter{Group: k.Intake}, []string{"sam"}},
		{"builtin group", accessreview.Filter{Group: auth.AdministratorGroup}, []string{"admin"}},
		{"permission", accessreview.Filter{Permission: "referrals.review"}, []string{"admin", "sam"}},
		{"permission only administrators hold", accessreview.Filter{Permission: "referrals.reassign"}, []string{"admin"}},
		{"portal switch", accessreview.Filter{Switch: accessreview.SwitchReferralLE}, []string{"lee"}},
		{"portal switch no one has", accessreview.Filter{Switch: accessreview.SwitchReferralCPS}, []string{}},
		{"idle since", accessreview.Filter{IdleSince: &since}, []string{"admin", "lee", "sam"}},
		{"group and permission", accessreview.Filter{Group: k.Intake, Permission: "audit.view"}, []string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := k.Review.Review(k.Ctx, k.Admin.Principal, tc.f)
			require.NoError(t, err)
			assert.Equal(t, tc.want, usernames(r))
		})
	}
	// A login used since the day is not idle.
	k.LoginAs("sam", pw)
	r, err := k.Review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{IdleSince: &since})
	require.NoError(t, err)
	assert.Equal(t, []string{"admin", "lee"}, usernames(r), "sam logged in after the day")
}

// TestAccessReviewRefusesABadFilter names each field it gets wrong.
func TestAccessReviewRefusesABadFilter(t *testing.T) {
	k := newKit(t)
	future := k.Clock.Now().Add(time.Hour)
	_, err := k.Review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{Group: "nope", Permission: "videos.steal", Switch: "referral", IdleSince: &future})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	v := carenet.Validation(err)
	require.NotNil(t, v)
	var got [][2]string
	for _, p := range v.Problems {
		got = append(got, [2]string{p.Field, p.Rule})
	}
	assert.Equal(t, [][2]string{{"group", carenet.RuleOneOf}, {"permission", carenet.RuleOneOf},
		{"switch", carenet.RuleOneOf}, {"idle_since", carenet.RuleFuture}}, got)
}

// TestAccessReviewNeedsViewAudit: staff without audit.view, and no one at
// all, may not run the review.
func TestAccessReviewNeedsViewAudit(t *testing.T) {
	k := newKit(t)
	sam := k.LoginAs("sam", pw).Principal
	_, err := k.Review.Review(k.Ctx, sam, accessreview.Filter{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Review.Review(k.Ctx, nil, accessreview.Filter{})
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))

	auditors := k.Group("Auditors", auth.ViewAudit)
	k.User("Aud", "Itor", "auditor", pw, auditors)
	r, err := k.Review.Review(k.Ctx, k.LoginAs("auditor", pw).Principal, accessreview.Filter{})
	require.NoError(t, err)
	assert.Contains(t, usernames(r), "auditor")
}

// TestAccessReviewCSVKeepsEveryCellSafe: the export has the header and one
// row per login; a name that looks like a formula is neutralised and one
// with a line break stays on its row.
func TestAccessReviewCSVKeepsEveryCellSafe(t *testing.T) {
	k := newKit(t)
	_, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "=HYPERLINK(\"http://x\")", FamilyName: "Evil", Agency: "Metro\nInjected,row", AgencyKind: personnel.AgencyOther},
		Login:  &auth.LoginSpec{Username: "mallory", Password: pw, Groups: []string{k.Intake}},
	})
	if err != nil {
		// The personnel rules may refuse such a name; the row then comes
		// from an agency alone.
		_, err = k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
			Fields: personnel.Fields{GivenName: "Mal", FamilyName: "Lory", Agency: "=cmd|' /C calc'!A0", AgencyKind: personnel.AgencyOther},
			Login:  &auth.LoginSpec{Username: "mallory", Password: pw, Groups: []string{k.Intake}},
		})
	}
	require.NoError(t, err)
	r, err := k.Review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{})
	require.NoError(t, err)

	var b bytes.Buffer
	require.NoError(t, r.WriteCSV(&b))
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	require.Len(t, lines, 1+len(r.Entries), "one physical line per row")
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, accessreview.CSVHeader, rows[0])
	for _, row := range rows[1:] {
		require.Len(t, row, len(accessreview.CSVHeader))
		for _, cell := range row {
			if cell != "" {
				assert.NotContains(t, "=+-@", cell[:1], "cell %q would run as a formula", cell)
			}
		}
	}
	byUser := map[string][]string{}
	for _, row := range rows[1:] {
		byUser[row[0]] = row
	}
	lee := byUser["lee"]
	assert.Equal(t, "referrals.review", byUser["sam"][6])
	assert.Equal(t, "enabled,video,referral_le", lee[7])
	assert.Equal(t, "1", lee[8])
	assert.Equal(t, k.Share.ID, lee[9])
	assert.Equal(t, "", lee[10], "never logged in")
	assert.Equal(t, carenettest.Start.Format(time.RFC3339), byUser["admin"][10])
	assert.Contains(t, byUser["mallory"][1]+byUser["mallory"][2], "'", "the formula is neutralised")
}
