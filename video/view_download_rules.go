package video

import (
	"errors"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// Decision is whether a principal may do an action with a share, and if
// not, why.
type Decision struct {
	Allowed bool
	// Reason is ReasonNone when Allowed, else why not.
	Reason Reason
}

// Reason says why an access was denied.
type Reason uint8

// The reasons, in the order Decide checks them.
const (
	// ReasonNone: the access is allowed.
	ReasonNone Reason = iota
	// ReasonUnauthenticated: there is no principal.
	ReasonUnauthenticated
	// ReasonNotGrantee: the share is someone else's. Callers answer exactly
	// as for a share that does not exist (ReasonNotFound).
	ReasonNotGrantee
	// ReasonNoVideoAccess: the principal lacks portal.ViewSharedVideos: their
	// portal or Video Portal Access is off, or their person or login is
	// inactive.
	ReasonNoVideoAccess
	// ReasonRevoked: the share was revoked.
	ReasonRevoked
	// ReasonNotStarted: the share's window has not begun.
	ReasonNotStarted
	// ReasonExpired: the share's window has passed.
	ReasonExpired
	// ReasonUnknownAction: the action is neither View nor Download.
	ReasonUnknownAction
	// ReasonViewOnly: a download was asked of a view-only share.
	ReasonViewOnly
	// ReasonNotFound: there is no such share (the Service's answer, never
	// Decide's).
	ReasonNotFound
	// ReasonAgreementRequired: the viewer agreement was not acknowledged,
	// or an older text was (the Service's answer, never Decide's).
	ReasonAgreementRequired
	// ReasonTicketExpired: an access ticket with a valid signature has
	// expired (Service.VerifyTicket's answer, never Decide's).
	ReasonTicketExpired
	// ReasonTicketWrongAction: an access ticket with a valid signature is
	// for another action (Service.VerifyTicket's answer, never Decide's).
	ReasonTicketWrongAction
	// ReasonTicketWrongUser: an access ticket with a valid signature was
	// presented by someone other than its grantee
	// (Service.VerifyTicketFor's answer, never Decide's).
	ReasonTicketWrongUser
	// ReasonTicketUsed: an access ticket with a valid signature was
	// already used as often as it may be: once for a download,
	// MaxViewTicketUses times for a view (Service.VerifyTicket's answer,
	// never Decide's).
	ReasonTicketUsed

	reasonCount
)

var reasonNames = [reasonCount]string{
	ReasonNone:              "none",
	ReasonUnauthenticated:   "unauthenticated",
	ReasonNotGrantee:        "not_grantee",
	ReasonNoVideoAccess:     "no_video_access",
	ReasonRevoked:           "revoked",
	ReasonNotStarted:        "not_started",
	ReasonExpired:           "expired",
	ReasonUnknownAction:     "unknown_action",
	ReasonViewOnly:          "view_only",
	ReasonNotFound:          "not_found",
	ReasonAgreementRequired: "agreement_required",
	ReasonTicketExpired:     "ticket_expired",
	ReasonTicketWrongAction: "ticket_wrong_action",
	ReasonTicketWrongUser:   "ticket_wrong_user",
	ReasonTicketUsed:        "ticket_used",
}

// String is the reason's stable name, as audit events record it
// ("revoked", "view_only", ...).
func (r Reason) String() string {
	if r < reasonCount {
		return reasonNames[r]
	}
	return "unknown"
}

// Decide says whether p may take action on share s at now. It is pure, does
// not allocate and checks, in order:
//
//   - p is not nil (else ReasonUnauthenticated);
//   - p is the share's grantee (else ReasonNotGrantee, which callers must
//     present exactly like a missing share, so nobody learns of shares that
//     are not theirs);
//   - p holds portal.ViewSharedVideos (else ReasonNoVideoAccess). An
//     auth.Principal is rebuilt from the store on every authenticated call,
//     so this covers a grantee who was deactivated or whose portal or Video
//     Portal Access was switched off after the share was made;
//   - the share is not revoked, has started and has not expired
//     (ReasonRevoked, ReasonNotStarted, ReasonExpired);
//   - the action is View or Download (ReasonUnknownAction) and the share's
//     mode allows it (Mode.Allows): a download needs ViewAndDownload
//     (ReasonViewOnly).
func Decide(p *auth.Principal, s Share, action Action, now time.Time) Decision {
	switch {
	case p == nil:
		return deny(ReasonUnauthenticated)
	case p.PersonID == "" || p.PersonID != s.GranteeID:
		return deny(ReasonNotGrantee)
	case !p.Portal.Has(portal.ViewSharedVideos):
		return deny(ReasonNoVideoAccess)
	case s.RevokedAt != nil:
		return deny(ReasonRevoked)
	case now.Before(s.StartsAt):
		return deny(ReasonNotStarted)
	case !now.Before(s.ExpiresAt):
		return deny(ReasonExpired)
	case !action.Valid():
		return deny(ReasonUnknownAction)
	case !s.Mode.Allows(action):
		return deny(ReasonViewOnly)
	}
	return Decision{Allowed: true}
}

func deny(r Reason) Decision { return Decision{Reason: r} }

// Err returns nil for an allowed decision, else the error a caller shows,
// with a message saying why: ErrShareNotFound (NotFound) for
// ReasonNotGrantee and ReasonNotFound alike, so a share that is someone
// else's looks like one that does not exist; Unauthenticated for
// ReasonUnauthenticated; Invalid for ReasonUnknownAction and for
// ReasonAgreementRequired (wrapping a *carenet.ValidationError on field
// "agreement", rule RuleAgreementRequired); ErrTicketExpired,
// ErrTicketWrongAction, ErrTicketWrongUser and ErrTicketUsed for the
// ticket reasons;
// Forbidden for the rest. The
// errors are shared values that must not be modified; compare them with
// carenet.ErrorCode or errors.Is. Err does not allocate.
func (d Decision) Err() error {
	if d.Allowed {
		return nil
	}
	if d.Reason < reasonCount && reasonErrors[d.Reason] != nil {
		return reasonErrors[d.Reason]
	}
	return errDenied
}

// ErrShareNotFound is the error for a share that does not exist and for a
// share that is not the caller's: the two are indistinguishable.
var ErrShareNotFound = &carenet.Error{Code: carenet.NotFound, Op: "video", Message: "video share not found"}

var errDenied = &carenet.Error{Code: carenet.Forbidden, Op: "video", Message: "access to this video is denied"}

var reasonErrors = [reasonCount]*carenet.Error{
	ReasonUnauthenticated: {Code: carenet.Unauthenticated, Op: "video", Message: "authentication required"},
	ReasonNotGrantee:      ErrShareNotFound,
	ReasonNotFound:        ErrShareNotFound,
	ReasonNoVideoAccess:   {Code: carenet.Forbidden, Op: "video", Message: "you do not have Video Portal Access"},
	ReasonRevoked:         {Code: carenet.Forbidden, Op: "video", Message: "this video share was revoked"},
	ReasonNotStarted:      {Code: carenet.Forbidden, Op: "video", Message: "this video share has not started yet"},
	ReasonExpired:         {Code: carenet.Forbidden, Op: "video", Message: "this video share has expired"},
	ReasonUnknownAction:   {Code: carenet.Invalid, Op: "video", Message: "unknown video action"},
	ReasonViewOnly:        {Code: carenet.Forbidden, Op: "video", Message: "this video was shared for viewing only; it cannot be downloaded"},
	ReasonAgreementRequired: {Code: carenet.Invalid, Op: "video", Message: "accept the viewer agreement before viewing or downloading",
		Err: &carenet.ValidationError{Problems: []carenet.FieldError{{Field: "agreement", Rule: RuleAgreementRequired, Message: "accept the current viewer agreement"}}}},
	ReasonTicketExpired:     ErrTicketExpired,
	ReasonTicketWrongAction: ErrTicketWrongAction,
	ReasonTicketWrongUser:   ErrTicketWrongUser,
	ReasonTicketUsed:        ErrTicketUsed,
}

// ReasonOf returns the reason behind an error that Decision.Err,
// Service.RequestAccess or a ticket check returned, so a host can choose
// its own wording; ReasonNone for nil or any other error. A share that is
// someone else's reads as ReasonNotFound, as it must to its caller.
func ReasonOf(err error) Reason {
	if err == nil {
		return ReasonNone
	}
	for r := ReasonUnauthenticated; r < reasonCount; r++ {
		if r == ReasonNotGrantee {
			continue
		}
		if e := reasonErrors[r]; e != nil && errors.Is(err, e) {
			return r
		}
	}
	return ReasonNone
}
