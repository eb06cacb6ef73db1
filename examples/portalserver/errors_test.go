package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

func TestStatusOfMapsEveryCode(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want int
	}{
		{carenet.Errorf(carenet.Invalid, "x"), http.StatusBadRequest},
		{&carenet.ValidationError{}, http.StatusBadRequest},
		{auth.ErrLoginFailed, http.StatusUnauthorized},
		{auth.ErrReauthenticationRequired, http.StatusUnauthorized},
		{video.ErrTicketSignature, http.StatusUnauthorized},
		{video.ErrTicketWrongAction, http.StatusForbidden},
		{carenet.Errorf(carenet.Forbidden, "x"), http.StatusForbidden},
		{auth.ErrEnrolSecondFactor, http.StatusForbidden},
		{video.ErrShareNotFound, http.StatusNotFound},
		{carenet.Errorf(carenet.Conflict, "x"), http.StatusConflict},
		{carenet.Errorf(carenet.InUse, "x"), http.StatusConflict},
		{carenet.E("op", carenet.Internal, "", context.Canceled), StatusClientClosedRequest},
		{carenet.E("op", carenet.Internal, "", context.DeadlineExceeded), http.StatusServiceUnavailable},
		{errors.New("pq: connection refused"), http.StatusInternalServerError},
		{carenet.Errorf(carenet.Internal, "x"), http.StatusInternalServerError},
		{errBodyTooLarge, http.StatusRequestEntityTooLarge},
		{errMediaType, http.StatusUnsupportedMediaType},
		{fmt.Errorf("wrapped: %w", carenet.Errorf(carenet.NotFound, "x")), http.StatusNotFound},
	} {
		require.Equal(t, tc.want, statusOf(tc.err), "%v", tc.err)
	}
}

func TestInternalErrorsAreGenericAndLogged(t *testing.T) {
	var logs bytes.Buffer
	s := &server{log: slog.New(slog.NewTextHandler(&logs, nil))}
	r := httptest.NewRequest(http.MethodGet, "/api/videos/download?ticket=secret-ticket", nil)
	w := httptest.NewRecorder()
	s.writeError(w, r, carenet.E("store", carenet.Internal, "", errors.New("pq: password authentication failed for user carenet")))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.JSONEq(t, `{"error":{"code":"internal","message":"internal error"}}`, w.Body.String())
	require.Contains(t, logs.String(), "password authentication failed", "the cause goes to the log")
	require.Contains(t, logs.String(), "/api/videos/download")
	require.NotContains(t, logs.String(), "secret-ticket", "never the query, which may hold a ticket")
}

// TestReauthenticationRequiredAsksToSignInAgain: a sensitive action past
// the sign-in window is a 401 whose challenge and code say to sign in
// again, not that the session ended.
func TestReauthenticationRequiredAsksToSignInAgain(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler)}
	w := httptest.NewRecorder()
	s.writeError(w, httptest.NewRequest(http.MethodPost, "/api/anything", nil), fmt.Errorf("sharing: %w", auth.ErrReauthenticationRequired))
	require.Equal(t, http.StatusUnauthorized, w.Code)
	require.Contains(t, w.Header().Get("WWW-Authenticate"), `error="insufficient_user_authentication"`)
	require.JSONEq(t, `{"error":{"code":"reauthentication_required","message":"for your security, please sign in again to do this"}}`, w.Body.String())
}

func TestPanicsBecomeAGeneric500(t *testing.T) {
	s := &server{log: slog.New(slog.DiscardHandler)}
	h := s.guard(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret detail") }))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	require.Equal(t, http.StatusInternalServerError, w.Code)
	require.NotContains(t, w.Body.String(), "secret detail")
	require.Equal(t, "nosniff", w.Header().Get("X-Content-Type-Options"))
}

func TestNewServerNamesMissingServices(t *testing.T) {
	_, err := newServer(Config{MaxBodyBytes: -1})
	v := carenet.Validation(err)
	require.NotNil(t, v, "%v", err)
	for _, f := range []string{"Auth", "Videos", "Referrals", "Blobs", "MaxBodyBytes"} {
		require.True(t, v.Has(f, carenet.RuleRequired) || v.Has(f, carenet.RuleRange), "no problem on %s: %v", f, err)
	}
}

func TestUnauthenticatedCallsGet401(t *testing.T) {
	h := newHarness(t, true, true)
	routes := []struct{ method, path string }{
		{http.MethodGet, "/api/me"},
		{http.MethodGet, "/api/videos"},
		{http.MethodPost, "/api/videos/shares/" + h.shareOf("cdiaz", video.ViewAndDownload).ShareID + "/access"},
		{http.MethodGet, "/api/referrals"},
		{http.MethodPost, "/api/referrals"},
		{http.MethodGet, "/api/referrals/" + h.seed.ReferralID},
		{http.MethodGet, "/api/intake"},
		{http.MethodGet, "/api/intake/" + h.seed.ReferralID},
		{http.MethodPost, "/api/intake/" + h.seed.ReferralID + "/review"},
		{http.MethodPost, "/api/intake/" + h.seed.ReferralID + "/request-info"},
		{http.MethodPost, "/api/intake/" + h.seed.ReferralID + "/reject"},
		{http.MethodPost, "/api/intake/" + h.seed.ReferralID + "/accept"},
	}
	credentials := map[string][]string{
		"none":           nil,
		"unknown token":  {"Authorization", "Bearer cns_not-a-real-token"},
		"empty bearer":   {"Authorization", "Bearer "},
		"another scheme": {"Authorization", "Basic cm9rYWZvcjpwdw=="},
		"unknown cookie": {"Cookie", "__Host-carenet_session=cns_forged"},
	}
	c := h.anonymous()
	for name, hdr := range credentials {
		for _, rt := range routes {
			var body any
			if rt.method == http.MethodPost {
				body = map[string]any{}
			}
			res := c.do(rt.method, rt.path, body, hdr...)
			require.Equal(t, http.StatusUnauthorized, res.code, "%s %s with %s: %s", rt.method, rt.path, name, res.body)
			require.Equal(t, "unauthenticated", res.apiError().Code)
			require.Equal(t, `Bearer realm="carenet"`, res.header.Get("WWW-Authenticate"))
		}
	}

	// Nothing changed behind the refusals.
	var r referral.Referral
	h.login("rokafor").get("/api/referrals/" + h.seed.ReferralID).status(http.StatusOK).json(&r)
	require.Equal(t, referral.StatusSubmitted, r.Status)
}

func TestBadJSONGets400NamingTheField(t *testing.T) {
	h := newHarness(t, true, true)
	anon := h.anonymous()
	rita := h.login("rokafor")
	sam := h.login("srivera")
	pw := h.seed.user("rokafor").Password

	anon.post("/api/login", `{"username":"rokafor","password":"`+pw+`","remember":true}`).problem(http.StatusBadRequest, "remember", carenet.RuleNotAllowed)
	anon.post("/api/login", `{"username":5,"password":"x"}`).problem(http.StatusBadRequest, "username", carenet.RuleFormat)
	anon.post("/api/login", `{"username":"rokafor",`).problem(http.StatusBadRequest, "body", carenet.RuleFormat)
	anon.post("/api/login", `{"username":"rokafor"]`).problem(http.StatusBadRequest, "body", carenet.RuleFormat)
	anon.post("/api/login", `{"username":"rokafor","password":"`+pw+`"} {"again":1}`).problem(http.StatusBadRequest, "body", carenet.RuleFormat)
	anon.post("/api/login", ``, "Content-Type", "application/json").problem(http.StatusBadRequest, "body", carenet.RuleRequired)

	e := rita.post("/api/referrals", `{"kind":"le","children":[{"given_name":"Jo","age":"nine"}]}`).problem(http.StatusBadRequest, "children.age", carenet.RuleFormat)
	require.Equal(t, "must be a whole number", e.Problems[0].Message)
	rita.post("/api/referrals", `{"kind":"le","children":[{"given_name":"Jo","shoe_size":3}]}`).problem(http.StatusBadRequest, "shoe_size", carenet.RuleNotAllowed)
	rita.post("/api/referrals", `{"kind":"le","incident_date":"2026-02-20"}`).problem(http.StatusBadRequest, "body", carenet.RuleFormat)
	rita.post("/api/referrals", `["le"]`).problem(http.StatusBadRequest, "body", carenet.RuleFormat)
	sam.post("/api/intake/"+h.seed.ReferralID+"/review", `{"version":"1"}`).problem(http.StatusBadRequest, "version", carenet.RuleFormat)
	sam.post("/api/intake/"+h.seed.ReferralID+"/review", `{"version":1,"reason":"x"}`).problem(http.StatusBadRequest, "reason", carenet.RuleNotAllowed)

	// The transport's own refusals.
	res := anon.post("/api/login", `{"username":"rokafor","password":"x"}`, "Content-Type", "text/plain").status(http.StatusUnsupportedMediaType)
	require.Equal(t, "send the request body as application/json", res.apiError().Message)
	huge := `{"username":"rokafor","password":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	res = anon.post("/api/login", huge).status(http.StatusRequestEntityTooLarge)
	require.Equal(t, "invalid", res.apiError().Code)
	huge = `{"kind":"le","narrative":"` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`
	rita.post("/api/referrals", huge).status(http.StatusRequestEntityTooLarge)

	// Nothing was submitted by any of it.
	require.Len(t, rita.mine("").Referrals, 1)
}
