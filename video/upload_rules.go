package video

import (
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// CheckVideo adds every problem with an upload to p and returns the upload
// normalised (checksum lower-cased, times as the SDK stores them). now is
// the current time: a recording cannot be in the future. The rules: client
// ID, title, recording time, duration, size, content type, checksum and
// storage key are required; the client, case and interviewer IDs
// identifiers (see ValidIdentifier) of at most MaxIDLength characters; the
// title
// at most MaxTitleLength; no control characters; the duration positive and
// at most MaxDuration; the size positive; the content type a video/* or
// application/octet-stream media type; the checksum 64 hexadecimal digits.
func CheckVideo(in NewVideo, now time.Time, p *carenet.Problems) NewVideo {
	checkIdentifier(p, "client_id", in.ClientID, true)
	checkIdentifier(p, "case_id", in.CaseID, false)
	p.Text("title", in.Title, true, MaxTitleLength, false)
	checkIdentifier(p, "interviewer_id", in.InterviewerID, false)
	switch {
	case in.RecordedAt.IsZero():
		p.Add("recorded_at", carenet.RuleRequired, "is required")
	case in.RecordedAt.After(now):
		p.Add("recorded_at", carenet.RuleFuture, "must not be in the future")
	}
	switch {
	case in.Duration <= 0:
		p.Add("duration", carenet.RuleRange, "must be more than zero")
	case in.Duration > MaxDuration:
		p.Add("duration", carenet.RuleRange, "must be at most 24 hours")
	}
	if in.SizeBytes <= 0 {
		p.Add("size_bytes", carenet.RuleRange, "must be more than zero")
	}
	if p.Text("content_type", in.ContentType, true, MaxContentTypeLength, false) && !validContentType(in.ContentType) {
		p.Add("content_type", carenet.RuleFormat, `must be a video media type such as "video/mp4"`)
	}
	in.SHA256 = strings.ToLower(in.SHA256)
	switch {
	case in.SHA256 == "":
		p.Add("sha256", carenet.RuleRequired, "is required")
	case !ValidSHA256(in.SHA256):
		p.Add("sha256", carenet.RuleFormat, "must be a SHA-256 checksum: 64 hexadecimal digits")
	}
	if in.StorageKey == "" {
		p.Add("storage_key", carenet.RuleRequired, "is required")
	} else if p.Text("storage_key", in.StorageKey, true, 0, false) && len(in.StorageKey) > MaxStorageKeyLength {
		p.Add("storage_key", carenet.RuleTooLong, "must be at most 1024 bytes")
	}
	in.RecordedAt = carenet.Timestamp(in.RecordedAt)
	return in
}

// ValidIdentifier reports whether s has the shape of an identifier: 1 to
// MaxIDLength ASCII letters, digits and the characters "-", "_", ".", ":"
// and "/", starting with a letter or a digit. UUIDs, "p-000001" and
// "CASE-2026/0001" are identifiers; text with spaces, ";", "=", quotes or
// line breaks is not, so an identifier can never pose as another field of
// an audit event or an export.
func ValidIdentifier(s string) bool {
	if s == "" || len(s) > MaxIDLength || !isAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && strings.IndexByte("-_.:/", c) < 0 {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// checkIdentifier adds a problem to p unless value is an identifier (or
// empty and not required): RuleRequired, RuleTooLong or RuleFormat on
// field.
func checkIdentifier(p *carenet.Problems, field, value string, required bool) {
	switch {
	case value == "":
		if required {
			p.Add(field, carenet.RuleRequired, "is required")
		}
	case len(value) > MaxIDLength:
		p.Add(field, carenet.RuleTooLong, "must be at most "+strconv.Itoa(MaxIDLength)+" characters")
	case !ValidIdentifier(value):
		p.Add(field, carenet.RuleFormat, `must be an identifier: letters, digits, "-", "_", ".", ":" or "/", starting with a letter or a digit`)
	}
}

// ValidSHA256 reports whether s is a SHA-256 checksum in hex: 64 digits,
// either case.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// validContentType accepts "video/<subtype>" and
// "application/octet-stream", with optional parameters after ";".
func validContentType(s string) bool {
	s, _, _ = strings.Cut(s, ";")
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "application/octet-stream" {
		return true
	}
	sub, ok := strings.CutPrefix(s, "video/")
	if !ok || sub == "" {
		return false
	}
	for i := 0; i < len(sub); i++ {
		c := sub[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&^_.+-", c) >= 0) {
			return false
		}
	}
	return true
}
