package referral_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/referral"
)

// hostile is text a form may legitimately hold that must come back
// exactly as it went in: SQL, HTML, quotes, emoji, combining and right-to-
// left letters, leading and trailing spaces.
var hostile = []string{
	"Robert'); DROP TABLE referrals; --",
	`<script>alert("x")</script><img src=x onerror=alert(1)>`,
	"1' OR '1'='1",
	"  padded  ",
	"Zoë Ångström (NFC) / Zoe\u0308 (NFD)",
	"שלום مرحبا 你好 👩‍👧",
	`%s %d {{.}} ${jndi:ldap://x} \x00 \n`,
}

// TestHostileTextIsKeptByteForByte submits a referral whose text fields
// hold hostile text and long multi-byte text at its limits, and reads it
// back through every path: what is accepted is returned byte for byte.
func TestHostileTextIsKeptByteForByte(t *testing.T) {
	k := newKit(t)
	f := form(referral.KindCombined)
	f.Referrer.Name = hostile[0]
	f.Referrer.Agency = hostile[1]
	f.Reason = strings.Join(hostile, "\n")
	f.AgencyCaseNumber = hostile[2]
	f.Children[0].GivenName = hostile[3]
	f.Children[0].FamilyName = hostile[4]
	f.Children[0].Gender = hostile[5]
	f.Children[0].Address.Line1 = hostile[6]
	f.Household[0].Relationship = hostile[1]
	f.Offenders[0].FamilyName = hostile[0]
	f.Allegations[1].Details = hostile[1] + "\r\n\t" + hostile[5]
	f.Narrative = strings.Repeat("ü", referral.MaxNarrativeLength) // at the limit, two bytes each
	f.LE.BadgeNumber = strings.Repeat("🛡", referral.MaxNumberLength)
	f.CPS.SafetyConcerns = hostile[6]
	f.Attachments[0].Name = hostile[1]
	f.Attachments[0].Key = strings.Repeat("k", referral.MaxKeyLength)

	r, err := k.Svc.Submit(k.Ctx, k.Rita, hostile[0], f)
	require.NoError(t, err)
	f.ReceivedDate = r.ReceivedDate
	assert.Equal(t, f, r.Form, "as returned by Submit")
	assert.Equal(t, hostile[0], r.IdempotencyKey)
	assert.Equal(t, f, mine(t, k, k.Rita, r.ID).Form, "as the submitter opens it")
	assert.Equal(t, f, k.open(r.ID).Form, "as a reviewer opens it")
	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, f, page.Referrals[0].Form, "in My Referrals")
	page, err = k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Agency: hostile[1]})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1, "the queue filters on the hostile agency name as on any other")
	assert.Equal(t, f, page.Referrals[0].Form, "in the intake queue")

	// Messages both ways keep their text too.
	msg := hostile[1] + "\n" + hostile[0]
	r, err = k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, msg)
	require.NoError(t, err)
	got := mine(t, k, k.Rita, r.ID)
	assert.Equal(t, msg, got.History[len(got.History)-1].Message)
	got, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, r.ID, got.Version, hostile[5])
	require.NoError(t, err)
	assert.Equal(t, hostile[5], k.open(r.ID).History[len(got.History)-1].Message)
	ev := k.Events(audit.TargetReferral, r.ID)
	assert.Equal(t, hostile[5], ev[len(ev)-1].Details["message"], "and so does the audit log")
	k.VerifyAudit()
}

// TestHostileTextIsRefusedWithFieldErrors checks that text that cannot be
// kept safely is refused, naming each field, and nothing is stored.
func TestHostileTextIsRefusedWithFieldErrors(t *testing.T) {
	k := newKit(t)
	f := form(referral.KindCombined)
	f.Narrative = strings.Repeat("ü", referral.MaxNarrativeLength+1)
	f.Reason = "ok \xc3\x28 not ok"
	f.Referrer.Name = "Dana\x00Reyes"
	f.Children[0].GivenName = "Jamie\u202e"
	f.Children[1].Address.City = strings.Repeat("x", 1<<20)
	f.LE.ReportNumber = "12\r\n34"
	f.CPS.SafetyConcerns = "line\vtab"
	f.Attachments[0].Name = "\ufeffreport.pdf"
	for _, submit := range []func() error{
		func() error { _, err := k.Svc.Submit(k.Ctx, k.Rita, "", f); return err },
		func() error { _, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", f); return err },
	} {
		assert.ElementsMatch(t, [][2]string{
			{"narrative", carenet.RuleTooLong},
			{"reason", carenet.RuleInvalidUTF8},
			{"referrer.name", carenet.RuleControlChars},
			{"children[0].given_name", carenet.RuleControlChars},
			{"children[1].address.city", carenet.RuleTooLong},
			{"le.report_number", carenet.RuleControlChars},
			{"cps.safety_concerns", carenet.RuleControlChars},
			{"attachments[0].name", carenet.RuleControlChars},
		}, problems(t, submit()))
	}
	page, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{})
	require.NoError(t, err)
	assert.Empty(t, page.Referrals, "nothing was stored")
	assert.Empty(t, k.Events(audit.TargetReferral, ""), "nothing was audited")

	_, err = k.Svc.Submit(k.Ctx, k.Rita, strings.Repeat("k", referral.MaxIdempotencyKey+1), form(referral.KindLE))
	assert.Equal(t, [][2]string{{"idempotency_key", carenet.RuleTooLong}}, problems(t, err))
}
