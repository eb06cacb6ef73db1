package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

// TestNoPasswordLinkReachesReferralsTheActorCannotRead: a clerk who holds
// only personnel.view and passwords.reset gets no reset link for a
// referral-only partner, so cannot read the partner's referrals (a
// child's name and date of birth) as them; the refusal is ErrOutranked and
// changes nothing. Intake staff who read referrals and may submit them
// get the link.
func TestNoPasswordLinkReachesReferralsTheActorCannotRead(t *testing.T) {
	k := newKit(t)
	k.submit(k.Rita, referral.KindLE)
	k.User("Cle", "Clerk", "cclerk", pw, k.Group("Clerks", auth.ViewPersonnel, auth.ResetPasswords))
	clerk := k.LoginAs("cclerk", pw).Principal

	before := len(k.Actions(audit.TargetAccount, k.Rita.AccountID))
	var read []referral.Referral
	link, err := k.Auth.IssuePasswordLink(k.Ctx, clerk, k.Rita.AccountID)
	if err == nil { // the attack: set her password, log in as her, list her referrals
		const stolen = "taken-over-by-the-clerk-77"
		require.NoError(t, k.Auth.CompletePasswordLink(k.Ctx, link.Token, stolen))
		as := k.LoginAs("rita", stolen).Principal
		page, err := k.Svc.Mine(k.Ctx, as, referral.MineQuery{})
		require.NoError(t, err)
		read = page.Referrals
	}
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	assert.Empty(t, read, "no referral read as her")
	assert.Len(t, k.Actions(audit.TargetAccount, k.Rita.AccountID), before, "no link issued")
	k.LoginAs("rita", pw)

	// Reviewing referrals reaches those she wrote; submitting them, her
	// Referral Portal Access. Either alone is not enough.
	k.User("Ivo", "Intake", "iintake", pw, k.Group("Intake resetters", auth.ViewPersonnel, auth.ResetPasswords, auth.ReviewReferrals))
	_, err = k.Auth.IssuePasswordLink(k.Ctx, k.LoginAs("iintake", pw).Principal, k.Rita.AccountID)
	require.ErrorIs(t, err, auth.ErrOutranked, "reviewing alone")
	k.User("Ina", "Intake", "iinake", pw, k.Group("Intake leads", auth.ViewPersonnel, auth.ResetPasswords, auth.ReviewReferrals, auth.SubmitReferrals))
	link, err = k.Auth.IssuePasswordLink(k.Ctx, k.LoginAs("iinake", pw).Principal, k.Rita.AccountID)
	require.NoError(t, err)
	assert.NotEmpty(t, link.Token)
}
