package referral_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/referral"
)

// queueWorld submits referrals an hour apart, each with its own kind,
// agency and urgency, and moves some on:
//
//	a  Rita  le        "Metro Police Department"  urgent     submitted
//	b  Rita  cps       "Çounty  CPS"              routine    submitted
//	c  Rob   combined  "METRO police department"  emergency  under review
//	d  Sam   client    "Riverside School"         routine    rejected
//	   Rob   draft (never listed)
type queueWorld struct {
	a, b, c, d referral.Referral
	start      time.Time
}

func newQueueWorld(t *testing.T, k *kit) queueWorld {
	t.Helper()
	w := queueWorld{start: k.Clock.Now()}
	sub := func(actor *auth.Principal, kind referral.Kind, agency string, u referral.Urgency) referral.Referral {
		f := form(kind)
		f.Referrer.Agency, f.Urgency = agency, u
		r, err := k.Svc.Submit(k.Ctx, actor, "", f)
		require.NoError(t, err)
		k.Clock.Advance(time.Hour)
		return r
	}
	w.a = sub(k.Rita, referral.KindLE, "Metro Police Department", referral.Urgent)
	w.b = sub(k.Rita, referral.KindCPS, "Çounty  CPS", referral.Routine)
	w.c = sub(k.Rob, referral.KindCombined, "METRO police department", referral.Emergency)
	w.d = sub(k.Sam, referral.KindClient, "Riverside School", referral.Routine)
	var err error
	w.c, err = k.Svc.MarkUnderReview(k.Ctx, k.Rev, w.c.ID, w.c.Version)
	require.NoError(t, err)
	w.d, err = k.Svc.Reject(k.Ctx, k.Rev, w.d.ID, w.d.Version, "Not a CAC matter.")
	require.NoError(t, err)
	_, err = k.Svc.SaveDraft(k.Ctx, k.Rob, "", form(referral.KindCPS))
	require.NoError(t, err)
	return w
}

// queueIDs lists the IDs of a queue page, failing on an error.
func queueIDs(t *testing.T, k *kit, f referral.QueueFilter) []string {
	t.Helper()
	page, err := k.Svc.Queue(k.Ctx, k.Rev, f)
	require.NoError(t, err)
	ids := []string{}
	for _, r := range page.Referrals {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestQueueFilters(t *testing.T) {
	k := newKit(t)
	w := newQueueWorld(t, k)
	at := func(h int) *time.Time { v := w.start.Add(time.Duration(h) * time.Hour); return &v }
	tests := []struct {
		name   string
		filter referral.QueueFilter
		want   []string
	}{
		{"default: submitted and under review, oldest first", referral.QueueFilter{}, []string{w.a.ID, w.b.ID, w.c.ID}},
		{"by status", referral.QueueFilter{Statuses: []referral.Status{referral.StatusRejected}}, []string{w.d.ID}},
		{"by statuses", referral.QueueFilter{Statuses: []referral.Status{referral.StatusUnderReview, referral.StatusRejected}}, []string{w.c.ID, w.d.ID}},
		{"every status but draft", referral.QueueFilter{Statuses: referral.Statuses()[1:]}, []string{w.a.ID, w.b.ID, w.c.ID, w.d.ID}},
		{"by kind", referral.QueueFilter{Kinds: []referral.Kind{referral.KindCPS}}, []string{w.b.ID}},
		{"by kinds", referral.QueueFilter{Kinds: []referral.Kind{referral.KindLE, referral.KindCombined}}, []string{w.a.ID, w.c.ID}},
		{"by agency, regardless of case", referral.QueueFilter{Agency: "metro police department"}, []string{w.a.ID, w.c.ID}},
		{"by agency, regardless of accents and spacing", referral.QueueFilter{Agency: "COUNTY CPS"}, []string{w.b.ID}},
		{"agency matches whole names only", referral.QueueFilter{Agency: "metro"}, []string{}},
		{"by urgency", referral.QueueFilter{Urgency: referral.Emergency}, []string{w.c.ID}},
		{"submitted from", referral.QueueFilter{SubmittedFrom: at(1)}, []string{w.b.ID, w.c.ID}},
		{"submitted before", referral.QueueFilter{SubmittedBefore: at(1)}, []string{w.a.ID}},
		{"submitted in a window", referral.QueueFilter{SubmittedFrom: at(1), SubmittedBefore: at(2)}, []string{w.b.ID}},
		{"every filter at once", referral.QueueFilter{
			Statuses: referral.Statuses()[1:], Kinds: []referral.Kind{referral.KindLE, referral.KindCombined, referral.KindClient},
			Agency: "Metro Police Department", Urgency: referral.Emergency, SubmittedFrom: at(0), SubmittedBefore: at(4),
		}, []string{w.c.ID}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, queueIDs(t, k, tt.filter))
		})
	}

	// A resubmitted referral goes to the back of the queue.
	d, err := k.Svc.SubmitDraft(k.Ctx, k.Sam, w.d.ID, w.d.Version, "It is: the school saw the injury.")
	require.NoError(t, err)
	assert.Equal(t, k.Clock.Now(), *d.SubmittedAt)
	assert.Equal(t, []string{w.a.ID, w.b.ID, w.c.ID, w.d.ID}, queueIDs(t, k, referral.QueueFilter{}))
	assert.Equal(t, []string{w.d.ID}, queueIDs(t, k, referral.QueueFilter{SubmittedFrom: at(4)}))
	assert.Empty(t, queueIDs(t, k, referral.QueueFilter{Statuses: []referral.Status{referral.StatusRejected}}))

	// The queue shows reviewers everything the CAC keeps.
	page, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Kinds: []referral.Kind{referral.KindCombined}})
	require.NoError(t, err)
	require.Len(t, page.Referrals, 1)
	assert.Equal(t, k.open(w.c.ID), page.Referrals[0])
	assert.Equal(t, k.Rev.PersonID, page.Referrals[0].History[1].ActorID)
}

func TestQueuePaging(t *testing.T) {
	k := newKit(t)
	var want []string
	for i := range 9 {
		kind := referral.KindLE
		if i%3 == 2 {
			kind = referral.KindCPS // filtered out below
		}
		r := k.submit(k.Rita, kind)
		if kind == referral.KindLE {
			want = append(want, r.ID)
		}
		if i%2 == 0 {
			k.Clock.Advance(time.Minute) // pairs share a submission time
		}
	}
	got := pagedIDs(t, 2, 4, func(cursor string) (referral.Page, error) {
		return k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Kinds: []referral.Kind{referral.KindLE}, Limit: 2, Cursor: cursor})
	})
	assert.Equal(t, want, got, "oldest first, each once, across equal submission times")

	page, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{Limit: len(want) + 3})
	require.NoError(t, err)
	assert.Len(t, page.Referrals, 9)
	assert.Empty(t, page.Next, "no cursor after the last page")
}

func TestQueueInput(t *testing.T) {
	k := newKit(t)
	from := k.Clock.Now()
	_, err := k.Svc.Queue(k.Ctx, k.Rev, referral.QueueFilter{
		Statuses:        []referral.Status{referral.StatusSubmitted, referral.StatusDraft, "pending"},
		Kinds:           []referral.Kind{"fbi"},
		Agency:          "Metro\x00PD",
		Urgency:         "asap",
		SubmittedFrom:   &from,
		SubmittedBefore: &from,
		Limit:           referral.MaxLimit + 1,
		Cursor:          "not-a-cursor",
	})
	assert.ElementsMatch(t, [][2]string{
		{"statuses[1]", carenet.RuleNotAllowed},
		{"statuses[2]", carenet.RuleOneOf},
		{"kinds[0]", carenet.RuleOneOf},
		{"agency", carenet.RuleControlChars},
		{"urgency", carenet.RuleOneOf},
		{"submitted_before", carenet.RuleOrder},
		{"limit", carenet.RuleRange},
		{"cursor", carenet.RuleFormat},
	}, problems(t, err))

	_, err = k.Svc.Queue(k.Ctx, k.Sam, referral.QueueFilter{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "submitting is not reviewing")
	_, err = k.Svc.Queue(k.Ctx, k.Rita, referral.QueueFilter{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Svc.Queue(k.Ctx, nil, referral.QueueFilter{})
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))

	c := referral.Cursor{At: time.Date(2026, 3, 2, 9, 0, 0, 123456000, time.UTC), ID: "r-7"}
	got, err := referral.DecodeCursor(referral.EncodeCursor(c))
	require.NoError(t, err)
	assert.Equal(t, c, got)
	for _, bad := range []string{"", "!!", "W10", "WyJ4IiwiciJd", "WyIyMDI2LTAzLTAyVDA5OjAwOjAwWiIsIiJd"} {
		_, err := referral.DecodeCursor(bad)
		assert.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%q", bad)
	}
}
