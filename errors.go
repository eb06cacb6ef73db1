package carenet

import (
	"context"
	"errors"
	"fmt"
)

// Code classifies an error for callers. The set is deliberately small: a host
// maps each code to one transport status (an HTTP status, a gRPC code, an exit
// status) in one place.
type Code string

// The error codes every package of the SDK returns.
const (
	// Invalid: the input breaks a rule. The error usually wraps a
	// *ValidationError naming every field at fault.
	Invalid Code = "invalid"
	// NotFound: the thing does not exist, or the caller may not know it does.
	NotFound Code = "not_found"
	// Conflict: the change clashes with the stored state (a taken username,
	// a stale version, an illegal state transition).
	Conflict Code = "conflict"
	// InUse: the thing is referred to elsewhere and so cannot be deleted.
	InUse Code = "in_use"
	// Forbidden: the caller is known but lacks a permission or capability.
	Forbidden Code = "forbidden"
	// Unauthenticated: no valid credentials or session.
	Unauthenticated Code = "unauthenticated"
	// ReauthenticationRequired: the session is valid, but the action is a
	// sensitive one and the caller signed in too long ago (see
	// auth.Principal.RequireRecentSignIn). Ask the user to sign in again
	// (auth.Service.Reauthenticate renews the session) and then retry;
	// nothing was changed.
	ReauthenticationRequired Code = "reauthentication_required"
	// SecondFactorEnrolmentRequired: the caller signed in, but a security
	// group of theirs requires a second factor they have not set up, so
	// their session may do nothing but enrol one and sign out. Ask them to
	// enrol a second factor (a host maps it like Forbidden, to a page that
	// starts the enrolment).
	SecondFactorEnrolmentRequired Code = "second_factor_enrolment_required"
	// Canceled: the context was cancelled or its deadline passed.
	Canceled Code = "canceled"
	// Internal: anything else. Its detail is for logs, never for end users.
	Internal Code = "internal"
)

// Error is the SDK's error type. Code says what kind of failure it is, Message
// is safe to show to an end user, Op names the operation for diagnostics and
// Err keeps the underlying cause (never shown to end users).
type Error struct {
	Code    Code
	Op      string
	Message string
	Err     error
}

// Error renders the operation, message and cause for logs.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" {
		msg = string(e.Code)
	}
	switch {
	case e.Op != "" && e.Err != nil:
		return fmt.Sprintf("%s: %s: %v", e.Op, msg, e.Err)
	case e.Op != "":
		return e.Op + ": " + msg
	case e.Err != nil:
		return msg + ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the code and a formatted end-user message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// E wraps cause with a code, an operation name and an end-user message. When
// cause is already an *Error its code wins unless it is Internal, so a store's
// NotFound stays NotFound as it travels up.
func E(op string, code Code, message string, cause error) *Error {
	var c *Error
	if errors.As(cause, &c) && c.Code != Internal && c.Code != "" {
		code = c.Code
	}
	return &Error{Op: op, Code: code, Message: message, Err: cause}
}

// ErrorCode returns the code of err: the code of the first *Error in its
// chain, Invalid for a *ValidationError, Canceled for a context error, "" for
// nil and Internal for any other error. An *Error without a code counts as
// Internal, so a non-nil error never reports "".
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Code == Internal || e.Code == "" {
			if isContextErr(e.Err) {
				return Canceled
			}
			return Internal
		}
		return e.Code
	}
	var v *ValidationError
	if errors.As(err, &v) {
		return Invalid
	}
	if isContextErr(err) {
		return Canceled
	}
	return Internal
}

// ErrorMessage returns text about err that is safe to show to an end user:
// the message of the first *Error in its chain, the problems of a
// *ValidationError, or a generic sentence for anything else. The text of a
// foreign error (a driver's, the operating system's) never comes through.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != Internal && e.Code != "" {
		if e.Message != "" {
			return e.Message
		}
		if v := Validation(e.Err); v != nil && len(v.Problems) > 0 {
			return v.Error()
		}
		return defaultMessage(e.Code)
	}
	if v := Validation(err); v != nil && len(v.Problems) > 0 {
		return v.Error()
	}
	return defaultMessage(ErrorCode(err))
}

// Validation returns the *ValidationError in err's chain, or nil.
func Validation(err error) *ValidationError {
	var v *ValidationError
	if errors.As(err, &v) {
		return v
	}
	return nil
}

func defaultMessage(c Code) string {
	switch c {
	case Invalid:
		return "the input is not valid"
	case NotFound:
		return "not found"
	case Conflict:
		return "the change conflicts with the current state; reload and try again"
	case InUse:
		return "it is in use and cannot be deleted"
	case Forbidden:
		return "you do not have permission to do that"
	case Unauthenticated:
		return "authentication required"
	case ReauthenticationRequired:
		return "please sign in again to do this"
	case SecondFactorEnrolmentRequired:
		return "set up a second factor first"
	case Canceled:
		return "the request was cancelled"
	}
	return "internal error"
}

func isContextErr(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}
