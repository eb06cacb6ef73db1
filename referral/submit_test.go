package referral_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

func TestSubmit(t *testing.T) {
	k := newKit(t)
	f := form(referral.KindCombined)
	r, err := k.Svc.Submit(k.Ctx, k.Rita, "", f)
	require.NoError(t, err)
	assert.Equal(t, referral.StatusSubmitted, r.Status)
	assert.Equal(t, int64(1), r.Version)
	assert.Equal(t, k.Rita.PersonID, r.SubmitterID)
	assert.Equal(t, k.Clock.Now(), r.CreatedAt)
	require.NotNil(t, r.SubmittedAt)
	assert.Equal(t, k.Clock.Now(), *r.SubmittedAt)
	assert.Equal(t, day(2026, 3, 2), r.ReceivedDate, "the CAC received it today")
	require.Len(t, r.History, 1)
	assert.Equal(t, referral.Entry{At: k.Clock.Now(), Action: referral.ActionSubmit, From: referral.StatusNone, To: referral.StatusSubmitted, ActorID: k.Rita.PersonID}, r.History[0])

	f.ReceivedDate = r.ReceivedDate
	assert.Equal(t, f, r.Form, "the form is kept as submitted")
	assert.Equal(t, r, k.open(r.ID), "what the submitter sees of a fresh referral is all there is")

	ev := k.Events(audit.TargetReferral, r.ID)
	require.Len(t, ev, 1)
	assert.Equal(t, referral.EventSubmitted, ev[0].Action)
	assert.Equal(t, k.Rita.PersonID, ev[0].ActorID)
	assert.Equal(t, map[string]string{"from": "", "to": "submitted", "kind": "combined"}, ev[0].Details)
	k.VerifyAudit()
}

func TestSubmitValidates(t *testing.T) {
	k := newKit(t)
	f := form(referral.KindLE)
	f.LE = nil
	f.Children[0].GivenName = "\x00"
	_, err := k.Svc.Submit(k.Ctx, k.Rita, "key\n", f)
	assert.ElementsMatch(t, [][2]string{
		{"le", carenet.RuleRequired},
		{"children[0].given_name", carenet.RuleControlChars},
		{"idempotency_key", carenet.RuleControlChars},
	}, problems(t, err))
	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	assert.Empty(t, page.Referrals, "nothing was stored")
}

func TestSubmitDates(t *testing.T) {
	k := newKit(t)
	for _, tt := range []struct {
		name     string
		by       *auth.Principal
		received *time.Time // the date the form gives
		want     *time.Time // the date stored
	}{
		{"a partner cannot backdate the CAC's receipt", k.Rita, day(2026, 2, 27), day(2026, 3, 2)},
		{"staff record when the CAC received it", k.Sam, day(2026, 2, 28), day(2026, 2, 28)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := form(referral.KindLE)
			f.ReceivedDate = tt.received
			r, err := k.Svc.Submit(k.Ctx, tt.by, "", f)
			require.NoError(t, err)
			assert.Equal(t, tt.want, r.ReceivedDate)
		})
	}
	t.Run("dates are stored as days", func(t *testing.T) {
		f := form(referral.KindLE)
		at := time.Date(2026, 2, 20, 17, 45, 3, 9, time.UTC)
		f.IncidentDate = &at
		r, err := k.Svc.Submit(k.Ctx, k.Sam, "", f)
		require.NoError(t, err)
		assert.Equal(t, day(2026, 2, 20), r.IncidentDate)
		assert.Equal(t, time.Date(2026, 2, 20, 17, 45, 3, 9, time.UTC), at, "the caller's time is not changed")
	})
}

func TestSubmitIdempotent(t *testing.T) {
	k := newKit(t)
	first, err := k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	require.NoError(t, err)
	assert.Equal(t, "req-1", first.IdempotencyKey)

	k.Clock.Advance(time.Minute)
	again, err := k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	require.NoError(t, err)
	assert.Equal(t, first, again, "a retry returns the first referral")

	other, err := k.Svc.Submit(k.Ctx, k.Rob, "req-1", form(referral.KindLE))
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, other.ID, "keys are per submitter")

	next, err := k.Svc.Submit(k.Ctx, k.Rita, "req-2", form(referral.KindLE))
	require.NoError(t, err)
	assert.NotEqual(t, first.ID, next.ID)

	noKey1 := k.submit(k.Rita, referral.KindLE)
	noKey2 := k.submit(k.Rita, referral.KindLE)
	assert.NotEqual(t, noKey1.ID, noKey2.ID, "without a key every call makes a referral")

	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	assert.Len(t, page.Referrals, 4)
	assert.Equal(t, []string{string(referral.EventSubmitted)}, k.actions(first.ID), "the retry recorded nothing")

	// After the first referral moved on, a retry still returns it, as it is now.
	_, err = k.Svc.MarkUnderReview(k.Ctx, k.Rev, first.ID, 1)
	require.NoError(t, err)
	again, err = k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	require.NoError(t, err)
	assert.Equal(t, first.ID, again.ID)
	assert.Equal(t, referral.StatusUnderReview, again.Status)

	// A draft saved with a key is what a retried save returns.
	d1, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "draft-1", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	d2, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "draft-1", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	assert.Equal(t, d1, d2)
}

// TestIdempotencyKeyReused: a key repeats only the call that first used it.
// The same key with another form, or a key that saved a draft used to
// submit, is a Conflict on field idempotency_key that makes nothing; a
// retry on a later day still returns the first referral, though the
// received date the service sets is that day's.
func TestIdempotencyKeyReused(t *testing.T) {
	k := newKit(t)
	first, err := k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	require.NoError(t, err)

	k.Clock.Advance(50 * time.Hour)
	again, err := k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	require.NoError(t, err, "a retry days later is still the same request")
	assert.Equal(t, first.ID, again.ID)

	reused := func(name string, err error) {
		t.Helper()
		require.Equal(t, carenet.Conflict, carenet.ErrorCode(err), name)
		v := carenet.Validation(err)
		require.NotNil(t, v, name)
		assert.True(t, v.Has("idempotency_key", referral.RuleKeyReused), "%s: %v", name, err)
		assert.Contains(t, carenet.ErrorMessage(err), "idempotency_key", name)
	}
	other := form(referral.KindLE)
	other.Children[0].GivenName = "Jordan"
	_, err = k.Svc.Submit(k.Ctx, k.Rita, "req-1", other)
	reused("another child", err)
	_, err = k.Svc.Submit(k.Ctx, k.Rita, "req-1", form(referral.KindCombined))
	reused("another kind", err)
	_, err = k.Svc.SaveDraft(k.Ctx, k.Rita, "req-1", form(referral.KindLE))
	reused("a draft with a submit's key", err)

	d, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "draft-1", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	_, err = k.Svc.Submit(k.Ctx, k.Rita, "draft-1", form(referral.KindLE))
	reused("a submit with a draft's key", err)

	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	assert.Len(t, page.Referrals, 2, "nothing was made by the refused calls")
	assert.Equal(t, referral.StatusDraft, mine(t, k, k.Rita, d.ID).Status, "the draft was not submitted")
	assert.Equal(t, []string{string(referral.EventSubmitted)}, k.actions(first.ID))
}

func TestSubmitIdempotentConcurrent(t *testing.T) {
	k := newKit(t)
	const n = 8
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, err := k.Svc.Submit(k.Ctx, k.Rita, "same-key", form(referral.KindCPS))
			if assert.NoError(t, err) {
				ids[i] = r.ID
			}
		})
	}
	wg.Wait()
	for _, id := range ids {
		assert.Equal(t, ids[0], id)
	}
	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	assert.Len(t, page.Referrals, 1)
}

func TestDrafts(t *testing.T) {
	k := newKit(t)
	// An incomplete draft is saved.
	d, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", referral.Form{Kind: referral.KindLE, Narrative: "Started typing...\n"})
	require.NoError(t, err)
	assert.Equal(t, referral.StatusDraft, d.Status)
	assert.Nil(t, d.SubmittedAt)
	assert.Nil(t, d.ReceivedDate)

	// Only text safety applies to drafts.
	_, err = k.Svc.SaveDraft(k.Ctx, k.Rita, "", referral.Form{Kind: referral.KindLE, Reason: "bad\x1b[31m"})
	assert.Equal(t, [][2]string{{"reason", carenet.RuleControlChars}}, problems(t, err))

	// A draft is not in the queue, and reviewers cannot open it.
	page, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Statuses: referral.Statuses()[1:]})
	require.NoError(t, err)
	assert.Empty(t, page.Referrals)
	_, err = k.Svc.Open(k.Ctx, k.Rev, d.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))

	// Submitting the incomplete draft reports what is missing.
	_, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, d.ID, d.Version, "")
	got := problems(t, err)
	assert.Contains(t, got, [2]string{"children", carenet.RuleRequired})
	assert.Contains(t, got, [2]string{"le", carenet.RuleRequired})
	assert.Equal(t, referral.StatusDraft, mine(t, k, k.Rita, d.ID).Status, "nothing changed")

	// Edits are checked like a draft, kept, and versioned.
	d, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, d.Version, referral.Form{Kind: referral.KindLE, Referrer: referral.Contact{Email: "not yet an email"}})
	require.NoError(t, err)
	assert.Equal(t, int64(2), d.Version)
	assert.Equal(t, "not yet an email", d.Referrer.Email)
	_, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, 1, form(referral.KindLE))
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "a stale version")
	_, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, d.Version, referral.Form{Kind: referral.KindLE, Narrative: "\xff"})
	assert.Equal(t, [][2]string{{"narrative", carenet.RuleInvalidUTF8}}, problems(t, err))

	d, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, d.Version, form(referral.KindLE))
	require.NoError(t, err)
	k.Clock.Advance(time.Hour)
	d, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, d.ID, d.Version, "")
	require.NoError(t, err)
	assert.Equal(t, referral.StatusSubmitted, d.Status)
	assert.Equal(t, k.Clock.Now(), *d.SubmittedAt)
	assert.Equal(t, day(2026, 3, 2), d.ReceivedDate)
	assert.Equal(t, []string{"referral.draft_saved", "referral.edited", "referral.edited", "referral.submitted"}, k.actions(d.ID))

	// Once submitted, the submitter can no longer change it.
	_, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, d.Version, form(referral.KindLE))
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	_, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, d.ID, d.Version, "")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	_, err = k.Svc.DiscardDraft(k.Ctx, k.Rita, d.ID, d.Version)
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
}

func TestDiscardDraft(t *testing.T) {
	k := newKit(t)
	d, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", referral.Form{Kind: referral.KindCPS})
	require.NoError(t, err)
	_, err = k.Svc.DiscardDraft(k.Ctx, k.Rob, d.ID, d.Version)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "someone else's draft")
	d, err = k.Svc.DiscardDraft(k.Ctx, k.Rita, d.ID, d.Version)
	require.NoError(t, err)
	assert.Equal(t, referral.StatusDeleted, d.Status)
	assert.Equal(t, referral.StatusDeleted, mine(t, k, k.Rita, d.ID).Status, "the record is kept")
	assert.Equal(t, []string{"referral.draft_saved", "referral.deleted"}, k.actions(d.ID))

	// A discarded draft was never submitted: reviewers cannot open it or
	// write to its submitter about it, as they could not while it was a
	// draft.
	_, err = k.Svc.Open(k.Ctx, k.Rev, d.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "open")
	_, err = k.Svc.Message(k.Ctx, k.Rev, d.ID, d.Version, "anything to add?")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "message")
	assert.Equal(t, []string{"referral.draft_saved", "referral.deleted"}, k.actions(d.ID), "nothing more was recorded")
}

// mine opens the actor's own referral.
func mine(t *testing.T, k *kit, actor *auth.Principal, id string) referral.Referral {
	t.Helper()
	r, err := k.Svc.GetMine(k.Ctx, actor, id)
	require.NoError(t, err)
	return r
}

// sameID is an IDGenerator that always returns one ID.
type sameID string

func (s sameID) NewID() string { return string(s) }

// TestSubmitTakenIDIsNotARetry checks that a Conflict the store reports for
// a reason other than the idempotency key (here a taken ID) is returned as
// it is, not taken for a lost race on the key.
func TestSubmitTakenIDIsNotARetry(t *testing.T) {
	k := newKit(t)
	svc := referral.NewService(k.Store.Referral(), referral.Config{Clock: k.Clock, IDs: sameID("r-fixed")})
	first, err := svc.Submit(k.Ctx, k.Rita, "key-a", form(referral.KindLE))
	require.NoError(t, err)
	assert.Equal(t, "r-fixed", first.ID)
	_, err = svc.Submit(k.Ctx, k.Rita, "key-b", form(referral.KindLE))
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "%v", err)
	again, err := svc.Submit(k.Ctx, k.Rita, "key-a", form(referral.KindLE))
	require.NoError(t, err)
	assert.Equal(t, first, again, "the key still finds the first referral")
}
