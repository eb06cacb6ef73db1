package referral_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/referral"
)

// TestReviewTransitions runs each reviewer call from each status a
// referral can be put in, and checks the Service follows Transition: a
// legal move changes the status, bumps the version, adds one history
// entry and one audit event naming the actor and the reason; an illegal
// one is a Conflict that changes nothing.
func TestReviewTransitions(t *testing.T) {
	k := newKit(t)
	// into is a referral other referrals may be merged into.
	into := k.submit(k.Rob, referral.KindLE)

	// setup is the reviewer's call that puts a referral Rita has just
	// submitted in a status.
	setup := map[referral.Status]func(r referral.Referral) (referral.Referral, error){
		referral.StatusSubmitted: func(r referral.Referral) (referral.Referral, error) { return r, nil },
		referral.StatusUnderReview: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
		},
		referral.StatusInfoRequested: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "more please")
		},
		referral.StatusRejected: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Reject(k.Ctx, k.Rev, r.ID, r.Version, "not ours")
		},
		referral.StatusAccepted: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{CaseID: "case-1"})
		},
		referral.StatusMerged: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Merge(k.Ctx, k.Rev, r.ID, r.Version, into.ID, "same incident")
		},
		referral.StatusDeleted: func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Delete(k.Ctx, k.Rev, r.ID, r.Version, "test referral")
		},
	}
	type call struct {
		action  referral.Action
		audit   string
		message string // the text the call sends
		run     func(r referral.Referral) (referral.Referral, error)
	}
	calls := []call{
		{referral.ActionReview, "referral.review_started", "", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
		}},
		{referral.ActionRequestInfo, "referral.info_requested", "What is the child's school?", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "What is the child's school?")
		}},
		{referral.ActionReject, "referral.rejected", "Outside our county; refer to Hill County CAC.", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Reject(k.Ctx, k.Rev, r.ID, r.Version, "Outside our county; refer to Hill County CAC.")
		}},
		{referral.ActionAccept, "referral.accepted", "", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{CaseID: "case-9"})
		}},
		{referral.ActionMerge, "referral.merged", "", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Merge(k.Ctx, k.Rev, r.ID, r.Version, into.ID, "")
		}},
		{referral.ActionDelete, "referral.deleted", "", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Delete(k.Ctx, k.Rev, r.ID, r.Version, "entered twice")
		}},
		{referral.ActionMessage, "referral.message_sent", "Interview booked for Friday.", func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "Interview booked for Friday.")
		}},
	}
	for from, move := range setup {
		for _, c := range calls {
			t.Run(string(c.action)+" from "+string(from), func(t *testing.T) {
				r := k.moved(move)
				want, legalErr := referral.Transition(from, c.action)
				events := len(k.Events(audit.TargetReferral, r.ID))
				got, err := c.run(r)
				after := k.open(r.ID)
				if legalErr != nil {
					assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
					assert.Equal(t, r, after, "nothing changed")
					assert.Len(t, k.Events(audit.TargetReferral, r.ID), events)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, after, got)
				assert.Equal(t, want, got.Status)
				assert.Equal(t, r.Version+1, got.Version)
				require.Len(t, got.History, len(r.History)+1)
				e := got.History[len(got.History)-1]
				assert.Equal(t, referral.Entry{At: k.Clock.Now(), Action: c.action, From: from, To: want, ActorID: k.Rev.PersonID,
					Message: c.message, Note: e.Note}, e)
				ev := k.Events(audit.TargetReferral, r.ID)
				require.Len(t, ev, events+1)
				last := ev[len(ev)-1]
				assert.Equal(t, c.audit, string(last.Action))
				assert.Equal(t, k.Rev.PersonID, last.ActorID, "who")
				assert.Equal(t, string(from), last.Details["from"])
				assert.Equal(t, string(want), last.Details["to"])
				if c.message != "" {
					assert.Equal(t, c.message, last.Details["message"], "why")
				}
				if e.Note != "" {
					assert.Equal(t, e.Note, last.Details["note"], "why")
				}
			})
		}
	}
	k.VerifyAudit()
}

func TestStaleVersionConflicts(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	_, err := k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
	require.NoError(t, err)
	// A second reviewer who opened version 1 acts on it.
	for name, call := range map[string]func() error{
		"MarkUnderReview": func() error { _, err := k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, 1); return err },
		"RequestInfo":     func() error { _, err := k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, 1, "x"); return err },
		"Reject":          func() error { _, err := k.Svc.Reject(k.Ctx, k.Rev, r.ID, 1, "x"); return err },
		"Accept": func() error {
			_, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, 1, referral.Decision{CaseID: "c"})
			return err
		},
		"AcceptNewCase": func() error {
			_, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, 1, referral.Decision{NewCase: true})
			return err
		},
		"Merge":          func() error { _, err := k.Svc.Merge(k.Ctx, k.Rev, r.ID, 1, "r-x", ""); return err },
		"Delete":         func() error { _, err := k.Svc.Delete(k.Ctx, k.Rev, r.ID, 1, "x"); return err },
		"Message":        func() error { _, err := k.Svc.Message(k.Ctx, k.Rev, r.ID, 1, "x"); return err },
		"Future version": func() error { _, err := k.Svc.Message(k.Ctx, k.Rev, r.ID, 3, "x"); return err },
	} {
		err := call()
		assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), name)
	}
	got := k.open(r.ID)
	assert.Equal(t, int64(2), got.Version)
	assert.Equal(t, referral.StatusUnderReview, got.Status)
	assert.Zero(t, k.Hook.created, "no case was made for a stale acceptance")
}

func TestRejectAndResubmit(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindCPS)
	r, err := k.Svc.Reject(k.Ctx, k.Rev, r.ID, r.Version, "The narrative is missing the dates.")
	require.NoError(t, err)
	seen := mine(t, k, k.Rita, r.ID)
	assert.Equal(t, referral.StatusRejected, seen.Status)
	assert.Equal(t, "The narrative is missing the dates.", seen.History[len(seen.History)-1].Message, "the referrer sees the reason")

	f := form(referral.KindCPS)
	f.Narrative += "\nOn 20 February..."
	seen, err = k.Svc.Edit(k.Ctx, k.Rita, seen.ID, seen.Version, f)
	require.NoError(t, err)
	assert.Equal(t, referral.StatusRejected, seen.Status, "editing does not resubmit")
	seen, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, seen.ID, seen.Version, "")
	require.NoError(t, err)
	assert.Equal(t, referral.StatusSubmitted, seen.Status)
	page, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, f.Narrative, page.Referrals[0].Narrative)
	assert.Equal(t, []string{"referral.submitted", "referral.rejected", "referral.edited", "referral.submitted"}, k.actions(r.ID))
}

func TestDeleteIsAStatus(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	_, err := k.Svc.Delete(k.Ctx, k.Rev, r.ID, r.Version, "")
	assert.Equal(t, [][2]string{{"reason", carenet.RuleRequired}}, problems(t, err), "a deletion says why")
	d, err := k.Svc.Delete(k.Ctx, k.Rev, r.ID, r.Version, "Test entry by the partner")
	require.NoError(t, err)
	assert.Equal(t, referral.StatusDeleted, d.Status)
	assert.Equal(t, r.Form, d.Form, "the record is kept")
	assert.Len(t, d.History, 2)
	assert.Equal(t, "Test entry by the partner", d.History[1].Note)

	page, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{})
	require.NoError(t, err)
	assert.Empty(t, page.Referrals, "out of the default queue")
	page, err = k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Statuses: []referral.Status{referral.StatusDeleted}})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, d, page.Referrals[0])
	seen := mine(t, k, k.Rita, r.ID)
	assert.Equal(t, referral.StatusDeleted, seen.Status, "the referrer sees it deleted")
	assert.Empty(t, seen.History[1].Note, "but not the CAC's reason")
	ev := k.Events(audit.TargetReferral, r.ID)
	assert.Equal(t, "Test entry by the partner", ev[len(ev)-1].Details["note"])
}

func TestMerge(t *testing.T) {
	k := newKit(t)
	first := k.submit(k.Rita, referral.KindLE)
	dup := k.submit(k.Rob, referral.KindCPS)
	dup2 := k.submit(k.Rob, referral.KindCPS)

	_, err := k.Svc.Merge(k.Ctx, k.Rev, dup.ID, dup.Version, dup.ID, "")
	assert.Equal(t, [][2]string{{"into", carenet.RuleNotAllowed}}, problems(t, err))
	_, err = k.Svc.Merge(k.Ctx, k.Rev, dup.ID, dup.Version, "", "")
	assert.Equal(t, [][2]string{{"into", carenet.RuleRequired}}, problems(t, err))
	_, err = k.Svc.Merge(k.Ctx, k.Rev, dup.ID, dup.Version, "r-missing", "")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))

	m, err := k.Svc.Merge(k.Ctx, k.Rev, dup.ID, dup.Version, first.ID, "Same child, same incident")
	require.NoError(t, err)
	assert.Equal(t, referral.StatusMerged, m.Status)
	assert.Equal(t, first.ID, m.MergedInto)
	target := k.open(first.ID)
	assert.Equal(t, []string{dup.ID}, target.MergedFrom)
	assert.Equal(t, referral.StatusSubmitted, target.Status)
	assert.Equal(t, first.Version+1, target.Version)

	ev := k.Events(audit.TargetReferral, dup.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, referral.EventMerged, last.Action)
	assert.Equal(t, first.ID, last.Details["into"])
	assert.Equal(t, "Same child, same incident", last.Details["note"])
	ev = k.Events(audit.TargetReferral, first.ID)
	assert.Equal(t, referral.EventMergeReceived, ev[len(ev)-1].Action)
	assert.Equal(t, dup.ID, ev[len(ev)-1].Details["merged"])

	// Nothing merges into a merged or deleted referral, nor into a draft.
	_, err = k.Svc.Merge(k.Ctx, k.Rev, dup2.ID, dup2.Version, dup.ID, "")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	draft, err := k.Svc.SaveDraft(k.Ctx, k.Rob, "", referral.Form{Kind: referral.KindCPS})
	require.NoError(t, err)
	_, err = k.Svc.Merge(k.Ctx, k.Rev, dup2.ID, dup2.Version, draft.ID, "")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	// An accepted referral takes duplicates.
	first, err = k.Svc.Accept(k.Ctx, k.Rev, first.ID, target.Version, referral.Decision{CaseID: "case-5"})
	require.NoError(t, err)
	_, err = k.Svc.Merge(k.Ctx, k.Rev, dup2.ID, dup2.Version, first.ID, "")
	require.NoError(t, err)
	assert.Equal(t, []string{dup.ID, dup2.ID}, k.open(first.ID).MergedFrom)

	// The duplicate's submitter sees it merged, not where.
	seen := mine(t, k, k.Rob, dup.ID)
	assert.Equal(t, referral.StatusMerged, seen.Status)
	assert.Empty(t, seen.MergedInto)
	assert.Empty(t, mine(t, k, k.Rita, first.ID).MergedFrom, "nor does the target's submitter learn of others' referrals")
}

func TestReviewInputs(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	_, err := k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, " ")
	assert.Equal(t, [][2]string{{"message", carenet.RuleRequired}}, problems(t, err))
	_, err = k.Svc.Reject(k.Ctx, k.Rev, r.ID, r.Version, strings.Repeat("x", referral.MaxMessageLength+1))
	assert.Equal(t, [][2]string{{"reason", carenet.RuleTooLong}}, problems(t, err))
	_, err = k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "hi\x00")
	assert.Equal(t, [][2]string{{"message", carenet.RuleControlChars}}, problems(t, err))
	_, err = k.Svc.MarkUnderReview(k.Ctx, k.Rev, "r-missing", 1)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	// Permission comes before input checks.
	_, err = k.Svc.Reject(k.Ctx, k.Sam, r.ID, r.Version, "")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Svc.Message(k.Ctx, nil, r.ID, r.Version, "x")
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	assert.Equal(t, r, k.open(r.ID))
}

func TestHistoryIsBounded(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	var err error
	for range referral.MaxHistory - 1 {
		r, err = k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "ping")
		require.NoError(t, err)
	}
	_, err = k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "one too many")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
}

func TestAuditTrail(t *testing.T) {
	k := newKit(t)
	d, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	d, err = k.Svc.Edit(k.Ctx, k.Rita, d.ID, d.Version, form(referral.KindLE))
	require.NoError(t, err)
	d, err = k.Svc.SubmitDraft(k.Ctx, k.Rita, d.ID, d.Version, "")
	require.NoError(t, err)
	k.Clock.Advance(time.Minute)
	steps := []func(r referral.Referral) (referral.Referral, error){
		func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
		},
		func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "Need the report number")
		},
		func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.SubmitDraft(k.Ctx, k.Rita, r.ID, r.Version, "It is 2026-000456")
		},
		func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "Thanks")
		},
		func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true, Note: "new family"})
		},
	}
	r := d
	for _, step := range steps {
		r, err = step(r)
		require.NoError(t, err)
	}
	type row struct{ Action, Actor, From, To string }
	var got []row
	for _, e := range k.Events(audit.TargetReferral, d.ID) {
		got = append(got, row{string(e.Action), e.ActorID, e.Details["from"], e.Details["to"]})
	}
	rita, rev := k.Rita.PersonID, k.Rev.PersonID
	assert.Equal(t, []row{
		{"referral.draft_saved", rita, "", "draft"},
		{"referral.edited", rita, "draft", "draft"},
		{"referral.submitted", rita, "draft", "submitted"},
		{"referral.review_started", rev, "submitted", "under_review"},
		{"referral.info_requested", rev, "under_review", "info_requested"},
		{"referral.submitted", rita, "info_requested", "submitted"},
		{"referral.message_sent", rev, "submitted", "submitted"},
		{"referral.accepted", rev, "submitted", "accepted"},
	}, got)
	k.VerifyAudit()
}
