package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

// mineIDs lists the IDs in the actor's My Referrals.
func (k *kit) mineIDs(actor *auth.Principal) []string {
	k.T.Helper()
	page, err := k.Svc.Mine(k.Ctx, actor, referral.MineQuery{Limit: referral.MaxLimit})
	require.NoError(k.T, err)
	var out []string
	for _, r := range page.Referrals {
		out = append(out, r.ID)
	}
	return out
}

// TestHandedOverReferralFollowsTheSuccessor: when Rita leaves, her open
// referrals go to Rob of the same agency, who finds them in My Referrals
// with the CAC's messages and may answer them; Rita no longer sees them. A
// referral already closed stays hers. Each hand-over is audited.
func TestHandedOverReferralFollowsTheSuccessor(t *testing.T) {
	k := newKit(t)
	asked := k.submit(k.Rita, referral.KindLE)
	asked, err := k.Svc.RequestInfo(k.Ctx, k.Rev, asked.ID, asked.Version, "What is the child's school?")
	require.NoError(t, err)
	draft, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "draft-1", form(referral.KindCPS))
	require.NoError(t, err)
	closed := k.submit(k.Rita, referral.KindLE)
	_, err = k.Svc.Delete(k.Ctx, k.Rev, closed.ID, closed.Version, "Sent to the wrong CAC.")
	require.NoError(t, err)

	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Rita.PersonID, "left the department")
	require.NoError(t, err)
	got, err := k.Svc.HandOver(k.Ctx, k.Admin.Principal, k.Rita.PersonID, k.Rob.PersonID)
	require.NoError(t, err)
	assert.ElementsMatch(t, []string{asked.ID, draft.ID}, got.Referrals)
	assert.Equal(t, k.Rita.PersonID, got.From)
	assert.Equal(t, k.Rob.PersonID, got.To)

	assert.ElementsMatch(t, []string{asked.ID, draft.ID}, k.mineIDs(k.Rob))
	mine, err := k.Svc.GetMine(k.Ctx, k.Rob, asked.ID)
	require.NoError(t, err)
	assert.Equal(t, referral.StatusInfoRequested, mine.Status)
	var messages []string
	for _, e := range mine.History {
		if e.Message != "" {
			messages = append(messages, e.Message)
		}
	}
	assert.Equal(t, []string{"What is the child's school?"}, messages, "the successor reads the CAC's messages")
	last := mine.History[len(mine.History)-1]
	assert.Equal(t, referral.ActionHandOver, last.Action)

	// Rob answers it as its submitter.
	_, err = k.Svc.SubmitDraft(k.Ctx, k.Rob, asked.ID, mine.Version, "Riverside Elementary.")
	require.NoError(t, err)

	// Rita's login would see only the closed one; her own view of the
	// referral handed over is gone.
	rita := k.Rita
	_, err = k.Svc.GetMine(k.Ctx, rita, asked.ID)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	assert.Equal(t, []string{closed.ID}, k.mineIDs(rita))

	// Rita's idempotency key went with her: Rob's own key of that name
	// makes a new referral.
	fresh, err := k.Svc.SaveDraft(k.Ctx, k.Rob, "draft-1", form(referral.KindCPS))
	require.NoError(t, err)
	assert.NotEqual(t, draft.ID, fresh.ID)

	for _, id := range got.Referrals {
		assert.Contains(t, k.actions(id), string(referral.EventHandedOver))
		events := k.Events(audit.TargetReferral, id)
		for _, e := range events {
			if e.Action == referral.EventHandedOver {
				assert.Equal(t, k.Admin.Principal.PersonID, e.ActorID)
				assert.Equal(t, k.Rita.PersonID, e.Details["from_submitter"])
				assert.Equal(t, k.Rob.PersonID, e.Details["to_submitter"])
			}
		}
	}
	k.VerifyAudit()
}

// TestHandOverRefusesABadSuccessor: a successor of another agency, an
// inactive one, one without referral access, or one whose access does not
// cover a kind handed is refused with an Invalid error naming field "to",
// and nothing changes.
func TestHandOverRefusesABadSuccessor(t *testing.T) {
	k := newKit(t)
	le := k.submit(k.Rita, referral.KindLE)
	cps := k.submit(k.Rita, referral.KindCPS)

	otherAgency := k.referralUserOf("County CPS", portal.ReferralBoth, "Olga", "Other", "olga")
	inactive := k.referralUserOf("Metro Police Department", portal.ReferralBoth, "Ian", "Inactive", "ian")
	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, inactive.PersonID, "left")
	require.NoError(t, err)
	leOnly := k.referralUserOf("Metro Police Department", portal.ReferralLE, "Lee", "Officer", "lee")
	noLogin, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{Fields: personnel.Fields{
		GivenName: "Nell", FamilyName: "Nologin", Agency: "metro police department", AgencyKind: personnel.AgencyLawEnforcement}})
	require.NoError(t, err)
	videoOnly, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Vic", FamilyName: "Video", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "vic", Password: pw, Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Video: true}},
	})
	require.NoError(t, err)

	for _, tc := range []struct {
		name, from, to, field, rule string
	}{
		{"AnotherAgency", k.Rita.PersonID, otherAgency.PersonID, "to", referral.RuleOtherAgency},
		{"InactivePerson", k.Rita.PersonID, inactive.PersonID, "to", referral.RuleInactivePerson},
		{"NoLogin", k.Rita.PersonID, noLogin.Profile.ID, "to", referral.RuleNoReferralAccess},
		{"NoReferralAccess", k.Rita.PersonID, videoOnly.Profile.ID, "to", referral.RuleNoReferralAccess},
		{"KindNotCovered", k.Rita.PersonID, leOnly.PersonID, "to", referral.RuleNoReferralAccess},
		{"UnknownSuccessor", k.Rita.PersonID, "nobody", "to", referral.RuleUnknownPerson},
		{"NoSuccessor", k.Rita.PersonID, "", "to", carenet.RuleRequired},
		{"Themselves", k.Rita.PersonID, k.Rita.PersonID, "to", carenet.RuleNotAllowed},
		{"UnknownSubmitter", "nobody", k.Rob.PersonID, "from", referral.RuleUnknownPerson},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := k.Svc.HandOver(k.Ctx, k.Admin.Principal, tc.from, tc.to)
			assert.Equal(t, [][2]string{{tc.field, tc.rule}}, problems(t, err))
			assert.ElementsMatch(t, []string{le.ID, cps.ID}, k.mineIDs(k.Rita), "nothing changes")
			assert.NotContains(t, k.actions(le.ID), string(referral.EventHandedOver))
		})
	}

	// The same LE-only colleague may take over LE referrals alone.
	bob := k.referralUserOf("Metro Police Department", portal.ReferralLE, "Bob", "Beat", "bob")
	_, err = k.Svc.HandOver(k.Ctx, k.Admin.Principal, bob.PersonID, leOnly.PersonID)
	require.NoError(t, err, "nothing open to hand over is not an error")
	k.submit(bob, referral.KindLE)
	got, err := k.Svc.HandOver(k.Ctx, k.Admin.Principal, bob.PersonID, leOnly.PersonID)
	require.NoError(t, err)
	assert.Len(t, got.Referrals, 1)
}

// TestHandOverNeedsReassignReferrals: a reviewer, a portal user and no one
// at all may not hand referrals over; a security administrator without
// ReassignReferrals may not give it to anyone either (the rank rule).
func TestHandOverNeedsReassignReferrals(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	for name, actor := range map[string]*auth.Principal{"reviewer": k.Rev, "portal user": k.Rita} {
		_, err := k.Svc.HandOver(k.Ctx, actor, k.Rita.PersonID, k.Rob.PersonID)
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), name)
	}
	_, err := k.Svc.HandOver(k.Ctx, nil, k.Rita.PersonID, k.Rob.PersonID)
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	assert.Equal(t, []string{r.ID}, k.mineIDs(k.Rita))

	handovers := k.Group("Handovers", auth.ReassignReferrals)
	k.User("Sue", "Security", "sue", pw, k.Group("Security", auth.ManageSecurityGroups, auth.ViewPersonnel))
	sue := k.LoginAs("sue", pw).Principal
	rev, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, k.Rev.PersonID)
	require.NoError(t, err)
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, sue, rev.ID, append(rev.Login.Groups, handovers))
	assert.ErrorIs(t, err, auth.ErrOutranked)

	_, err = k.Personnel.SetSecurityGroups(k.Ctx, k.Admin.Principal, rev.ID, append(rev.Login.Groups, handovers))
	require.NoError(t, err)
	rev2 := k.LoginAs("rev", pw).Principal
	_, err = k.Svc.HandOver(k.Ctx, rev2, k.Rita.PersonID, k.Rob.PersonID)
	require.NoError(t, err)
	assert.Equal(t, []string{r.ID}, k.mineIDs(k.Rob))
}

// TestHandingReferralsToOneselfNeedsReviewReferrals: a partner of the
// submitter's agency who may reassign referrals but not review them
// cannot hand a colleague's referrals to themselves and so read them;
// the referrals stay where they were.
func TestHandingReferralsToOneselfNeedsReviewReferrals(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	_, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Dana", FamilyName: "Dual", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "dana", Password: pw,
			Groups: []string{k.Group("Handovers", auth.ReassignReferrals, auth.SubmitReferrals)},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}},
	})
	require.NoError(t, err)
	dana := k.LoginAs("dana", pw).Principal
	require.True(t, dana.Can(auth.ReassignReferrals))
	_, err = k.Svc.HandOver(k.Ctx, dana, k.Rita.PersonID, dana.PersonID)
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Equal(t, []string{r.ID}, k.mineIDs(k.Rita), "nothing moved")
	assert.Empty(t, k.mineIDs(dana))
}

// TestHandOverRespectsTheSubmittersRank: taking referrals from a
// submitter whose login holds more than the actor (an MDT partner who may
// also review referrals) is refused, whether the submitter is still
// active or has left, and nothing moves; an actor who outranks them may.
func TestHandOverRespectsTheSubmittersRank(t *testing.T) {
	k := newKit(t)
	_, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Sid", FamilyName: "Senior", Agency: "Metro Police Department", AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: "sid", Password: pw,
			Groups: []string{k.Group("Senior partners", auth.SubmitReferrals, auth.ReviewReferrals, auth.ViewPersonnel)},
			Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}},
	})
	require.NoError(t, err)
	sid := k.LoginAs("sid", pw).Principal
	r := k.submit(sid, referral.KindLE)
	k.User("Hana", "Handover", "hana", pw, k.Group("Handovers", auth.ReassignReferrals))
	hana := k.LoginAs("hana", pw).Principal

	got, err := k.Svc.HandOver(k.Ctx, hana, sid.PersonID, k.Rob.PersonID)
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Zero(t, got)
	assert.Equal(t, []string{r.ID}, k.mineIDs(sid), "nothing moved")
	assert.NotContains(t, k.actions(r.ID), string(referral.EventHandedOver))

	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sid.PersonID, "left")
	require.NoError(t, err)
	_, err = k.Svc.HandOver(k.Ctx, hana, sid.PersonID, k.Rob.PersonID)
	require.ErrorIs(t, err, auth.ErrOutranked, "gone, but not Hana's to act on")

	got, err = k.Svc.HandOver(k.Ctx, k.Admin.Principal, sid.PersonID, k.Rob.PersonID)
	require.NoError(t, err)
	assert.Equal(t, []string{r.ID}, got.Referrals)

	// A submitter who holds no more than Hana (a referral user) is hers to
	// hand over.
	k.submit(k.Rita, referral.KindLE)
	_, err = k.Svc.HandOver(k.Ctx, hana, k.Rita.PersonID, k.Rob.PersonID)
	require.NoError(t, err)
}

// TestHandOverNeedsTheSubmittersAgencyRecorded: with no agency on the
// submitter's profile no colleague can be told to be of the same agency,
// so every successor is refused (RuleOtherAgency on "to"), and nothing
// changes; recording the agency lets it through.
func TestHandOverNeedsTheSubmittersAgencyRecorded(t *testing.T) {
	k := newKit(t)
	nobody := k.referralUserOf("", portal.ReferralBoth, "Ann", "Nonagency", "ann")
	r := k.submit(nobody, referral.KindLE)
	_, err := k.Svc.HandOver(k.Ctx, k.Admin.Principal, nobody.PersonID, k.Rob.PersonID)
	assert.Equal(t, [][2]string{{"to", referral.RuleOtherAgency}}, problems(t, err))
	assert.Equal(t, []string{r.ID}, k.mineIDs(nobody), "nothing changes")
	assert.Empty(t, k.mineIDs(k.Rob))
	assert.NotContains(t, k.actions(r.ID), string(referral.EventHandedOver))

	p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, nobody.PersonID)
	require.NoError(t, err)
	agency := "Metro Police Department"
	_, err = k.Personnel.Edit(k.Ctx, k.Admin.Principal, p.ID, p.Version, personnel.Update{Agency: &agency})
	require.NoError(t, err)
	_, err = k.Svc.HandOver(k.Ctx, k.Admin.Principal, nobody.PersonID, k.Rob.PersonID)
	require.NoError(t, err)
	assert.Equal(t, []string{r.ID}, k.mineIDs(k.Rob))
}
