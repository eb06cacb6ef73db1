package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/referral"
)

// TestReferralStatementCounts measures the statements the referral
// service's calls send, on a connection whose statements are counted, and
// holds them to their budget: a list is one statement however many
// referrals it returns (no query per referral), a submit is its
// idempotency lookup, one insert and the audit append.
func TestReferralStatementCounts(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	svc := referralService(s)
	_, rita := referralPortalUser(t, s, "rita")
	rev := referralReviewer(person(uniq("p"), "Rev", "Reviewer").ID)

	measure := func(name string, want, wantTx int, fn func()) {
		t.Helper()
		requireStatements(t, counter, name, want, wantTx, fn)
	}

	var first referral.Referral
	key := uniq("key")
	measure("Submit with a key (lookup, insert, audit append)", 3, 2, func() {
		var err error
		first, err = svc.Submit(ctx, rita, key, combinedForm(time.Now()))
		require.NoError(t, err)
	})
	measure("Submit retried with the key (lookup)", 1, 2, func() {
		again, err := svc.Submit(ctx, rita, key, combinedForm(time.Now()))
		require.NoError(t, err)
		require.Equal(t, first.ID, again.ID)
	})
	measure("Submit without a key (insert, audit append)", 2, 2, func() {
		_, err := svc.Submit(ctx, rita, "", combinedForm(time.Now()))
		require.NoError(t, err)
	})
	measure("SaveDraft (insert, audit append)", 2, 2, func() {
		_, err := svc.SaveDraft(ctx, rita, "", referral.Form{Kind: referral.KindLE, Narrative: "to finish later"})
		require.NoError(t, err)
	})
	for range 5 {
		_, err := svc.Submit(ctx, rita, "", combinedForm(time.Now()))
		require.NoError(t, err)
	}
	measure("Mine (8 referrals)", 1, 2, func() {
		page, err := svc.Mine(ctx, rita, referral.MineQuery{})
		require.NoError(t, err)
		require.Len(t, page.Referrals, 8)
	})
	measure("Mine, a page of 3 with a status filter", 1, 2, func() {
		page, err := svc.Mine(ctx, rita, referral.MineQuery{Statuses: []referral.Status{referral.StatusSubmitted}, Limit: 3})
		require.NoError(t, err)
		require.Len(t, page.Referrals, 3)
		require.NotEmpty(t, page.Next)
	})
	measure("Queue (at least 7 referrals)", 1, 2, func() {
		page, err := svc.Queue(ctx, rev, referral.QueueFilter{Limit: referral.MaxLimit})
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(page.Referrals), 7)
	})
	measure("Queue with every filter", 1, 2, func() {
		from := time.Now().Add(-time.Hour)
		_, err := svc.Queue(ctx, rev, referral.QueueFilter{Kinds: []referral.Kind{referral.KindCombined},
			Agency: "METRO police department", Urgency: referral.Urgent, SubmittedFrom: &from, Limit: 5})
		require.NoError(t, err)
	})
	// The read, then its access event: one insert in a transaction of its
	// own.
	measure("Open (read, then its access event)", 2, 4, func() {
		_, err := svc.Open(ctx, rev, first.ID)
		require.NoError(t, err)
	})
	measure("MarkUnderReview (get, update, audit append)", 3, 2, func() {
		_, err := svc.MarkUnderReview(ctx, rev, first.ID, first.Version)
		require.NoError(t, err)
	})
}
