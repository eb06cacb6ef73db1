package main

import (
	"net/http"
	"net/url"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// My Videos in the browser. The page offers View, and Download only for a
// share that allows it; the SDK decides again on every click, so a forged
// download of a view-only share is refused whatever the page showed.

// videosView is what videos.html shows.
type videosView struct {
	Videos    []video.MyVideo
	Agreement *video.Agreement
	Error     string
}

// videosPage is the My Videos tab (video.Service.MyVideos).
func (s *server) videosPage(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	s.renderVideos(w, r, p, http.StatusOK, "")
}

// renderVideos shows My Videos, with a message when a click failed.
func (s *server) renderVideos(w http.ResponseWriter, r *http.Request, p *auth.Principal, status int, message string) {
	rows, err := s.cfg.Videos.MyVideos(r.Context(), p)
	if err != nil {
		s.renderError(w, r, p, err)
		return
	}
	v := videosView{Videos: rows, Error: message}
	if a, ok := s.cfg.Videos.Agreement(); ok {
		v.Agreement = &a
	}
	s.render(w, r, status, "videos.html", p, v)
}

// playerView is what player.html shows.
type playerView struct {
	Video video.Info
	// URL streams the video with its access ticket.
	URL string
}

// videoAccess is a click on View or Download: it asks the SDK for an
// access ticket (video.Service.RequestAccess), which checks the share, its
// mode and the viewer agreement the user ticked, and records the access.
// A view plays in a page; a download is handed to the browser to save.
func (s *server) videoAccess(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	// An unknown action stays the zero Action, which the SDK refuses.
	action, _ := video.ParseAction(r.PathValue("action"))
	acc, err := s.cfg.Videos.RequestAccess(r.Context(), p, video.AccessRequest{
		ShareID: r.PathValue("share"), Action: action, Agreement: r.PostForm.Get("agreement"),
	})
	if err != nil {
		s.renderVideos(w, r, p, statusOf(err), "That video could not be opened: "+errorText(err))
		return
	}
	// The same stream handlers as the API's serve the bytes, verifying the
	// ticket before they read one.
	to := "/api/videos/" + acc.Claims.Action.String() + "?ticket=" + url.QueryEscape(acc.Ticket)
	if action == video.Download {
		http.Redirect(w, r, to, http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "player.html", p, playerView{Video: acc.Video, URL: to})
}
