package referral

import "github.com/carenet-go/carenet/audit"

// TargetType is the audit target type of referral events; the target ID is
// the referral's ID.
const TargetType = "referral"

// The audit actions referral records, one per Action. Every event names
// the actor, and its details hold the status before and after ("from",
// "to") and, when given, the message to the referrer ("message") and the
// internal note ("note"); some add more (the case, the merge target).
const (
	AuditDraftSaved    audit.Action = "referral.draft_saved"
	AuditEdited        audit.Action = "referral.edited"
	AuditSubmitted     audit.Action = "referral.submitted"
	AuditReviewStarted audit.Action = "referral.review_started"
	AuditInfoRequested audit.Action = "referral.info_requested"
	AuditRejected      audit.Action = "referral.rejected"
	AuditAccepted      audit.Action = "referral.accepted"
	AuditMerged        audit.Action = "referral.merged"
	AuditDeleted       audit.Action = "referral.deleted"
	AuditMessageSent   audit.Action = "referral.message_sent"
	// AuditHandedOver is recorded on each referral Service.HandOver gives
	// to a colleague; its details name the former and the new submitter
	// ("from_submitter", "to_submitter").
	AuditHandedOver audit.Action = "referral.handed_over"
	// AuditMergeReceived is recorded on the referral a duplicate was merged
	// into; its details name the duplicate ("merged").
	AuditMergeReceived audit.Action = "referral.merge_received"
)

var auditActions = map[Action]audit.Action{
	ActionSaveDraft:   AuditDraftSaved,
	ActionEdit:        AuditEdited,
	ActionSubmit:      AuditSubmitted,
	ActionReview:      AuditReviewStarted,
	ActionRequestInfo: AuditInfoRequested,
	ActionReject:      AuditRejected,
	ActionAccept:      AuditAccepted,
	ActionMerge:       AuditMerged,
	ActionDelete:      AuditDeleted,
	ActionMessage:     AuditMessageSent,
	ActionHandOver:    AuditHandedOver,
}
