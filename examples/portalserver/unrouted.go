package main

import (
	"net/http"
	"strings"

	"github.com/carenet-go/carenet"
)

// unrouted answers a request no route takes as the rest of the server
// answers: an unknown path is a 404 and a known path with another method a
// 405 (with its Allow header), as JSON under /api/ and as a page
// elsewhere. http.ServeMux would answer both in plain text.
func (s *server) unrouted(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		// ServeMux's own answer says which of the two it is; keep only its
		// status and Allow header.
		var probe statusProbe
		probe.header = http.Header{}
		h.ServeHTTP(&probe, r)
		err := errNoRoute
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			err = errMethod
		}
		if r.URL.Path == "/api" || strings.HasPrefix(r.URL.Path, "/api/") {
			s.writeError(w, r, err)
			return
		}
		s.renderError(w, r, nil, err)
	})
}

// errNoRoute answers a path the server does not have.
var errNoRoute = &carenet.Error{Code: carenet.NotFound, Op: "portalserver", Message: "there is nothing at this address"}

// errMethod answers a method a path does not take (Allow lists the ones it
// does). It is the only error whose status the transport decides alone:
// statusOf maps it to 405.
var errMethod = &carenet.Error{Code: carenet.Invalid, Op: "portalserver", Message: "this address does not take this method"}

// statusProbe is a ResponseWriter that keeps only the status and headers.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header { return p.header }

func (p *statusProbe) Write(b []byte) (int, error) {
	if p.status == 0 {
		p.status = http.StatusOK
	}
	return len(b), nil
}

func (p *statusProbe) WriteHeader(status int) {
	if p.status == 0 {
		p.status = status
	}
}
