package main

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// shareOf returns the seeded share of the grantee's with the mode.
func (h *harness) shareOf(grantee string, mode video.Mode) seedShare {
	for _, sh := range h.seed.Shares {
		if sh.Grantee == grantee && sh.Mode == mode {
			return sh
		}
	}
	h.t.Fatalf("no seeded %s share for %s", mode, grantee)
	return seedShare{}
}

// agreement is the digest of the viewer agreement, as My Videos shows it.
func (c *client) agreement() string {
	c.h.t.Helper()
	var mv myVideosResponse
	c.get("/api/videos").status(http.StatusOK).json(&mv)
	require.NotNil(c.h.t, mv.Agreement)
	return mv.Agreement.Digest
}

// access asks for a ticket for the share.
func (c *client) access(shareID, action string) *response {
	c.h.t.Helper()
	return c.post("/api/videos/shares/"+url.PathEscape(shareID)+"/access",
		map[string]string{"action": action, "agreement": c.agreement()})
}

// ticket asks for a ticket and requires it issued.
func (c *client) ticket(shareID, action string) accessResponse {
	c.h.t.Helper()
	var out accessResponse
	c.access(shareID, action).status(http.StatusCreated).json(&out)
	return out
}

func TestMyVideosShowsOnlyTheCallersShares(t *testing.T) {
	h := newHarness(t, true, true)
	shareIDs := func(username string) []string {
		var mv myVideosResponse
		h.login(username).get("/api/videos").status(http.StatusOK).json(&mv)
		var ids []string
		for _, v := range mv.Videos {
			ids = append(ids, v.ShareID)
			require.Equal(t, "active", v.State)
			require.True(t, v.CanView)
			require.Equal(t, v.Mode == string(video.ViewAndDownload), v.CanDownload)
			require.NotEmpty(t, v.Video.Title)
			require.Equal(t, "video/mp4", v.Video.ContentType)
		}
		require.NotNil(t, mv.Agreement)
		require.Equal(t, viewerAgreement, mv.Agreement.Text)
		return ids
	}
	paul := h.shareOf("pnguyen", video.ViewOnly)
	require.Equal(t, []string{paul.ShareID}, shareIDs("pnguyen"))
	cara := shareIDs("cdiaz")
	require.ElementsMatch(t, []string{h.shareOf("cdiaz", video.ViewAndDownload).ShareID, h.shareOf("cdiaz", video.ViewOnly).ShareID}, cara)
	require.NotContains(t, cara, paul.ShareID)

	// My Videos needs Video Portal Access.
	e := h.login("dbrooks").get("/api/videos").status(http.StatusForbidden).apiError()
	require.Equal(t, "forbidden", e.Code)
	h.login("rokafor").get("/api/videos").status(http.StatusForbidden)

	// Someone else's share is the same 404 as one that does not exist.
	pc := h.login("pnguyen")
	theirs := pc.access(h.shareOf("cdiaz", video.ViewAndDownload).ShareID, "view").status(http.StatusNotFound)
	missing := pc.access("no-such-share", "view").status(http.StatusNotFound)
	require.JSONEq(t, string(theirs.body), string(missing.body))
}

func TestTicketFromTheTicketEndpointDownloadsTheBytes(t *testing.T) {
	h := newHarness(t, true, true)
	share := h.shareOf("cdiaz", video.ViewAndDownload)
	c := h.login("cdiaz")
	tk := c.ticket(share.ShareID, "download")
	require.Equal(t, "download", tk.Action)
	require.True(t, tk.FirstOpen)
	require.Equal(t, share.VideoID, tk.Video.ID)
	require.True(t, strings.HasPrefix(tk.URL, "/api/videos/download?ticket="))
	require.Equal(t, h.clock.Now().Add(video.DefaultTicketTTL), tk.ExpiresAt)

	// The ticket is the credential: a client without a session downloads.
	res := h.anonymous().get(tk.URL).status(http.StatusOK)
	require.Equal(t, share.Contents, res.body)
	require.Equal(t, "video/mp4", res.header.Get("Content-Type"))
	require.Equal(t, `attachment; filename=Forensic_interview_JD_part_1.mp4`, res.header.Get("Content-Disposition"))
	require.Equal(t, "private, no-store", res.header.Get("Cache-Control"))

	// A download ticket is used once: a replay is refused.
	c.get(tk.URL).status(http.StatusUnauthorized)
	// A download is whole: a range asked with a new ticket gets the file.
	whole := c.get(c.ticket(share.ShareID, "download").URL, "Range", "bytes=100-199").status(http.StatusOK)
	require.Equal(t, share.Contents, whole.body)

	// A view ticket streams inline, and serves ranges, as a player asks
	// for them.
	view := c.ticket(share.ShareID, "view")
	require.False(t, view.FirstOpen)
	res = c.get(view.URL).status(http.StatusOK)
	require.Equal(t, share.Contents, res.body)
	require.True(t, strings.HasPrefix(res.header.Get("Content-Disposition"), "inline"))
	part := c.get(view.URL, "Range", "bytes=100-199").status(http.StatusPartialContent)
	require.Equal(t, share.Contents[100:200], part.body)

	// Every ticket issued and every use of one is in the video's chain
	// of custody: two downloads, two views of one ticket, one replay.
	count := map[string]int{}
	for _, a := range auditActions(t, h, share.VideoID) {
		count[a]++
	}
	require.Equal(t, 2, count[string(video.EventDownloaded)])
	require.Equal(t, 1, count[string(video.EventViewed)])
	require.Equal(t, 2, count[string(video.EventDownloadServed)])
	require.Equal(t, 2, count[string(video.EventViewServed)])
	require.Equal(t, 1, count[string(video.EventAccessDenied)])
}

func TestTicketsThatMustNotDownload(t *testing.T) {
	h := newHarness(t, true, true)
	share := h.shareOf("cdiaz", video.ViewAndDownload)
	c := h.login("cdiaz")
	tk := c.ticket(share.ShareID, "download")

	t.Run("tampered", func(t *testing.T) {
		q, err := url.ParseQuery(strings.TrimPrefix(tk.URL, "/api/videos/download?"))
		require.NoError(t, err)
		ticket := []byte(q.Get("ticket"))
		i := len(ticket) / 2
		if ticket[i] == 'A' {
			ticket[i] = 'B'
		} else {
			ticket[i] = 'A'
		}
		res := c.get("/api/videos/download?ticket=" + url.QueryEscape(string(ticket))).status(http.StatusUnauthorized)
		require.Equal(t, "unauthenticated", res.apiError().Code)
		require.NotEqual(t, share.Contents, res.body)
	})
	t.Run("view ticket used for download", func(t *testing.T) {
		view := c.ticket(share.ShareID, "view")
		ticket := strings.TrimPrefix(view.URL, "/api/videos/view?")
		e := c.get("/api/videos/download?" + ticket).status(http.StatusForbidden).apiError()
		require.Equal(t, video.ErrTicketWrongAction.Message, e.Message)
	})
	t.Run("download of a view-only share", func(t *testing.T) {
		pc := h.login("pnguyen")
		e := pc.access(h.shareOf("pnguyen", video.ViewOnly).ShareID, "download").status(http.StatusForbidden).apiError()
		require.Contains(t, e.Message, "viewing only")
	})
	t.Run("another user's session", func(t *testing.T) {
		before := len(auditActions(t, h, share.VideoID))
		e := h.login("pnguyen").get(tk.URL).status(http.StatusForbidden).apiError()
		require.Equal(t, video.ErrTicketWrongUser.Message, e.Message)
		events, err := audit.NewService(h.app.Store.Audit()).List(context.Background(),
			audit.Filter{TargetType: audit.TargetVideo, TargetID: share.VideoID})
		require.NoError(t, err)
		require.Len(t, events, before+1, "the attempt is in the chain of custody")
		last := events[len(events)-1]
		require.Equal(t, video.EventAccessDenied, last.Action)
		require.Equal(t, "ticket_wrong_user", last.Details["reason"])
		require.Equal(t, h.principal("pnguyen").PersonID, last.ActorID)
	})
	t.Run("no ticket", func(t *testing.T) {
		c.get("/api/videos/download").problem(http.StatusBadRequest, "ticket", "required")
	})
	t.Run("viewer agreement not accepted", func(t *testing.T) {
		c.post("/api/videos/shares/"+share.ShareID+"/access", map[string]string{"action": "download"}).
			problem(http.StatusBadRequest, "agreement", video.RuleAgreementRequired)
	})
	t.Run("unknown action", func(t *testing.T) {
		c.post("/api/videos/shares/"+share.ShareID+"/access", map[string]string{"action": "copy"}).
			problem(http.StatusBadRequest, "action", "one_of")
	})
	t.Run("share revoked after the ticket was issued", func(t *testing.T) {
		fresh := c.ticket(h.shareOf("cdiaz", video.ViewOnly).ShareID, "view")
		staff := h.principal("srivera")
		_, err := h.app.Videos.Revoke(context.Background(), staff, h.shareOf("cdiaz", video.ViewOnly).ShareID, "case closed")
		require.NoError(t, err)
		e := c.get(fresh.URL).status(http.StatusForbidden).apiError()
		require.Contains(t, e.Message, "revoked")
	})
	t.Run("expired", func(t *testing.T) {
		h.advance(video.DefaultTicketTTL + time.Second)
		e := h.anonymous().get(tk.URL).status(http.StatusUnauthorized).apiError()
		require.Equal(t, video.ErrTicketExpired.Message, e.Message)
	})
}

// principal logs the seeded user in directly through the SDK.
func (h *harness) principal(username string) *auth.Principal {
	h.t.Helper()
	res, err := h.app.Auth.Login(context.Background(), auth.LoginRequest{Username: username, Password: h.seed.user(username).Password})
	require.NoError(h.t, err)
	return res.Principal
}

// auditActions lists the audit actions recorded about a video, in order.
func auditActions(t *testing.T, h *harness, videoID string) []string {
	t.Helper()
	events, err := audit.NewService(h.app.Store.Audit()).List(context.Background(),
		audit.Filter{TargetType: audit.TargetVideo, TargetID: videoID})
	require.NoError(t, err)
	var out []string
	for _, e := range events {
		out = append(out, string(e.Action))
	}
	return out
}
