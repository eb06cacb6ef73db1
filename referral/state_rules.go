package referral

import (
	"slices"

	"github.com/carenet-go/carenet"
)

// Status is where a referral is in its life.
type Status string

// The statuses.
const (
	// StatusDraft: saved by its submitter, not yet submitted; only the
	// submitter sees it.
	StatusDraft Status = "draft"
	// StatusSubmitted: in the intake queue, waiting for a reviewer.
	StatusSubmitted Status = "submitted"
	// StatusUnderReview: a reviewer is working on it.
	StatusUnderReview Status = "under_review"
	// StatusInfoRequested: back with the referrer, who is asked for more
	// information; they edit it and submit it again.
	StatusInfoRequested Status = "info_requested"
	// StatusRejected: sent back to the referrer with a reason; they may
	// edit it and submit it again.
	StatusRejected Status = "rejected"
	// StatusAccepted: taken in and linked to a case. Final.
	StatusAccepted Status = "accepted"
	// StatusMerged: a duplicate merged into another referral. Final.
	StatusMerged Status = "merged"
	// StatusDeleted: deleted; the record and its history are kept. Final.
	StatusDeleted Status = "deleted"
)

// Statuses lists every status.
func Statuses() []Status {
	return []Status{StatusDraft, StatusSubmitted, StatusUnderReview, StatusInfoRequested,
		StatusRejected, StatusAccepted, StatusMerged, StatusDeleted}
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses(), s) }

// Final reports whether no action but a message changes s.
func (s Status) Final() bool {
	return s == StatusAccepted || s == StatusMerged || s == StatusDeleted
}

// Editable reports whether the submitter may change the form in status s:
// a draft, or a referral sent back to them.
func (s Status) Editable() bool {
	return s == StatusDraft || s == StatusInfoRequested || s == StatusRejected
}

// Action is something done to a referral.
type Action string

// The actions. The submitter saves drafts, edits, submits and discards
// drafts; a reviewer does the rest.
const (
	// ActionSaveDraft makes a new draft.
	ActionSaveDraft Action = "save_draft"
	// ActionEdit changes the form of a draft or of a referral sent back.
	ActionEdit Action = "edit"
	// ActionSubmit sends a new referral, a draft or a referral sent back to
	// the intake queue.
	ActionSubmit Action = "submit"
	// ActionReview marks a submitted referral under review.
	ActionReview Action = "review"
	// ActionRequestInfo sends a referral back asking for more information.
	ActionRequestInfo Action = "request_info"
	// ActionReject sends a referral back to the referrer with a reason.
	ActionReject Action = "reject"
	// ActionAccept takes a referral in, linked to a case.
	ActionAccept Action = "accept"
	// ActionMerge marks a referral a duplicate of another.
	ActionMerge Action = "merge"
	// ActionDelete deletes a referral (its status; the record stays).
	ActionDelete Action = "delete"
	// ActionMessage sends the referrer a message; the status stays.
	ActionMessage Action = "message"
	// ActionHandOver gives an open referral to a colleague of its
	// submitter's agency, who follows it from then on (Service.HandOver);
	// the status stays.
	ActionHandOver Action = "hand_over"
)

// Actions lists every action.
func Actions() []Action {
	return []Action{ActionSaveDraft, ActionEdit, ActionSubmit, ActionReview, ActionRequestInfo,
		ActionReject, ActionAccept, ActionMerge, ActionDelete, ActionMessage, ActionHandOver}
}

// Valid reports whether a is a known action.
func (a Action) Valid() bool { return slices.Contains(Actions(), a) }

// StatusNone is the "from" status of a referral that does not exist yet:
// Transition(StatusNone, ActionSaveDraft) and Transition(StatusNone,
// ActionSubmit) make one.
const StatusNone Status = ""

// transitions maps each action to the statuses it may start from, and the
// status it leads to ("" for "stays where it is").
var transitions = map[Action]struct {
	from []Status
	to   Status
}{
	ActionSaveDraft:   {[]Status{StatusNone}, StatusDraft},
	ActionEdit:        {[]Status{StatusDraft, StatusInfoRequested, StatusRejected}, ""},
	ActionSubmit:      {[]Status{StatusNone, StatusDraft, StatusInfoRequested, StatusRejected}, StatusSubmitted},
	ActionReview:      {[]Status{StatusSubmitted}, StatusUnderReview},
	ActionRequestInfo: {[]Status{StatusSubmitted, StatusUnderReview}, StatusInfoRequested},
	ActionReject:      {[]Status{StatusSubmitted, StatusUnderReview}, StatusRejected},
	ActionAccept:      {[]Status{StatusSubmitted, StatusUnderReview}, StatusAccepted},
	ActionMerge:       {[]Status{StatusSubmitted, StatusUnderReview, StatusInfoRequested, StatusRejected}, StatusMerged},
	ActionDelete:      {[]Status{StatusDraft, StatusSubmitted, StatusUnderReview, StatusInfoRequested, StatusRejected}, StatusDeleted},
	ActionMessage: {[]Status{StatusSubmitted, StatusUnderReview, StatusInfoRequested, StatusRejected,
		StatusAccepted, StatusMerged, StatusDeleted}, ""},
	ActionHandOver: {openStatuses, ""},
}

// openStatuses are the statuses of a referral still in progress: every
// status but the final ones.
var openStatuses = []Status{StatusDraft, StatusSubmitted, StatusUnderReview, StatusInfoRequested, StatusRejected}

// Transition is the referral state machine: the status action leads to
// from status from, or a Conflict error if the action is not allowed there
// (an Invalid error for an unknown status or action). The table:
//
//	save_draft    (new)                                     → draft
//	edit          draft, info_requested, rejected           → (same)
//	submit        (new), draft, info_requested, rejected    → submitted
//	review        submitted                                 → under_review
//	request_info  submitted, under_review                   → info_requested
//	reject        submitted, under_review                   → rejected
//	accept        submitted, under_review                   → accepted
//	merge         submitted, under_review, info_requested,
//	              rejected                                  → merged
//	delete        draft, submitted, under_review,
//	              info_requested, rejected                  → deleted
//	message       any status but draft                      → (same)
//	hand_over     draft, submitted, under_review,
//	              info_requested, rejected                  → (same)
//
// Accepted, merged and deleted are final. Who may take which action is the
// Service's concern, not the state machine's.
func Transition(from Status, action Action) (Status, error) {
	t, ok := transitions[action]
	switch {
	case !ok:
		return from, carenet.Errorf(carenet.Invalid, "unknown referral action %q", action)
	case from != StatusNone && !from.Valid():
		return from, carenet.Errorf(carenet.Invalid, "unknown referral status %q", from)
	case !slices.Contains(t.from, from):
		return from, illegal(from, action)
	case t.to == "":
		return from, nil
	}
	return t.to, nil
}

func illegal(from Status, action Action) error {
	what := "a new referral"
	if from != StatusNone {
		what = "a referral that is " + statusWords[from]
	}
	return &carenet.Error{Code: carenet.Conflict, Op: "referral.Transition",
		Message: "cannot " + actionWords[action] + " " + what}
}

var statusWords = map[Status]string{
	StatusDraft:         "a draft",
	StatusSubmitted:     "submitted",
	StatusUnderReview:   "under review",
	StatusInfoRequested: "waiting for more information",
	StatusRejected:      "rejected",
	StatusAccepted:      "accepted",
	StatusMerged:        "merged",
	StatusDeleted:       "deleted",
}

var actionWords = map[Action]string{
	ActionSaveDraft:   "save as a draft",
	ActionEdit:        "edit",
	ActionSubmit:      "submit",
	ActionReview:      "start reviewing",
	ActionRequestInfo: "request more information on",
	ActionReject:      "reject",
	ActionAccept:      "accept",
	ActionMerge:       "merge",
	ActionDelete:      "delete",
	ActionMessage:     "send a message about",
	ActionHandOver:    "hand over",
}
