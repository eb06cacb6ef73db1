package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

// StatusClientClosedRequest is the status logged for a request whose client
// went away before the answer was ready (nginx's 499); nobody reads it.
const StatusClientClosedRequest = 499

// errMediaType refuses a request body that is not JSON.
var errMediaType = &carenet.Error{Code: carenet.Invalid, Op: "portalserver", Message: "send the request body as application/json"}

// errBodyTooLarge refuses a request body over Config.MaxBodyBytes.
var errBodyTooLarge = &carenet.Error{Code: carenet.Invalid, Op: "portalserver", Message: "the request body is too large"}

// statusOf is the one place an error becomes an HTTP status: the SDK's
// code decides it, and the transport's own three refusals (a body too
// large, a body not JSON, a method the path does not take) get their
// specific statuses.
func statusOf(err error) int {
	switch {
	case errors.Is(err, errBodyTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, errMediaType):
		return http.StatusUnsupportedMediaType
	case errors.Is(err, errMethod):
		return http.StatusMethodNotAllowed
	}
	switch carenet.ErrorCode(err) {
	case carenet.Invalid:
		return http.StatusBadRequest
	case carenet.Unauthenticated, carenet.ReauthenticationRequired:
		return http.StatusUnauthorized
	case carenet.Forbidden, carenet.SecondFactorEnrolmentRequired:
		return http.StatusForbidden
	case carenet.NotFound:
		return http.StatusNotFound
	case carenet.Conflict, carenet.InUse:
		return http.StatusConflict
	case carenet.Canceled:
		if errors.Is(err, context.DeadlineExceeded) {
			return http.StatusServiceUnavailable
		}
		return StatusClientClosedRequest
	}
	return http.StatusInternalServerError
}

// errorBody is the JSON of every error answer.
type errorBody struct {
	Error errorDetail `json:"error"`
}

// errorDetail says what went wrong in words safe to show the user.
type errorDetail struct {
	// Code is the SDK's error code ("invalid", "forbidden", ...).
	Code string `json:"code"`
	// Message is carenet.ErrorMessage of the error: never the text of an
	// internal cause.
	Message string `json:"message"`
	// Problems lists every field at fault, for an invalid input.
	Problems []carenet.FieldError `json:"problems,omitempty"`
	// SecondFactorRequired tells a login form to ask for the one-time code
	// or, when Passkey is set, the passkey.
	SecondFactorRequired bool `json:"second_factor_required,omitempty"`
	// Passkey is the passkey ceremony a login with a second factor may
	// answer instead (the options for navigator.credentials.get), for an
	// account with passkeys: the login is sent again with its answer.
	Passkey json.RawMessage `json:"passkey,omitempty"`
	// Duplicates are the cases the duplicate-client check found when a
	// reviewer asked for a new case.
	Duplicates []referral.CaseMatch `json:"duplicates,omitempty"`
}

// writeError answers with err's status and a JSON body saying why. An
// internal error is logged with the request's method and path (never its
// query, which may hold an access ticket) and answered with a generic
// message.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	code := carenet.ErrorCode(err)
	body := errorBody{Error: errorDetail{Code: string(code), Message: carenet.ErrorMessage(err)}}
	switch code {
	case carenet.Invalid:
		if v := carenet.Validation(err); v != nil {
			body.Error.Problems = v.Problems
		}
	case carenet.Unauthenticated:
		w.Header().Set("WWW-Authenticate", `Bearer realm="carenet"`)
		body.Error.SecondFactorRequired = errors.Is(err, auth.ErrSecondFactorRequired)
		var sf *auth.SecondFactorRequired
		if errors.As(err, &sf) && sf.Passkey != nil {
			body.Error.Passkey = sf.Passkey.Options
		}
	case carenet.ReauthenticationRequired:
		// The session is good but its sign-in too old for the action: the
		// client asks the user to sign in again and retries (RFC 9470's
		// step-up challenge).
		w.Header().Set("WWW-Authenticate", `Bearer realm="carenet", error="insufficient_user_authentication", error_description="sign in again to do this"`)
	case carenet.Conflict:
		var d *referral.DuplicatesError
		if errors.As(err, &d) {
			body.Error.Duplicates = d.Matches
		}
	case carenet.Internal:
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	writeJSON(w, status, body)
}
