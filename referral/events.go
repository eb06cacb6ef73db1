package referral

import "github.com/carenet-go/carenet/audit"

// The audit events referral records, one per Action, each on the referral
// (target audit.TargetReferral). Every event names the actor, and its
// details hold the status before and after ("from", "to") and, when
// given, the message to the referrer ("message") and the internal note
// ("note"); some add more, named below.
const (
	// EventDraftSaved: a new draft saved (ActionSaveDraft); details
	// "kind".
	EventDraftSaved audit.Action = "referral.draft_saved"
	// EventEdited: a referral's form edited by its submitter
	// (ActionEdit); details "kind".
	EventEdited audit.Action = "referral.edited"
	// EventSubmitted: a referral submitted to the centre (ActionSubmit);
	// details "kind" when it is submitted as it is made.
	EventSubmitted audit.Action = "referral.submitted"
	// EventReviewStarted: a reviewer took a referral up (ActionReview).
	EventReviewStarted audit.Action = "referral.review_started"
	// EventInfoRequested: more information asked of the referrer
	// (ActionRequestInfo), with the message.
	EventInfoRequested audit.Action = "referral.info_requested"
	// EventRejected: a referral rejected (ActionReject).
	EventRejected audit.Action = "referral.rejected"
	// EventAccepted: a referral accepted (ActionAccept); details
	// "case_id" and "new_case" when it opened or joined a case.
	EventAccepted audit.Action = "referral.accepted"
	// EventMerged: a duplicate merged into another referral
	// (ActionMerge); details "into".
	EventMerged audit.Action = "referral.merged"
	// EventDeleted: a referral deleted (ActionDelete).
	EventDeleted audit.Action = "referral.deleted"
	// EventMessageSent: a message sent on a referral (ActionMessage).
	EventMessageSent audit.Action = "referral.message_sent"
	// EventHandedOver is recorded on each referral Service.HandOver gives
	// to a colleague (ActionHandOver); its details name the former and
	// the new submitter ("from_submitter", "to_submitter").
	EventHandedOver audit.Action = "referral.handed_over"
	// EventMergeReceived is recorded on the referral a duplicate was
	// merged into; its details name the duplicate ("merged"), and carry
	// no status.
	EventMergeReceived audit.Action = "referral.merge_received"
)

// auditActions is the event each workflow Action records.
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
