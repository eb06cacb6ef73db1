package video_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

func TestRecordUpload(t *testing.T) {
	k := newKit(t)
	ivy := k.Person("Ivy", "Interviewer", personnel.AgencyCAC)
	in := newVideo("client-2", "Second interview")
	in.InterviewerID = ivy.ID

	v, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, in)
	require.NoError(t, err)
	assert.Equal(t, video.Video{
		ID: v.ID, NewVideo: video.NewVideo{ClientID: "client-2", CaseID: "case-9", Title: "Second interview",
			RecordedAt: carenettest.Start.Add(-48 * time.Hour), Duration: 47 * time.Minute, SizeBytes: 1 << 30,
			ContentType: "video/mp4", SHA256: strings.ToLower(in.SHA256), StorageKey: "videos/client-2/interview.mp4",
			InterviewerID: ivy.ID},
		UploadedBy: k.Admin.ID(), UploadedAt: carenettest.Start,
	}, v, "the checksum is stored lower-case")

	got, err := k.Video.Get(k.Ctx, k.Admin.Principal, v.ID)
	require.NoError(t, err)
	assert.Equal(t, v, got)
	list, err := k.Video.ClientVideos(k.Ctx, k.Admin.Principal, "client-2")
	require.NoError(t, err)
	assert.Equal(t, []video.Video{v}, list)

	ev := k.Events(audit.TargetVideo, v.ID)
	require.Len(t, ev, 1)
	assert.Equal(t, video.EventRecorded, ev[0].Action)
	assert.Equal(t, k.Admin.ID(), ev[0].ActorID)
	assert.Equal(t, map[string]string{
		"client": "client-2", "case": "case-9", "interviewer": ivy.ID, "sha256": v.SHA256,
		"size_bytes": "1073741824", "content_type": "video/mp4",
	}, ev[0].Details)
	k.VerifyAudit()
}

func TestRecordUploadValidation(t *testing.T) {
	k := newKit(t)
	bad := video.NewVideo{
		ClientID:    "",
		Title:       strings.Repeat("t", video.MaxTitleLength+1),
		RecordedAt:  carenettest.Start.Add(time.Hour),
		Duration:    0,
		SizeBytes:   -1,
		ContentType: "text/html",
		SHA256:      "abc",
		StorageKey:  "",
	}
	_, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, bad)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	var got [][2]string
	for _, p := range carenet.Validation(err).Problems {
		got = append(got, [2]string{p.Field, p.Rule})
	}
	assert.Equal(t, [][2]string{
		{"client_id", carenet.RuleRequired},
		{"title", carenet.RuleTooLong},
		{"recorded_at", carenet.RuleFuture},
		{"duration", carenet.RuleRange},
		{"size_bytes", carenet.RuleRange},
		{"content_type", carenet.RuleFormat},
		{"sha256", carenet.RuleFormat},
		{"storage_key", carenet.RuleRequired},
	}, got, "every problem at once")

	for name, tt := range map[string]struct {
		change func(*video.NewVideo)
		field  string
		rule   string
	}{
		"checksum not hex":        {func(v *video.NewVideo) { v.SHA256 = strings.Repeat("g", 64) }, "sha256", carenet.RuleFormat},
		"checksum missing":        {func(v *video.NewVideo) { v.SHA256 = "" }, "sha256", carenet.RuleRequired},
		"recording too long":      {func(v *video.NewVideo) { v.Duration = 25 * time.Hour }, "duration", carenet.RuleRange},
		"no recording time":       {func(v *video.NewVideo) { v.RecordedAt = time.Time{} }, "recorded_at", carenet.RuleRequired},
		"control characters":      {func(v *video.NewVideo) { v.Title = "a\x00b" }, "title", carenet.RuleControlChars},
		"storage key too long":    {func(v *video.NewVideo) { v.StorageKey = strings.Repeat("k", 1025) }, "storage_key", carenet.RuleTooLong},
		"content type no subtype": {func(v *video.NewVideo) { v.ContentType = "video/" }, "content_type", carenet.RuleFormat},
		"unknown interviewer":     {func(v *video.NewVideo) { v.InterviewerID = "p-ghost" }, "interviewer_id", carenet.RuleOneOf},
	} {
		t.Run(name, func(t *testing.T) {
			in := newVideo("client-3", "x")
			tt.change(&in)
			_, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, in)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.True(t, carenet.Validation(err).Has(tt.field, tt.rule), "%v", err)
		})
	}
	for _, ct := range []string{"video/mp4", "video/quicktime", "video/x-msvideo", "Video/MP4; codecs=avc1", "application/octet-stream"} {
		in := newVideo("client-3", "ok")
		in.ContentType = ct
		_, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, in)
		assert.NoError(t, err, ct)
	}
	list, err := k.Video.ClientVideos(k.Ctx, k.Admin.Principal, "client-3")
	require.NoError(t, err)
	assert.Len(t, list, 5, "only the valid uploads were recorded")
}

func TestVideoPermissions(t *testing.T) {
	k := newKit(t)
	viewers := k.Group("Video viewers", auth.ViewVideos)
	k.User("Vic", "Viewer", "vicviewer", pw, viewers)
	vic := k.LoginAs("vicviewer", pw).Principal

	_, err := k.Video.RecordUpload(k.Ctx, vic, newVideo("client-1", "x"))
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "recording needs ManageVideos")
	_, err = k.Video.Share(k.Ctx, vic, video.NewShare{VideoID: k.V.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "sharing needs ShareVideos")
	_, err = k.Video.Get(k.Ctx, vic, k.V.ID)
	assert.NoError(t, err)
	_, err = k.Video.Custody(k.Ctx, vic, k.V.ID)
	assert.NoError(t, err)

	// A portal user has no staff permission over videos.
	_, err = k.Video.Get(k.Ctx, k.ValP, k.V.ID)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Video.Custody(k.Ctx, k.ValP, k.V.ID)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Video.Get(k.Ctx, nil, k.V.ID)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))

	_, err = k.Video.Get(k.Ctx, k.Admin.Principal, "v-ghost")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
}

func TestNewServiceConfig(t *testing.T) {
	k := carenettest.New(t)
	_, err := video.NewService(k.Store.Video(), video.Config{})
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	assert.True(t, carenet.Validation(err).Has("Tickets.KeyID", carenet.RuleRequired))

	_, err = video.NewService(k.Store.Video(), video.Config{Tickets: testTickets(), DefaultShareDuration: 400 * 24 * time.Hour})
	assert.True(t, carenet.Validation(err).Has("DefaultShareDuration", carenet.RuleRange))
	_, err = video.NewService(k.Store.Video(), video.Config{Tickets: testTickets(), MaxShareDuration: time.Second, DefaultShareDuration: time.Second})
	assert.True(t, carenet.Validation(err).Has("MaxShareDuration", carenet.RuleRange))
	_, err = video.NewService(k.Store.Video(), video.Config{Tickets: testTickets(), AgreementText: "a\x00b"})
	assert.True(t, carenet.Validation(err).Has("AgreementText", carenet.RuleControlChars))

	svc, err := video.NewService(k.Store.Video(), video.Config{Tickets: testTickets()})
	require.NoError(t, err)
	_, ok := svc.Agreement()
	assert.False(t, ok)
	assert.Equal(t, video.DefaultTicketTTL, svc.Ticketer().TTL())
}

// TestVideoHoldsItsUpload: a video's upload fields are its NewVideo, read
// as the video's own (v.SHA256), and a video encodes to JSON with the same
// flat keys, in the same order, as before they were grouped.
func TestVideoHoldsItsUpload(t *testing.T) {
	v := video.Video{ID: "v-1", NewVideo: video.NewVideo{ClientID: "client-1", SHA256: "ab"}, UploadedBy: "p-1"}
	require.Equal(t, "ab", v.SHA256)
	keys, err := testkit.JSONKeys(v)
	require.NoError(t, err)
	require.Equal(t, []string{"ID", "ClientID", "CaseID", "Title", "RecordedAt", "Duration", "SizeBytes", "ContentType", "SHA256",
		"StorageKey", "InterviewerID", "UploadedBy", "UploadedAt"}, keys)
}
