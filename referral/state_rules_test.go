package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

// TestTransition checks every (status, action) pair, the new referral
// included, against the table in Transition's documentation.
func TestTransition(t *testing.T) {
	const (
		none      = referral.StatusNone
		draft     = referral.StatusDraft
		submitted = referral.StatusSubmitted
		review    = referral.StatusUnderReview
		info      = referral.StatusInfoRequested
		rejected  = referral.StatusRejected
		accepted  = referral.StatusAccepted
		merged    = referral.StatusMerged
		deleted   = referral.StatusDeleted
	)
	type key struct {
		from   referral.Status
		action referral.Action
	}
	legal := map[key]referral.Status{
		{none, referral.ActionSaveDraft}: draft,

		{draft, referral.ActionEdit}:    draft,
		{info, referral.ActionEdit}:     info,
		{rejected, referral.ActionEdit}: rejected,

		{none, referral.ActionSubmit}:     submitted,
		{draft, referral.ActionSubmit}:    submitted,
		{info, referral.ActionSubmit}:     submitted,
		{rejected, referral.ActionSubmit}: submitted,

		{submitted, referral.ActionReview}: review,

		{submitted, referral.ActionRequestInfo}: info,
		{review, referral.ActionRequestInfo}:    info,
		{submitted, referral.ActionReject}:      rejected,
		{review, referral.ActionReject}:         rejected,
		{submitted, referral.ActionAccept}:      accepted,
		{review, referral.ActionAccept}:         accepted,

		{submitted, referral.ActionMerge}: merged,
		{review, referral.ActionMerge}:    merged,
		{info, referral.ActionMerge}:      merged,
		{rejected, referral.ActionMerge}:  merged,

		{draft, referral.ActionDelete}:     deleted,
		{submitted, referral.ActionDelete}: deleted,
		{review, referral.ActionDelete}:    deleted,
		{info, referral.ActionDelete}:      deleted,
		{rejected, referral.ActionDelete}:  deleted,

		{submitted, referral.ActionMessage}: submitted,
		{review, referral.ActionMessage}:    review,
		{info, referral.ActionMessage}:      info,
		{rejected, referral.ActionMessage}:  rejected,
		{accepted, referral.ActionMessage}:  accepted,
		{merged, referral.ActionMessage}:    merged,
		{deleted, referral.ActionMessage}:   deleted,

		{draft, referral.ActionHandOver}:     draft,
		{submitted, referral.ActionHandOver}: submitted,
		{review, referral.ActionHandOver}:    review,
		{info, referral.ActionHandOver}:      info,
		{rejected, referral.ActionHandOver}:  rejected,
	}
	from := append([]referral.Status{none}, referral.Statuses()...)
	require.Len(t, referral.Actions(), 11)
	require.Len(t, from, 9)
	n := 0
	for _, f := range from {
		for _, a := range referral.Actions() {
			got, err := referral.Transition(f, a)
			if want, ok := legal[key{f, a}]; ok {
				n++
				if assert.NoError(t, err, "%s from %q", a, f) {
					assert.Equal(t, want, got, "%s from %q", a, f)
				}
				continue
			}
			assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "%s from %q must be illegal", a, f)
			assert.Equal(t, f, got, "an illegal move stays where it is")
			assert.NotEmpty(t, carenet.ErrorMessage(err))
		}
	}
	assert.Equal(t, len(legal), n)
}

func TestTransitionFinalStatuses(t *testing.T) {
	for _, s := range referral.Statuses() {
		moves := 0
		for _, a := range referral.Actions() {
			if to, err := referral.Transition(s, a); err == nil && to != s {
				moves++
			}
		}
		assert.Equal(t, s.Final(), moves == 0, "%s: final statuses, and only they, lead nowhere", s)
		_, err := referral.Transition(s, referral.ActionEdit)
		assert.Equal(t, s.Editable(), err == nil, "%s: editable statuses, and only they, allow edits", s)
	}
}

func TestTransitionUnknown(t *testing.T) {
	_, err := referral.Transition(referral.StatusSubmitted, "approve")
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	_, err = referral.Transition("pending", referral.ActionAccept)
	assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
}

func TestTransitionMessages(t *testing.T) {
	_, err := referral.Transition(referral.StatusAccepted, referral.ActionReject)
	assert.Equal(t, "cannot reject a referral that is accepted", carenet.ErrorMessage(err))
	_, err = referral.Transition(referral.StatusNone, referral.ActionEdit)
	assert.Equal(t, "cannot edit a new referral", carenet.ErrorMessage(err))
	_, err = referral.Transition(referral.StatusDraft, referral.ActionAccept)
	assert.Equal(t, "cannot accept a referral that is a draft", carenet.ErrorMessage(err))
}
