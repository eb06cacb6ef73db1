package referral

import "github.com/carenet-go/carenet/audit"

// The audit actions referral records, one per Action. Every event names
// the actor, and its details hold the status before and after ("from",
// "to") and, when given, the message to the referrer ("message") and the
// internal note ("note"); some add more (the case, the merge target).
const (
	EventDraftSaved    audit.Action = "referral.draft_saved"
	EventEdited        audit.Action = "referral.edited"
	EventSubmitted     audit.Action = "referral.submitted"
	EventReviewStarted audit.Action = "referral.review_started"
	EventInfoRequested audit.Action = "referral.info_requested"
	EventRejected      audit.Action = "referral.rejected"
	EventAccepted      audit.Action = "referral.accepted"
	EventMerged        audit.Action = "referral.merged"
	EventDeleted       audit.Action = "referral.deleted"
	EventMessageSent   audit.Action = "referral.message_sent"
	// EventHandedOver is recorded on each referral Service.HandOver gives
	// to a colleague; its details name the former and the new submitter
	// ("from_submitter", "to_submitter").
	EventHandedOver audit.Action = "referral.handed_over"
	// EventMergeReceived is recorded on the referral a duplicate was merged
	// into; its details name the duplicate ("merged").
	EventMergeReceived audit.Action = "referral.merge_received"
)

var auditActions = map[Action]audit.Action{
	ActionSaveDraft:   EventDraftSaved,
	ActionEdit:        EventEdited,
	ActionSubmit:      EventSubmitted,
	ActionReview:      EventReviewStarted,
	ActionRequestInfo: EventInfoRequested,
	ActionReject:      EventRejected,
	ActionAccept:      EventAccepted,
	ActionMerge:       EventMerged,
	ActionDelete:      EventDeleted,
	ActionMessage:     EventMessageSent,
	ActionHandOver:    EventHandedOver,
}
