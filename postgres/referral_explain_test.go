package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
	"github.com/carenet-go/carenet/referral"
)

// Shape of the load loadReferrals stores.
const (
	loadReferralSubmitters = 2_000
	loadReferralsTotal     = 100_000
)

// loadReferrals fills a fresh database with loadReferralSubmitters people
// ("rs-1" ...) who submitted loadReferralsTotal referrals ("rr-1" ...,
// 50 each, one every five minutes from 2025), in a few statements, and
// analyzes it. One referral in 50 is submitted, one under review, one a
// draft and one waiting for information; the rest are accepted.
func loadReferrals(t *testing.T, name string) {
	t.Helper()
	db := openDB(t, name, nil)
	start := time.Now()
	for _, stmt := range []string{
		`INSERT INTO carenet.people (id, given_name, family_name, state, created_at, updated_at, version,
			family_key, given_key, agency_key)
		SELECT 'rs-' || i, 'Given', 'Family' || i, 'active', now(), now(), 1, 'family' || i, 'given', ''
		FROM generate_series(1, 2000) AS i`,
		`INSERT INTO carenet.referrals (id, submitter_id, idempotency_key, status, kind, urgency, version,
			referrer_name, referrer_agency, agency_key, reason, narrative, children, household, offenders,
			allegations, services, le, cps, attachments, history, merged_from, created_at, updated_at, submitted_at)
		SELECT 'rr-' || i, 'rs-' || (1 + i % 2000), CASE WHEN i % 2 = 0 THEN 'key-' || i ELSE '' END,
			CASE i % 50 WHEN 0 THEN 'submitted' WHEN 1 THEN 'under_review' WHEN 2 THEN 'draft'
				WHEN 3 THEN 'info_requested' ELSE 'accepted' END,
			(ARRAY['client', 'le', 'cps', 'combined'])[1 + i % 4], (ARRAY['routine', 'urgent', 'emergency'])[1 + i % 3], 1,
			'Referrer ' || i, 'Agency ' || (i % 40), 'agency ' || (i % 40), 'Reason', 'Narrative',
			'[{"given_name": "Jamie", "family_name": "Doe", "address": {}}]', 'null', 'null',
			'[{"type": "neglect"}]', 'null', 'null', 'null', 'null', '[]', 'null',
			x.t, x.t, CASE WHEN i % 50 = 2 THEN NULL ELSE x.t + interval '1 minute' END
		FROM generate_series(1, 100000) AS i
		CROSS JOIN LATERAL (SELECT timestamptz '2025-01-01 00:00:00+00' + i * interval '5 minutes' AS t) x`,
		`ANALYZE`,
	} {
		_, err := db.Exec(stmt)
		require.NoError(t, err, stmt)
	}
	t.Logf("loaded %d referrals in %v", loadReferralsTotal, time.Since(start).Round(time.Millisecond))
}

// requireReferralIndex checks that the plan never reads carenet.referrals
// in full and uses the index named.
func requireReferralIndex(t *testing.T, plan planNode, index, what string) {
	t.Helper()
	requirePlan(t, plan, what, []string{"referrals"}, index)
}

// TestReferralQueriesUseIndexes loads 100,000 referrals and checks, through
// EXPLAIN of the very statements the store sends, that My Referrals runs
// on referrals_by_submitter, the intake queue on referrals_queue and the
// idempotency lookup on referrals_idempotency_key.
func TestReferralQueriesUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 100,000 referrals")
	}
	name := newDatabase(t, true)
	loadReferrals(t, name)
	s, counter := countingStore(t, name)

	// one runs fn and returns the one statement it sent.
	one := func(what string, fn func(tx referral.Tx) error) sqlcount.Statement {
		t.Helper()
		return oneStatement(t, counter, s.Referral(), what, fn)
	}
	var page []referral.Referral
	mine := func(q referral.SubmitterQuery, want int) func(tx referral.Tx) error {
		return func(tx referral.Tx) (err error) {
			page, err = tx.Referrals().ListBySubmitter(ctx, q)
			if err == nil && len(page) != want {
				err = fmt.Errorf("listed %d referrals, want %d", len(page), want)
			}
			return err
		}
	}
	queue := func(q referral.QueueQuery) func(tx referral.Tx) error {
		return func(tx referral.Tx) (err error) {
			page, err = tx.Referrals().Queue(ctx, q)
			if err == nil && len(page) == 0 {
				err = fmt.Errorf("the queue %+v is empty", q)
			}
			return err
		}
	}

	st := one("my referrals", mine(referral.SubmitterQuery{SubmitterID: "rs-42", Limit: 21}, 21))
	requireReferralIndex(t, explain(t, name, st), "referrals_by_submitter", "my referrals")
	last := page[len(page)-1]
	st = one("my referrals, next page", mine(referral.SubmitterQuery{SubmitterID: "rs-42", Limit: 21,
		After: &referral.Cursor{At: last.CreatedAt, ID: last.ID}}, 21))
	requireReferralIndex(t, explain(t, name, st), "referrals_by_submitter", "my referrals, next page")
	st = one("my referrals by status", mine(referral.SubmitterQuery{SubmitterID: "rs-42", Limit: 21,
		Statuses: []referral.Status{referral.StatusDraft, referral.StatusInfoRequested}}, 0))
	requireReferralIndex(t, explain(t, name, st), "referrals_by_submitter", "my referrals by status")

	open := []referral.Status{referral.StatusSubmitted, referral.StatusUnderReview}
	st = one("queue", queue(referral.QueueQuery{Statuses: open, Limit: 51}))
	requireReferralIndex(t, explain(t, name, st), "referrals_queue", "queue")
	require.Len(t, page, 51)
	last = page[len(page)-1]
	st = one("queue, next page", queue(referral.QueueQuery{Statuses: open, Limit: 51,
		After: &referral.Cursor{At: *last.SubmittedAt, ID: last.ID}}))
	requireReferralIndex(t, explain(t, name, st), "referrals_queue", "queue, next page")
	from, before := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	st = one("queue with every filter", queue(referral.QueueQuery{Statuses: append(open, referral.StatusInfoRequested),
		Kinds: []referral.Kind{referral.KindLE, referral.KindCombined}, Agency: personnel.Fold("Agency 11"),
		Urgency: referral.Urgent, SubmittedFrom: &from, SubmittedBefore: &before, Limit: 51}))
	requireReferralIndex(t, explain(t, name, st), "referrals_queue", "queue with every filter")
	st = one("queue of one status", queue(referral.QueueQuery{Statuses: []referral.Status{referral.StatusInfoRequested}, Limit: 51}))
	requireReferralIndex(t, explain(t, name, st), "referrals_queue", "queue of one status")

	st = one("idempotency lookup", func(tx referral.Tx) error {
		r, err := tx.Referrals().(referral.KeyFinder).ByIdempotencyKey(ctx, "rs-243", "key-4242")
		if err == nil && r.ID != "rr-4242" {
			err = fmt.Errorf("found %s", r.ID)
		}
		return err
	})
	requireReferralIndex(t, explain(t, name, st), "referrals_idempotency_key", "idempotency lookup")

	counter.Reset()
	require.NoError(t, s.Personnel().View(ctx, func(tx personnel.Tx) error {
		refs, err := tx.People().References(ctx, "rs-42")
		if err == nil && (len(refs) != 1 || refs[0] != personnel.Reference{Kind: "referrals", Count: loadReferralsTotal / loadReferralSubmitters}) {
			err = fmt.Errorf("references %v", refs)
		}
		return err
	}))
	st = counter.Statements()[0]
	requireReferralIndex(t, explain(t, name, st), "referrals_by_submitter", "references")
}
