package video

import "github.com/carenet-go/carenet/audit"

// The audit events video records: together they are a video's chain of
// custody. The target of each is the video (audit.TargetVideo, the video's
// ID; empty for an attempt on a share that does not exist); an event
// about a share carries its ID in Details["share"] (DetailShare).
const (
	// EventRecorded: an upload was recorded.
	EventRecorded audit.Action = "video.recorded"
	// EventShared: the video was shared with a portal user.
	EventShared audit.Action = "video.shared"
	// EventShareRevoked: a share was revoked.
	EventShareRevoked audit.Action = "video.share_revoked"
	// EventShareExtended: a share's expiry was moved later.
	EventShareExtended audit.Action = "video.share_extended"
	// EventViewed: a grantee was given a ticket to view the video
	// (Service.RequestAccess).
	EventViewed audit.Action = "video.viewed"
	// EventDownloaded: a grantee was given a ticket to download the video
	// (Service.RequestAccess).
	EventDownloaded audit.Action = "video.downloaded"
	// EventViewServed: a view ticket was accepted and the video's bytes
	// may be streamed (Service.VerifyTicket): one event per accepted use,
	// Details["use"] counting them from 1.
	EventViewServed audit.Action = "video.view_served"
	// EventDownloadServed: a download ticket was accepted and the video
	// may be downloaded (Service.VerifyTicket), which happens once per
	// ticket.
	EventDownloadServed audit.Action = "video.download_served"
	// EventAccessDenied: a view or download, or the use of a ticket, was
	// refused; Details["reason"] says why (a Reason's name).
	EventAccessDenied audit.Action = "video.access_denied"
)

// Keys of the audit events' Details.
const (
	DetailShare      = "share"
	DetailGrantee    = "grantee"
	DetailAction     = "action"
	DetailReason     = "reason"
	DetailMode       = "mode"
	DetailStartsAt   = "starts_at"
	DetailExpiresAt  = "expires_at"
	DetailTicket     = "ticket"
	DetailAgreement  = "agreement"
	DetailFirstOpen  = "first_open"
	DetailPrevExpiry = "previous_expires_at"
	// DetailUse numbers the accepted uses of one ticket, from 1.
	DetailUse = "use"
	// DetailVerifiedBy says what proved who presented a ticket:
	// "session" when a session of the grantee came with it
	// (Service.VerifyTicketFor), "ticket" when the ticket alone did.
	DetailVerifiedBy = "verified_by"
	// DetailUnrecorded counts the refusals like this one (same ticket,
	// presenter, action and reason) left unrecorded since the previous
	// recorded one; absent when none were (see TallyRefusal).
	DetailUnrecorded = "unrecorded_refusals"
)
