package main

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// DefaultMaxBodyBytes is the largest request body accepted when
// Config.MaxBodyBytes is 0. A referral with its narrative fits easily.
const DefaultMaxBodyBytes = 256 << 10

// decode reads the request body as one JSON value into dst, strictly: the
// body must be application/json, at most Config.MaxBodyBytes long, hold
// exactly one value and name no field dst lacks. A bad body is an Invalid
// error whose problem names the field at fault (or "body").
func (s *server) decode(w http.ResponseWriter, r *http.Request, dst any) error {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return errMediaType
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return bodyError(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return errBodyTooLarge
		}
		return invalid("body", carenet.RuleFormat, "must hold a single JSON value")
	}
	return nil
}

// bodyError turns a decoding error into an Invalid error naming the field.
func bodyError(err error) error {
	var (
		tooLarge  *http.MaxBytesError
		syntax    *json.SyntaxError
		typeErr   *json.UnmarshalTypeError
		timeParse *time.ParseError
	)
	switch {
	case errors.As(err, &tooLarge):
		return errBodyTooLarge
	case errors.Is(err, io.EOF):
		return invalid("body", carenet.RuleRequired, "a JSON object is required")
	case errors.As(err, &syntax):
		return invalid("body", carenet.RuleFormat, "is not valid JSON (at byte "+strconv.FormatInt(syntax.Offset, 10)+")")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalid("body", carenet.RuleFormat, "is not valid JSON (it ends too soon)")
	case errors.As(err, &typeErr):
		field := typeErr.Field
		if field == "" {
			field = "body"
		}
		return invalid(field, carenet.RuleFormat, "must be "+jsonKind(typeErr.Type))
	case errors.As(err, &timeParse):
		return invalid("body", carenet.RuleFormat, "a date or time is not in RFC 3339 form, such as 2026-02-20T00:00:00Z")
	}
	// encoding/json reports an unknown field only in its message.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if unq, err := strconv.Unquote(name); err == nil {
			name = unq
		}
		return invalid(name, carenet.RuleNotAllowed, "is not a known field")
	}
	return invalid("body", carenet.RuleFormat, "is not valid JSON")
}

// jsonKind says in words what JSON value a Go type takes.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	if t == reflect.TypeFor[time.Time]() {
		return "a date and time in RFC 3339 form"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonKind(t.Elem())
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}

// invalid is an Invalid error with one problem.
func invalid(field, rule, message string) error {
	var p carenet.Problems
	p.Add(field, rule, message)
	return carenet.E("portalserver", carenet.Invalid, "", p.Err())
}

// writeResult answers a call's result: v as JSON with 200, or err as
// writeError answers it.
func (s *server) writeResult(w http.ResponseWriter, r *http.Request, v any, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// writeJSON answers with status and v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	// The status is sent; a client that went away cannot be told more.
	_ = json.NewEncoder(w).Encode(v)
}
