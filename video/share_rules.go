package video

import (
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// Rule codes of the field errors video reports, beside the carenet.Rule*
// ones. A grantee who is not a video portal user is refused on field
// "grantee_id" with the first of these that applies: RuleUnknownPerson,
// portal.RuleLoginRequired, portal.RulePersonInactive,
// portal.RuleLoginInactive, RulePortalDisabled, RuleVideoAccessDisabled,
// and RuleNotVideoPortalUser if none of them says why.
const (
	// RuleUnknownPerson: no person has the ID.
	RuleUnknownPerson = "unknown_person"
	// RulePortalDisabled: the grantee's "Enable Portal Access" is off.
	RulePortalDisabled = "portal_disabled"
	// RuleVideoAccessDisabled: the grantee's "Video Portal Access" is off.
	RuleVideoAccessDisabled = "video_access_disabled"
	// RuleNotVideoPortalUser: the grantee does not get
	// portal.ViewSharedVideos for another reason.
	RuleNotVideoPortalUser = "not_video_portal_user"
	// RuleAgreementRequired: the viewer agreement was not acknowledged, or
	// an older text of it was (field "agreement").
	RuleAgreementRequired = "agreement_required"
)

// NewShare is the "share video" form.
type NewShare struct {
	VideoID   string
	GranteeID string
	Mode      Mode
	// StartsAt is when the share begins; the zero time, or a time not after
	// now, means now.
	StartsAt time.Time
	// ExpiresAt is when the share ends; the zero time means
	// Config.DefaultShareDuration after the start.
	ExpiresAt time.Time
	// Note is a message to the grantee; may be empty.
	Note string
}

// Limits are the share durations the rules apply.
type Limits struct {
	// Default is a share's length when no expiry is given.
	Default time.Duration
	// Max is the longest a share may last from its start; a share may also
	// start at most Max from now.
	Max time.Duration
}

// CheckShare adds every problem with a share form to p and returns its
// window, the defaults applied. The rules: video and grantee IDs required;
// the mode ViewOnly or ViewAndDownload; the note at most MaxNoteLength
// characters, no control characters but line breaks and tabs; a start at
// most l.Max from now (carenet.RuleRange on "starts_at"); an expiry after
// the start (carenet.RuleOrder on "expires_at") and at most l.Max after it
// (carenet.RuleRange on "expires_at").
func CheckShare(in NewShare, now time.Time, l Limits, p *carenet.Problems) (start, expires time.Time) {
	p.Text("video_id", in.VideoID, true, MaxIDLength, false)
	p.Text("grantee_id", in.GranteeID, true, MaxIDLength, false)
	p.OneOf("mode", string(in.Mode), in.Mode.Valid(), true, "must be view or view_download")
	p.Text("note", in.Note, false, MaxNoteLength, true)
	start = carenet.Timestamp(in.StartsAt)
	if !start.After(now) {
		start = now
	} else if start.Sub(now) > l.Max {
		p.Add("starts_at", carenet.RuleRange, "must be at most "+days(l.Max)+" from now")
	}
	expires = carenet.Timestamp(in.ExpiresAt)
	switch {
	case in.ExpiresAt.IsZero():
		expires = start.Add(l.Default)
	case !expires.After(start):
		p.Add("expires_at", carenet.RuleOrder, "must be after the start")
	case expires.Sub(start) > l.Max:
		p.Add("expires_at", carenet.RuleRange, "must be at most "+days(l.Max)+" after the start")
	}
	return start, expires
}

// CheckExtension adds to p every problem with moving share s's expiry to
// expires at now: it must be later than the current expiry
// (carenet.RuleOrder), in the future (carenet.RuleRange) and at most l.Max
// after the share's start (carenet.RuleRange), all on field "expires_at".
func CheckExtension(s Share, expires, now time.Time, l Limits, p *carenet.Problems) {
	switch {
	case !expires.After(s.ExpiresAt):
		p.Add("expires_at", carenet.RuleOrder, "must be later than the current expiry")
	case !expires.After(now):
		p.Add("expires_at", carenet.RuleRange, "must be in the future")
	case expires.Sub(s.StartsAt) > l.Max:
		p.Add("expires_at", carenet.RuleRange, "must be at most "+days(l.Max)+" after the start")
	}
}

// GranteeFacts is what CheckGrantee needs to know about a would-be
// grantee, read in the transaction that writes the share.
type GranteeFacts struct {
	// Found is false when no person has the ID.
	Found  bool
	Person personnel.Person
	// Account is the person's login; its ID is empty when they have none.
	Account auth.Account
}

// Capabilities is what the portal gives the person at now. A person whose
// end date has passed gets nothing, as an inactive one, even before the
// sweep marks them inactive.
func (f GranteeFacts) Capabilities(now time.Time) portal.Capabilities {
	if !f.Found {
		return portal.Capabilities{}
	}
	return portal.Compute(auth.PortalFacts(f.Account, f.Person.ActiveAt(now)))
}

// CheckGrantee adds a problem to p unless the person is a video portal
// user at now: an active person whose end date, if any, has not passed,
// with an active login whose portal switches give portal.ViewSharedVideos
// (see portal.Compute). The problem is on field "grantee_id" and names the
// first rule broken (see RuleUnknownPerson).
func CheckGrantee(f GranteeFacts, now time.Time, p *carenet.Problems) {
	const field = "grantee_id"
	if f.Capabilities(now).Has(portal.ViewSharedVideos) {
		return
	}
	switch a := f.Account; {
	case !f.Found:
		p.Add(field, RuleUnknownPerson, "is not a known person")
	case a.ID == "":
		p.Add(field, portal.RuleLoginRequired, "the person has no login; only a video portal user can receive a video")
	case !f.Person.Active():
		p.Add(field, portal.RulePersonInactive, "the person is inactive")
	case !f.Person.ActiveAt(now):
		p.Add(field, portal.RulePersonInactive, "the person's end date has passed")
	case !a.Active:
		p.Add(field, portal.RuleLoginInactive, "the person's login is inactive")
	case !a.Portal.Enabled:
		p.Add(field, RulePortalDisabled, "the person does not have portal access")
	case !a.Portal.Video:
		p.Add(field, RuleVideoAccessDisabled, "the person does not have Video Portal Access")
	default:
		p.Add(field, RuleNotVideoPortalUser, "the person is not a video portal user")
	}
}

// days renders a duration in whole days ("365 days"), or hours below a day.
func days(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		n := int(d / (24 * time.Hour))
		if n == 1 {
			return "1 day"
		}
		return strconv.Itoa(n) + " days"
	}
	return d.String()
}

// mayShare is who may share a video: a holder of auth.ShareVideos, and, for
// a ViewAndDownload share (a copy leaves the centre), one who signed in
// recently (auth.Principal.RequireRecentSignIn). It returns nil or the
// error to answer.
func mayShare(actor *auth.Principal, m Mode, now time.Time) error {
	if err := actor.Require(auth.ShareVideos); err != nil {
		return err
	}
	if m == ViewAndDownload {
		return actor.RequireRecentSignIn(now)
	}
	return nil
}

// liveShareWith returns the first of a video's shares existing that gives
// it to granteeID and is current at now (Share.Current): a video is shared
// with a person through one current share at a time, which is extended or
// revoked rather than shared again.
func liveShareWith(existing []Share, granteeID string, now time.Time) (Share, bool) {
	for _, e := range existing {
		if e.GranteeID == granteeID && e.Current(now) {
			return e, true
		}
	}
	return Share{}, false
}
