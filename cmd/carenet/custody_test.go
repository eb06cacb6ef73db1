package main

import (
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

func TestCustodyExport(t *testing.T) {
	bin := build(t)
	dsn := pgtest.NewDatabase(t)
	r := runBin(t, bin, dsn, "", "migrate")
	require.Equal(t, 0, r.Code, r.Stderr)

	// A video recorded, shared view-only with a prosecutor, who is refused
	// a download and then views it.
	store, authSvc, people := storeServices(t, dsn)
	ctx := context.Background()
	const pw = "granite-orchard-lantern-7"
	admin := loggedInAdmin(t, authSvc, people, pw)
	paul, err := people.Create(ctx, admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Paul", FamilyName: "Nguyen", AgencyKind: personnel.AgencyProsecution},
		Login:  &auth.LoginSpec{Username: "pnguyen", Password: pw, Groups: []string{auth.ReferralUserGroup}},
	})
	require.NoError(t, err)
	_, err = people.SetPortalDesignation(ctx, admin.Principal, paul.Profile.ID, portal.VideoOnly)
	require.NoError(t, err)
	videos, err := readOnlyVideos(store.Video())
	require.NoError(t, err)
	v, err := videos.RecordUpload(ctx, admin.Principal, video.NewVideo{
		ClientID: "client-1", Title: "Forensic interview", RecordedAt: time.Now().Add(-time.Hour), Duration: 30 * time.Minute,
		SizeBytes: 1 << 20, ContentType: "video/mp4", SHA256: strings.Repeat("ab", 32), StorageKey: "videos/1.mp4",
	})
	require.NoError(t, err)
	share, err := videos.Share(ctx, admin.Principal, video.NewShare{VideoID: v.ID, GranteeID: paul.Profile.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	grantee, err := authSvc.Login(ctx, auth.LoginRequest{Username: "pnguyen", Password: pw})
	require.NoError(t, err)
	_, err = videos.RequestAccess(ctx, grantee.Principal, video.AccessRequest{ShareID: share.ID, Action: video.Download})
	require.Error(t, err)
	_, err = videos.RequestAccess(ctx, grantee.Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
	require.NoError(t, err)

	r = runBin(t, bin, dsn, "", "custody", "export", v.ID)
	require.Equal(t, 0, r.Code, r.Stderr)
	assert.Empty(t, r.Stderr)
	rows, err := csv.NewReader(strings.NewReader(r.Stdout)).ReadAll()
	require.NoError(t, err, r.Stdout)
	require.Len(t, rows, 5, "a header and four events:\n%s", r.Stdout)
	assert.Equal(t, video.CustodyCSVHeader, rows[0])
	var actions []string
	for _, row := range rows[1:] {
		actions = append(actions, row[3])
		assert.Len(t, row[8], 64, "each row carries its audit hash")
	}
	assert.Equal(t, []string{"video.recorded", "video.shared", "video.access_denied", "video.viewed"}, actions)
	assert.Equal(t, paul.Profile.ID, rows[2][5], "the share's grantee")
	assert.Equal(t, "view_only", rows[3][6], "the refusal's reason")

	r = runBin(t, bin, dsn, "", "custody", "export", "no-such-video")
	assert.Equal(t, 1, r.Code)
	assert.Empty(t, r.Stdout)
	assert.Contains(t, r.Stderr, "carenet custody: ")
	assert.Contains(t, r.Stderr, "not found")
}
