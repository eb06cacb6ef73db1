package carenet_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/carenet-go/carenet"
)

// driverErr stands in for an error from a database driver: its text must
// never reach an end user.
var driverErr = errors.New(`pq: password authentication failed for user "x"`)

var allCodes = []carenet.Code{
	carenet.Invalid, carenet.NotFound, carenet.Conflict, carenet.InUse,
	carenet.Forbidden, carenet.Unauthenticated, carenet.ReauthenticationRequired, carenet.SecondFactorEnrolmentRequired,
	carenet.Canceled, carenet.Internal,
}

func validationErr(t *testing.T) error {
	t.Helper()
	var p carenet.Problems
	p.Add("name", carenet.RuleRequired, "is required")
	p.Add("dob", carenet.RuleFuture, "must not be in the future")
	return p.Err()
}

func TestErrorCode(t *testing.T) {
	verr := validationErr(t)
	tests := []struct {
		name string
		err  error
		want carenet.Code
	}{
		{"nil", nil, ""},
		{"validation error", verr, carenet.Invalid},
		{"validation error wrapped", fmt.Errorf("checking: %w", verr), carenet.Invalid},
		{"validation error in Invalid error", carenet.E("op", carenet.Invalid, "", verr), carenet.Invalid},
		{"context canceled", context.Canceled, carenet.Canceled},
		{"deadline exceeded", context.DeadlineExceeded, carenet.Canceled},
		{"context canceled wrapped", fmt.Errorf("query: %w", context.Canceled), carenet.Canceled},
		{"context canceled in Internal error", carenet.E("op", carenet.Internal, "", context.Canceled), carenet.Canceled},
		{"deadline exceeded in Internal error", carenet.E("op", carenet.Internal, "", context.DeadlineExceeded), carenet.Canceled},
		{"wrapped deadline in Internal error", carenet.E("op", carenet.Internal, "", fmt.Errorf("pq: %w", context.DeadlineExceeded)), carenet.Canceled},
		{"Internal error in foreign wrapper with context cause", fmt.Errorf("x: %w", carenet.E("op", carenet.Internal, "", context.Canceled)), carenet.Canceled},
		{"context error under a non-internal code keeps the code", &carenet.Error{Code: carenet.Conflict, Err: context.Canceled}, carenet.Conflict},
		{"foreign error", driverErr, carenet.Internal},
		{"foreign error wrapped", fmt.Errorf("store: %w", driverErr), carenet.Internal},
		{"foreign error in Internal error", carenet.E("op", carenet.Internal, "", driverErr), carenet.Internal},
		{"Error without a code", &carenet.Error{Message: "oops"}, carenet.Internal},
		{"Error without a code wrapping a context error", &carenet.Error{Err: context.Canceled}, carenet.Canceled},
		{"first Error in chain wins", &carenet.Error{Code: carenet.Forbidden, Err: &carenet.Error{Code: carenet.NotFound}}, carenet.Forbidden},
	}
	for _, code := range allCodes {
		tests = append(tests, struct {
			name string
			err  error
			want carenet.Code
		}{"code " + string(code), carenet.Errorf(code, "m"), code})
		tests = append(tests, struct {
			name string
			err  error
			want carenet.Code
		}{"code " + string(code) + " wrapped", fmt.Errorf("a: %w", fmt.Errorf("b: %w", carenet.Errorf(code, "m"))), code})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carenet.ErrorCode(tt.err); got != tt.want {
				t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
			}
		})
	}
}

func TestE(t *testing.T) {
	notFound := carenet.Errorf(carenet.NotFound, "case not found")
	tests := []struct {
		name  string
		code  carenet.Code
		cause error
		want  carenet.Code
	}{
		{"no cause", carenet.Conflict, nil, carenet.Conflict},
		{"foreign cause", carenet.Internal, driverErr, carenet.Internal},
		{"store NotFound stays NotFound", carenet.Internal, notFound, carenet.NotFound},
		{"store NotFound wrapped stays NotFound", carenet.Internal, fmt.Errorf("get: %w", notFound), carenet.NotFound},
		{"cause code wins over a non-internal code", carenet.Invalid, notFound, carenet.NotFound},
		{"Internal cause does not override", carenet.Conflict, carenet.Errorf(carenet.Internal, "x"), carenet.Conflict},
		{"cause without a code does not override", carenet.Forbidden, &carenet.Error{Message: "x"}, carenet.Forbidden},
		{"validation cause", carenet.Invalid, validationErr(t), carenet.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := carenet.E("op", tt.code, "msg", tt.cause)
			if err.Code != tt.want {
				t.Errorf("Code = %q, want %q", err.Code, tt.want)
			}
			if got := carenet.ErrorCode(err); got != tt.want {
				t.Errorf("ErrorCode = %q, want %q", got, tt.want)
			}
			if err.Op != "op" || err.Message != "msg" {
				t.Errorf("Op, Message = %q, %q; want op, msg", err.Op, err.Message)
			}
			if !errors.Is(err, tt.cause) && tt.cause != nil {
				t.Errorf("errors.Is(err, cause) = false")
			}
		})
	}
}

func TestErrorf(t *testing.T) {
	err := carenet.Errorf(carenet.Conflict, "username %q is taken", "ann")
	if err.Code != carenet.Conflict || err.Message != `username "ann" is taken` || err.Op != "" || err.Err != nil {
		t.Errorf("Errorf = %#v", err)
	}
}

func TestErrorMessage(t *testing.T) {
	verr := validationErr(t)
	const problems = "name: is required; dob: must not be in the future"
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"foreign error", driverErr, "internal error"},
		{"foreign error wrapped", fmt.Errorf("store: %w", driverErr), "internal error"},
		{"foreign error in Internal error", carenet.E("store.Get", carenet.Internal, "", driverErr), "internal error"},
		{"Internal error hides its own message", carenet.E("store.Get", carenet.Internal, "query failed: "+driverErr.Error(), driverErr), "internal error"},
		{"Error without a code hides its message", &carenet.Error{Message: driverErr.Error()}, "internal error"},
		{"message of a non-internal error", carenet.Errorf(carenet.NotFound, "case c-1 not found"), "case c-1 not found"},
		{"message of a wrapped error", fmt.Errorf("load: %w", carenet.Errorf(carenet.Conflict, "stale version")), "stale version"},
		{"message shown, cause hidden", carenet.E("op", carenet.Conflict, "stale version", driverErr), "stale version"},
		{"validation error", verr, problems},
		{"validation error wrapped", fmt.Errorf("check: %w", verr), problems},
		{"validation error in Invalid error without message", carenet.E("op", carenet.Invalid, "", verr), problems},
		{"validation error in Invalid error with message", carenet.E("op", carenet.Invalid, "bad request", verr), "bad request"},
		{"empty validation error", &carenet.ValidationError{}, "the input is not valid"},
		{"context canceled", context.Canceled, "the request was cancelled"},
		{"context canceled in Internal error", carenet.E("op", carenet.Internal, "", fmt.Errorf("pq: %w", context.Canceled)), "the request was cancelled"},
		{"default Invalid", &carenet.Error{Code: carenet.Invalid}, "the input is not valid"},
		{"default NotFound", &carenet.Error{Code: carenet.NotFound}, "not found"},
		{"default Conflict", &carenet.Error{Code: carenet.Conflict}, "the change conflicts with the current state; reload and try again"},
		{"default InUse", &carenet.Error{Code: carenet.InUse}, "it is in use and cannot be deleted"},
		{"default Forbidden", &carenet.Error{Code: carenet.Forbidden}, "you do not have permission to do that"},
		{"default Unauthenticated", &carenet.Error{Code: carenet.Unauthenticated}, "authentication required"},
		{"default ReauthenticationRequired", &carenet.Error{Code: carenet.ReauthenticationRequired}, "please sign in again to do this"},
		{"default Canceled", &carenet.Error{Code: carenet.Canceled}, "the request was cancelled"},
		{"default Internal", &carenet.Error{Code: carenet.Internal}, "internal error"},
		{"default with foreign cause", &carenet.Error{Code: carenet.NotFound, Err: driverErr}, "not found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := carenet.ErrorMessage(tt.err)
			if got != tt.want {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.want)
			}
			if strings.Contains(got, "pq:") || strings.Contains(got, "password") {
				t.Errorf("ErrorMessage leaks a foreign error: %q", got)
			}
		})
	}
}

func TestErrorMessageNeverEmpty(t *testing.T) {
	for _, code := range append(allCodes, "", "unknown_code") {
		t.Run("code "+string(code), func(t *testing.T) {
			for _, err := range []error{&carenet.Error{Code: code}, &carenet.Error{Code: code, Err: driverErr}} {
				if got := carenet.ErrorMessage(err); got == "" {
					t.Errorf("ErrorMessage(%#v) is empty", err)
				}
			}
		})
	}
}

func TestError_Error(t *testing.T) {
	cause := errors.New("cause")
	tests := []struct {
		name string
		err  *carenet.Error
		want string
	}{
		{"op, message and cause", &carenet.Error{Code: carenet.NotFound, Op: "cases.Get", Message: "no such case", Err: cause}, "cases.Get: no such case: cause"},
		{"op and message", &carenet.Error{Code: carenet.NotFound, Op: "cases.Get", Message: "no such case"}, "cases.Get: no such case"},
		{"message and cause", &carenet.Error{Code: carenet.NotFound, Message: "no such case", Err: cause}, "no such case: cause"},
		{"message only", &carenet.Error{Code: carenet.NotFound, Message: "no such case"}, "no such case"},
		{"code stands in for an empty message", &carenet.Error{Code: carenet.Conflict}, "conflict"},
		{"code with op and cause", &carenet.Error{Code: carenet.Internal, Op: "store.Get", Err: cause}, "store.Get: internal: cause"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestError_Unwrap(t *testing.T) {
	err := carenet.E("op", carenet.Internal, "", driverErr)
	if !errors.Is(err, driverErr) {
		t.Error("errors.Is(err, cause) = false")
	}
	if got := err.Unwrap(); got != driverErr {
		t.Errorf("Unwrap() = %v, want the cause", got)
	}
	if got := (&carenet.Error{Code: carenet.Internal}).Unwrap(); got != nil {
		t.Errorf("Unwrap() without cause = %v, want nil", got)
	}
}

func TestValidation(t *testing.T) {
	verr := validationErr(t)
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"nil", nil, false},
		{"foreign", driverErr, false},
		{"bare", verr, true},
		{"wrapped in Error", carenet.E("op", carenet.Invalid, "", verr), true},
		{"wrapped by fmt", fmt.Errorf("x: %w", verr), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := carenet.Validation(tt.err)
			if (v != nil) != tt.want {
				t.Fatalf("Validation() = %v, want found = %v", v, tt.want)
			}
			if v != nil && !v.Has("name", carenet.RuleRequired) {
				t.Errorf("Validation() lost the problems: %v", v)
			}
		})
	}
}
