package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/referral"
)

// lines are what the transcript of a successful run must hold, one phrase
// per step that matters.
var lines = []string{
	"referral_only  Rita Okafor  lands on the dashboard; tabs: Dashboard, My Referrals; portal/CareNet button: false",
	"video_only     Paul Nguyen  lands on the dashboard; tabs: Dashboard, My Videos; portal/CareNet button: false",
	"dual_access    Cara Diaz    lands on the dashboard; tabs: Dashboard, My Referrals; portal/CareNet button: true",
	"all            Dana Brooks  lands on the dashboard; tabs: Dashboard, My Videos, My Referrals; portal/CareNet button: true",
	"Rita submits an LE referral for 2 children: submitted",
	"Rita follows it in My Referrals: under_review",
	"the host's duplicate-client check holds it: Jamie Doe, born 2012-01-09",
	"Sam confirms a new case: the host opens CASE-2026-0001",
	"Rita follows it in My Referrals: accepted",
	"her history reads submitted → under_review → accepted",
	"sharing it with download needs a recent sign-in; Sam's was 19m0s ago: \"for your security, please sign in again to do this\"",
	"Sam shares it view-only with Paul Nguyen and with download with Dana Brooks",
	"Paul's download is denied: \"this video was shared for viewing only; it cannot be downloaded\"",
	"Paul's view is allowed: a ticket until",
	"which the storage proxy verifies before streaming videos/CASE-2026-0001/interview-1.mp4",
	"Dana logs in and downloads it with her own ticket, verified for a download",
	"her open session stops at once, before any sweep",
	"the nightly sweep deactivates Ivy Chen",
	"Ivy's old password fails",
	"Ivy's old session fails too",
	"cannot be deleted; deactivate it instead",
	"the custody report of \"Forensic interview, Jamie D.\" lists 9 events:",
	"video.access_denied  by Paul Nguyen, reason view_only",
	"video.downloaded     by Dana Brooks",
	"exported as CSV: a header and 9 rows",
	"events verifies (head",
	"All 38 steps behaved as expected.",
}

func TestRunOnMemory(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, tell(context.Background(), &out, memory.New()), out.String())
	for _, want := range lines {
		assert.Contains(t, out.String(), want)
	}
}

func TestRunRefusesAStoreThatIsNotEmpty(t *testing.T) {
	store := memory.New()
	require.NoError(t, tell(context.Background(), new(bytes.Buffer), store))
	var out bytes.Buffer
	err := tell(context.Background(), &out, store)
	require.ErrorIs(t, err, errNotEmpty)
	assert.Empty(t, out.String(), "nothing is told")
}

// forgetfulStore is a memory store whose referral repository never lists a
// submitter's referrals: My Referrals is always empty.
type forgetfulStore struct{ *memory.Store }

func (s forgetfulStore) Referral() referral.Store { return forgetfulBoundary{s.Store.Referral()} }

type forgetfulBoundary struct{ referral.Store }

func (b forgetfulBoundary) View(ctx context.Context, fn func(referral.Tx) error) error {
	return b.Store.View(ctx, func(tx referral.Tx) error { return fn(forgetfulTx{tx}) })
}

func (b forgetfulBoundary) Update(ctx context.Context, fn func(referral.Tx) error) error {
	return b.Store.Update(ctx, func(tx referral.Tx) error { return fn(forgetfulTx{tx}) })
}

type forgetfulTx struct{ referral.Tx }

func (t forgetfulTx) Referrals() referral.Repository { return forgetfulRepo{t.Tx.Referrals()} }

type forgetfulRepo struct{ referral.Repository }

func (forgetfulRepo) ListBySubmitter(context.Context, referral.SubmitterQuery) ([]referral.Referral, error) {
	return nil, nil
}

// ByIdempotencyKey keeps the store's fast path, which the embedded
// interface hides: a retried submission still finds its first one.
func (r forgetfulRepo) ByIdempotencyKey(ctx context.Context, submitterID, key string) (referral.Referral, error) {
	return referral.ByKey(ctx, r.Repository, submitterID, key)
}

func TestRunFailsWhenAStepMisbehaves(t *testing.T) {
	var out bytes.Buffer
	err := tell(context.Background(), &out, forgetfulStore{memory.New()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "Rita's My Referrals does not show her referral under_review")
	assert.Contains(t, out.String(), "Sam's intake queue lists it", "the steps before the failure ran")
	assert.NotContains(t, out.String(), "behaved as expected")
}

func TestIntakeHook(t *testing.T) {
	ctx := context.Background()
	clock := carenet.NewManualClock(storyStart)
	h := newIntake(clock)
	r := referral.Referral{ID: "r-1", Form: referral.Form{Children: []referral.Child{
		{GivenName: "JAMIE", FamilyName: "Doé"}, {GivenName: "Alex", FamilyName: "Doe"},
	}}}
	m, err := h.FindDuplicates(ctx, r)
	require.NoError(t, err)
	require.Len(t, m, 1, "names are compared folded")
	assert.Equal(t, "CASE-2025-0042", m[0].CaseID)
	assert.Equal(t, "Jamie Doe, born 2012-01-09, case opened 2025-11-03", m[0].Summary)

	id, err := h.CreateCase(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, "CASE-2026-0001", id)
	clock.Advance(time.Hour)
	again, err := h.CreateCase(ctx, r)
	require.NoError(t, err)
	assert.Equal(t, id, again, "CreateCase is idempotent per referral")
	m, err = h.FindDuplicates(ctx, r)
	require.NoError(t, err)
	assert.Len(t, m, 1, "a referral's own case is not its duplicate")

	other, err := h.CreateCase(ctx, referral.Referral{ID: "r-2", Form: referral.Form{Children: []referral.Child{{GivenName: "Jamie", FamilyName: "Doe"}}}})
	require.NoError(t, err)
	assert.Equal(t, "CASE-2026-0002", other)
	m, err = h.FindDuplicates(ctx, referral.Referral{ID: "r-3", Form: r.Form})
	require.NoError(t, err)
	assert.Len(t, m, 3, "both earlier Jamie Does and r-1's case match a new referral")
	_, err = h.CreateCase(ctx, referral.Referral{ID: "r-4"})
	assert.Error(t, err, "a referral without a child makes no case")
	assert.True(t, strings.HasPrefix(m[2].CaseID, "CASE-2026-"))
}
