package video_test

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

func TestCustody(t *testing.T) {
	k := newKit(t)
	other := k.upload("client-2", "Another video")
	s := k.share(k.Val.ID, video.ViewOnly)
	k.Clock.Advance(time.Minute)
	acc, err := k.access(k.ValP, s.ID, video.View)
	require.NoError(t, err)
	k.Clock.Advance(time.Minute)
	_, err = k.access(k.ValP, s.ID, video.Download)
	require.Error(t, err)
	_, err = k.access(k.WesP, s.ID, video.View)
	require.Error(t, err)
	k.share(k.Wes.ID, video.ViewAndDownload)
	_, err = k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: other.ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	k.Clock.Advance(time.Minute)
	_, err = k.Video.Extend(k.Ctx, k.Admin.Principal, s.ID, s.ExpiresAt.Add(day))
	require.NoError(t, err)
	_, err = k.Video.Revoke(k.Ctx, k.Admin.Principal, s.ID, "=HYPERLINK(\"http://x\")")
	require.NoError(t, err)

	events, err := k.Video.Custody(k.Ctx, k.Admin.Principal, k.V.ID)
	require.NoError(t, err)
	var got [][3]string // action, actor, share
	for i, e := range events {
		got = append(got, [3]string{string(e.Action), e.ActorID, e.Details["share"]})
		if i > 0 {
			assert.Greater(t, e.Seq, events[i-1].Seq)
			assert.False(t, e.At.Before(events[i-1].At), "in time order")
		}
	}
	wesShare := events[5].Details["share"]
	assert.Equal(t, [][3]string{
		{"video.recorded", k.Admin.ID(), ""},
		{"video.shared", k.Admin.ID(), s.ID},
		{"video.viewed", k.Val.ID, s.ID},
		{"video.access_denied", k.Val.ID, s.ID},
		{"video.access_denied", k.Wes.ID, s.ID},
		{"video.shared", k.Admin.ID(), wesShare},
		{"video.share_extended", k.Admin.ID(), s.ID},
		{"video.share_revoked", k.Admin.ID(), s.ID},
	}, got, "only this video's events, in order")

	var buf bytes.Buffer
	require.NoError(t, video.WriteCustodyCSV(&buf, events))
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	require.Len(t, rows, len(events)+1)
	assert.Equal(t, video.CustodyCSVHeader, rows[0])
	assert.Equal(t, []string{
		itoa(events[2].Seq), "2026-03-02T09:01:00Z", k.Val.ID, "video.viewed", s.ID, k.Val.ID, "",
		"action=view; expires_at=2026-03-02T09:06:00Z; first_open=true; ticket=" + acc.Claims.TicketID, events[2].Hash,
	}, rows[3])
	assert.Equal(t, "view_only", rows[4][6])
	assert.Equal(t, "not_grantee", rows[5][6])
	assert.Equal(t, `'=HYPERLINK("http://x")`, rows[8][6], "a formula is defused")
	assert.True(t, strings.HasPrefix(rows[1][7], "case=case-9; client=client-1; content_type=video/mp4; sha256="))

	// The hashes in the export match the verified log.
	_, err = audit.Verify(k.Events("", ""))
	require.NoError(t, err)

	_, err = k.Video.Custody(k.Ctx, k.Admin.Principal, "v-ghost")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestWriteCustodyCSVEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, video.WriteCustodyCSV(&buf, nil))
	assert.Equal(t, "seq,at,actor_id,action,share_id,grantee_id,reason,details,hash\n", buf.String())
}

func TestSharesGuardDelete(t *testing.T) {
	k := newKit(t)
	// A video portal user who never logged in, so only the share refers
	// to them.
	nora := k.portalUser("Nora", "Newuser", "nnewuser")
	k.share(nora.ID, video.ViewOnly)
	err := k.Personnel.Delete(k.Ctx, k.Admin.Principal, nora.ID)
	require.Equal(t, carenet.InUse, carenet.ErrorCode(err))
	var refs *personnel.ReferencedError
	require.ErrorAs(t, err, &refs)
	assert.Contains(t, refs.References, personnel.Reference{Kind: "video_shares", Count: 1})

	ivy := k.Person("Ivy", "Interviewer", personnel.AgencyCAC)
	in := newVideo("client-5", "x")
	in.InterviewerID = ivy.ID
	_, err = k.Video.RecordUpload(k.Ctx, k.Admin.Principal, in)
	require.NoError(t, err)
	err = k.Personnel.Delete(k.Ctx, k.Admin.Principal, ivy.ID)
	require.ErrorAs(t, err, &refs)
	assert.Equal(t, []personnel.Reference{{Kind: "videos", Count: 1}}, refs.References)
}
