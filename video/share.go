package video

import (
	"time"
)

// Mode is what a share lets its grantee do.
type Mode string

// The modes.
const (
	// ViewOnly: the grantee may view the video but not download it.
	ViewOnly Mode = "view"
	// ViewAndDownload: the grantee may view and download the video.
	ViewAndDownload Mode = "view_download"
)

// Valid reports whether m is a known mode.
func (m Mode) Valid() bool { return m == ViewOnly || m == ViewAndDownload }

// Allows reports whether the mode permits the action.
func (m Mode) Allows(a Action) bool {
	switch a {
	case View:
		return m.Valid()
	case Download:
		return m == ViewAndDownload
	}
	return false
}

// Share gives one portal user (the grantee) one video for a window of time.
type Share struct {
	ID      string
	VideoID string
	// GranteeID is the person the video is shared with; SharedBy, the
	// person who shared it.
	GranteeID string
	SharedBy  string
	Mode      Mode
	// Note is the sharer's message to the grantee; may be empty.
	Note string
	// The share is usable from StartsAt (inclusive) until ExpiresAt
	// (exclusive).
	StartsAt  time.Time
	ExpiresAt time.Time
	// RevokedAt is set when the share is revoked, with who did it and why.
	RevokedAt    *time.Time
	RevokedBy    string
	RevokeReason string
	// OpenedAt is the grantee's first view or download.
	OpenedAt  *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version increases with every stored change; an update based on an old
	// version is refused with a conflict.
	Version int64
}

// State is where a share stands at a moment.
type State string

// The states.
const (
	// Scheduled: the share has not started yet.
	Scheduled State = "scheduled"
	// Active: the grantee may use the share now.
	Active State = "active"
	// Expired: the share's window has passed.
	Expired State = "expired"
	// Revoked: someone revoked the share.
	Revoked State = "revoked"
)

// State returns the share's state at now: Revoked once revoked, whatever
// the time; otherwise Scheduled before StartsAt, Expired from ExpiresAt on,
// and Active in between.
func (s Share) State(now time.Time) State {
	switch {
	case s.RevokedAt != nil:
		return Revoked
	case now.Before(s.StartsAt):
		return Scheduled
	case !now.Before(s.ExpiresAt):
		return Expired
	}
	return Active
}

// Opened reports whether the grantee has viewed or downloaded the video
// through this share.
func (s Share) Opened() bool { return s.OpenedAt != nil }

// Current reports whether the share is neither revoked nor expired at now:
// it is Scheduled or Active.
func (s Share) Current(now time.Time) bool {
	st := s.State(now)
	return st == Scheduled || st == Active
}
