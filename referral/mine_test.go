package referral_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

func TestMyReferralsIsolation(t *testing.T) {
	k := newKit(t)
	ritas := k.submit(k.Rita, referral.KindLE)
	robs := k.submit(k.Rob, referral.KindCPS)
	robsDraft, err := k.Svc.SaveDraft(k.Ctx, k.Rob, "", referral.Form{Kind: referral.KindCPS})
	require.NoError(t, err)

	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, ritas.ID, page.Referrals[0].ID)

	_, missing := k.Svc.GetMine(k.Ctx, k.Rita, "r-does-not-exist")
	for _, id := range []string{robs.ID, robsDraft.ID} {
		_, err := k.Svc.GetMine(k.Ctx, k.Rita, id)
		assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
		assert.Equal(t, missing, err, "someone else's referral is the same NotFound as a missing one")
		assert.Equal(t, missing.Error(), err.Error())
	}
	// Changing someone else's referral is the same NotFound too.
	for name, call := range map[string]func() error{
		"Edit": func() error {
			_, err := k.Svc.Edit(k.Ctx, k.Rita, robsDraft.ID, 1, referral.Form{Kind: referral.KindLE})
			return err
		},
		"SubmitDraft":  func() error { _, err := k.Svc.SubmitDraft(k.Ctx, k.Rita, robsDraft.ID, 1, ""); return err },
		"DiscardDraft": func() error { _, err := k.Svc.DiscardDraft(k.Ctx, k.Rita, robsDraft.ID, 1); return err },
	} {
		assert.Equal(t, missing, call(), name)
	}
	// Staff who submit referrals see only their own in My Referrals too.
	page, err = k.Svc.Mine(k.Ctx, k.Sam, referral.MineQuery{})
	require.NoError(t, err)
	assert.Empty(t, page.Referrals)
	_, err = k.Svc.GetMine(k.Ctx, k.Sam, ritas.ID)
	assert.Equal(t, missing, err)
}

func TestMyReferralsFollowStatusAndMessages(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	k.Clock.Advance(time.Hour)
	r, err := k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
	require.NoError(t, err)
	r, err = k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "Please add the child's date of birth.")
	require.NoError(t, err)

	got := mine(t, k, k.Rita, r.ID)
	assert.Equal(t, referral.StatusInfoRequested, got.Status)
	require.Len(t, got.History, 3)
	last := got.History[2]
	assert.Equal(t, referral.ActionRequestInfo, last.Action)
	assert.Equal(t, "Please add the child's date of birth.", last.Message)
	assert.Empty(t, last.ActorID, "the submitter does not learn who the CAC's reviewer is")
	assert.Equal(t, k.Rita.PersonID, got.History[0].ActorID, "their own actions are theirs")

	// The referrer answers: edits and resubmits with a reply.
	f := form(referral.KindLE)
	f.Children[1].DateOfBirth = day(2019, 8, 1)
	got, err = k.Svc.Edit(k.Ctx, k.Rita, got.ID, got.Version, f)
	require.NoError(t, err)
	got, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, got.ID, got.Version, "Added Alex's date of birth.")
	require.NoError(t, err)
	assert.Equal(t, referral.StatusSubmitted, got.Status)
	assert.Equal(t, "Added Alex's date of birth.", got.History[len(got.History)-1].Message)
	assert.Equal(t, day(2026, 3, 2), got.ReceivedDate, "the CAC's receipt date stays")

	// After acceptance the submitter sees "accepted", but not the case.
	got, err = k.Svc.Accept(k.Ctx, k.Rev, got.ID, got.Version, referral.Decision{CaseID: "case-77", Note: "joins the Doe family case"})
	require.NoError(t, err)
	assert.Equal(t, "case-77", got.CaseID)
	got = mine(t, k, k.Rita, got.ID)
	assert.Equal(t, referral.StatusAccepted, got.Status)
	assert.Empty(t, got.CaseID)
	for _, e := range got.History {
		assert.Empty(t, e.Note, "internal notes stay inside the CAC")
	}
	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, got, page.Referrals[0], "the list shows what GetMine shows")
}

func TestMyReferralsPaging(t *testing.T) {
	k := newKit(t)
	var ids []string
	for range 7 {
		ids = append(ids, k.submit(k.Rita, referral.KindCPS).ID)
		k.Clock.Advance(time.Minute)
	}
	d, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	ids = append(ids, d.ID)
	k.submit(k.Rob, referral.KindCPS)

	got := pagedIDs(t, 3, 4, func(cursor string) (referral.Page, error) {
		return k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{Limit: 3, Cursor: cursor})
	})
	want := make([]string, len(ids))
	for i, id := range ids {
		want[len(ids)-1-i] = id
	}
	assert.Equal(t, want, got, "newest first, each once")

	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{Statuses: []referral.Status{referral.StatusDraft}})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, d.ID, page.Referrals[0].ID)

	_, err = k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{Limit: -1, Cursor: "garbage", Statuses: []referral.Status{"lost"}})
	assert.ElementsMatch(t, [][2]string{{"limit", carenet.RuleRange}, {"cursor", carenet.RuleFormat}, {"statuses[0]", carenet.RuleOneOf}}, problems(t, err))
}
