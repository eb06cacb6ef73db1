package main

import (
	"net/http"
	"net/url"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// videoJSON is what a grantee may know about a shared video (video.Info).
type videoJSON struct {
	ID              string    `json:"id"`
	CaseID          string    `json:"case_id,omitempty"`
	Title           string    `json:"title"`
	RecordedAt      time.Time `json:"recorded_at"`
	DurationSeconds float64   `json:"duration_seconds"`
	SizeBytes       int64     `json:"size_bytes"`
	ContentType     string    `json:"content_type"`
	SHA256          string    `json:"sha256"`
	InterviewerID   string    `json:"interviewer_id,omitempty"`
}

func videoOf(v video.Info) videoJSON {
	return videoJSON{
		ID: v.ID, CaseID: v.CaseID, Title: v.Title, RecordedAt: v.RecordedAt, DurationSeconds: v.Duration.Seconds(),
		SizeBytes: v.SizeBytes, ContentType: v.ContentType, SHA256: v.SHA256, InterviewerID: v.InterviewerID,
	}
}

// myVideoJSON is one row of My Videos.
type myVideoJSON struct {
	ShareID     string    `json:"share_id"`
	State       string    `json:"state"`
	Mode        string    `json:"mode"`
	Note        string    `json:"note,omitempty"`
	StartsAt    time.Time `json:"starts_at"`
	ExpiresAt   time.Time `json:"expires_at"`
	Opened      bool      `json:"opened"`
	CanView     bool      `json:"can_view"`
	CanDownload bool      `json:"can_download"`
	Video       videoJSON `json:"video"`
}

// agreementJSON is the viewer agreement the grantee accepts before each
// view or download, by sending its digest.
type agreementJSON struct {
	Text   string `json:"text"`
	Digest string `json:"digest"`
}

// myVideosResponse is the My Videos tab.
type myVideosResponse struct {
	Videos    []myVideoJSON  `json:"videos"`
	Agreement *agreementJSON `json:"agreement,omitempty"`
}

// myVideos lists the caller's current shares (video.Service.MyVideos):
// 403 without Video Portal Access.
func (s *server) myVideos(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	rows, err := s.cfg.Videos.MyVideos(r.Context(), p)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := myVideosResponse{Videos: make([]myVideoJSON, 0, len(rows))}
	for _, row := range rows {
		out.Videos = append(out.Videos, myVideoJSON{
			ShareID: row.Share.ID, State: string(row.State), Mode: string(row.Share.Mode), Note: row.Share.Note,
			StartsAt: row.Share.StartsAt, ExpiresAt: row.Share.ExpiresAt, Opened: row.Opened,
			CanView: row.CanView, CanDownload: row.CanDownload, Video: videoOf(row.Video),
		})
	}
	if a, ok := s.cfg.Videos.Agreement(); ok {
		out.Agreement = &agreementJSON{Text: a.Text, Digest: a.Digest}
	}
	writeJSON(w, http.StatusOK, out)
}

// accessRequest is a click on View or Download in My Videos.
type accessRequest struct {
	// Action is "view" or "download".
	Action string `json:"action"`
	// Agreement is the digest of the viewer agreement the user accepted.
	Agreement string `json:"agreement,omitempty"`
}

// accessResponse is an issued access ticket and where to use it.
type accessResponse struct {
	// Ticket is the signed access ticket, a bearer credential until
	// ExpiresAt.
	Ticket    string    `json:"ticket"`
	Action    string    `json:"action"`
	ExpiresAt time.Time `json:"expires_at"`
	// URL streams (view) or downloads the video with the ticket.
	URL       string    `json:"url"`
	FirstOpen bool      `json:"first_open"`
	Video     videoJSON `json:"video"`
}

// requestAccess issues an access ticket for a view or download of one of
// the caller's shares (video.Service.RequestAccess). A share that is not
// the caller's is the same 404 as one that does not exist.
func (s *server) requestAccess(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	var in accessRequest
	if err := s.decode(w, r, &in); err != nil {
		s.writeError(w, r, err)
		return
	}
	// An unknown action stays the zero Action, which the SDK refuses
	// naming the field.
	action, _ := video.ParseAction(in.Action)
	acc, err := s.cfg.Videos.RequestAccess(r.Context(), p, video.AccessRequest{
		ShareID: r.PathValue("share"), Action: action, Agreement: in.Agreement,
	})
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, accessResponse{
		Ticket: acc.Ticket, Action: acc.Claims.Action.String(), ExpiresAt: acc.Claims.ExpiresAt,
		URL:       "/api/videos/" + acc.Claims.Action.String() + "?ticket=" + url.QueryEscape(acc.Ticket),
		FirstOpen: acc.FirstOpen, Video: videoOf(acc.Video),
	})
}
