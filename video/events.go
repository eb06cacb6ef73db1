package video

import "github.com/carenet-go/carenet/audit"

// TargetType is the audit target type of every event video records; the
// target ID is the video's ID (empty for an attempt on a share that does
// not exist). Events about a share carry its ID in Details["share"].
const TargetType = "video"

// Audit actions video records: together they are a video's chain of
// custody.
const (
	// EventRecorded: an upload was recorded.
	EventRecorded audit.Action = "video.recorded"
	// EventShared: the video was shared with a portal user.
	EventShared audit.Action = "video.shared"
	// EventShareRevoked: a share was revoked.
	EventShareRevoked audit.Action = "video.share_revoked"
	// EventShareExtended: a share's expiry was moved later.
	EventShareExtended audit.Action = "video.share_extended"
	// EventViewed: a grantee was given a ticket to view the video.
	EventViewed audit.Action = "video.viewed"
	// EventDownloaded: a grantee was given a ticket to download the video.
	EventDownloaded audit.Action = "video.downloaded"
	// EventAccessDenied: a view or download was refused;
	// Details["reason"] says why (a Reason's name).
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
)
