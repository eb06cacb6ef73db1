package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// apiRoutes are every route of the JSON API (as main's doc lists them),
// by path with the methods each takes.
var apiRoutes = map[string][]string{
	"/api/login":                    {http.MethodPost},
	"/api/logout":                   {http.MethodPost},
	"/api/me":                       {http.MethodGet},
	"/api/videos":                   {http.MethodGet},
	"/api/videos/shares/s-1/access": {http.MethodPost},
	"/api/videos/view":              {http.MethodGet},
	"/api/videos/download":          {http.MethodGet},
	"/api/referrals":                {http.MethodGet, http.MethodPost},
	"/api/referrals/r-1":            {http.MethodGet},
	"/api/intake":                   {http.MethodGet},
	"/api/intake/r-1":               {http.MethodGet},
	"/api/intake/r-1/review":        {http.MethodPost},
	"/api/intake/r-1/request-info":  {http.MethodPost},
	"/api/intake/r-1/reject":        {http.MethodPost},
	"/api/intake/r-1/accept":        {http.MethodPost},
}

// TestAPIAnswersEveryWrongMethodWithJSON405 sends each API route every
// method it does not take: each answer is a JSON error with status 405 and
// an Allow header naming the methods it does take.
func TestAPIAnswersEveryWrongMethodWithJSON405(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.anonymous()
	for path, allowed := range apiRoutes {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
			if slices.Contains(allowed, m) {
				continue
			}
			res := c.do(m, path, nil)
			require.Equal(t, http.StatusMethodNotAllowed, res.code, "%s %s: %s", m, path, res.body)
			e := res.apiError()
			require.NotEmpty(t, e.Message, "%s %s", m, path)
			allow := res.header.Get("Allow")
			for _, a := range allowed {
				require.Contains(t, allow, a, "%s %s", m, path)
			}
		}
	}
}

// TestAPIAnswersUnknownPathsWithJSON404 asks for paths the API does not
// have, under every method: each answer is a JSON not_found error.
func TestAPIAnswersUnknownPathsWithJSON404(t *testing.T) {
	h := newHarness(t, true, true)
	c := h.login("rokafor")
	for _, path := range []string{"/api", "/api/", "/api/nothing", "/api/videos/shares", "/api/referrals/r-1/edit", "/api/intake/r-1/merge", "/api/me/extra"} {
		for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			res := c.do(m, path, nil)
			if res.code == http.StatusMethodNotAllowed {
				continue // a known path, under a method it does not take
			}
			require.Equal(t, http.StatusNotFound, res.code, "%s %s: %s", m, path, res.body)
			require.Equal(t, "not_found", res.apiError().Code, "%s %s", m, path)
		}
	}
	// An unknown page is a page, not JSON.
	res := c.get("/nothing-here")
	require.Equal(t, http.StatusNotFound, res.code)
	require.True(t, strings.HasPrefix(res.header.Get("Content-Type"), "text/html"), res.header.Get("Content-Type"))
}
