package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// referralCases test referral.Repository.
var referralCases = []testCase{
	{"CreateAndGet", testReferralCreateAndGet},
	{"CreateDuplicateID", testReferralCreateDuplicateID},
	{"CreateDuplicateKey", testReferralCreateDuplicateKey},
	{"CreateUnknownSubmitter", testReferralCreateUnknownSubmitter},
	{"GetNotFound", testReferralGetNotFound},
	{"Update", testReferralUpdate},
	{"UpdateKeepsImmutables", testReferralUpdateKeepsImmutables},
	{"UpdateStaleVersion", testReferralUpdateStale},
	{"UpdateMissing", testReferralUpdateMissing},
	{"ByIdempotencyKey", testReferralByIdempotencyKey},
	{"ByIdempotencyKeyPlain", func(t *testing.T, s Store) { testReferralByIdempotencyKey(t, Plain(s)) }},
	{"ListBySubmitter", testReferralListBySubmitter},
	{"ListBySubmitterPaging", testReferralListBySubmitterPaging},
	{"Queue", testReferralQueue},
	{"QueueFilters", testReferralQueueFilters},
	{"QueuePaging", testReferralQueuePaging},
	{"QueueFollowsResubmission", testReferralQueueResubmission},
	{"RoundTripHostileText", testReferralHostileText},
	{"RoundTripNilAndEmpty", testReferralNilAndEmpty},
	{"ViewCannotWrite", testReferralViewCannotWrite},
	{"Rollback", testReferralRollback},
	{"Isolation", testReferralIsolation},
	{"PersonReferences", testReferralReferences},
	{"HandOver", testReferralHandOver},
	{"HandOverRefusals", testReferralHandOverRefusals},
}

// day is midnight UTC of the date, as the referral package stores dates.
func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func intp(v int) *int { return &v }

// NewReferral returns a submitted client referral by the submitter, made
// and submitted at created, with one child, one allegation and no
// idempotency key, for a test to adjust and store.
func NewReferral(id, submitterID string, created time.Time) referral.Referral {
	created = carenet.Timestamp(created)
	return referral.Referral{
		ID: id,
		Form: referral.Form{
			Kind:        referral.KindClient,
			Referrer:    referral.Contact{Name: "Dana Reyes", Agency: "Riverside Elementary", Phone: "555-010-2000"},
			Reason:      "Disclosure at school.",
			Children:    []referral.Child{{GivenName: "Jamie", FamilyName: "Doe", Age: intp(9)}},
			Allegations: []referral.Allegation{{Type: referral.PhysicalAbuse}},
			Narrative:   "Jamie told her teacher.",
			Urgency:     referral.Routine,
		},
		Status:      referral.StatusSubmitted,
		SubmitterID: submitterID,
		History: []referral.Entry{{At: created, Action: referral.ActionSubmit, From: referral.StatusNone,
			To: referral.StatusSubmitted, ActorID: submitterID}},
		CreatedAt:   created,
		UpdatedAt:   created,
		SubmittedAt: &created,
	}
}

// NewDraft returns a draft by the submitter, saved at created and never
// submitted, holding nothing but its kind, for a test to adjust and store.
func NewDraft(id, submitterID string, created time.Time) referral.Referral {
	created = carenet.Timestamp(created)
	return referral.Referral{
		ID:          id,
		Form:        referral.Form{Kind: referral.KindLE},
		Status:      referral.StatusDraft,
		SubmitterID: submitterID,
		History: []referral.Entry{{At: created, Action: referral.ActionSaveDraft, From: referral.StatusNone,
			To: referral.StatusDraft, ActorID: submitterID}},
		CreatedAt: created,
		UpdatedAt: created,
	}
}

// fullReferral is a combined referral with every field of the form and of
// the record set, lists of several items included.
func fullReferral(id, submitterID string) referral.Referral {
	r := NewReferral(id, submitterID, at(0))
	r.Form = testkit.CompleteForm(referral.KindCombined, at(0))
	// What a referrer leaves as it is but a stored referral holds too: the
	// day the CAC received it, an age of zero, an accent in an agency.
	r.ReceivedDate = day(2025, time.March, 14)
	*r.Children[1].Age = 0
	r.Referrer.Agency = "Métro Police Department"
	r.Status = referral.StatusAccepted
	r.IdempotencyKey = "submit-" + id
	r.History = []referral.Entry{
		{At: at(0), Action: referral.ActionSubmit, From: referral.StatusNone, To: referral.StatusSubmitted, ActorID: submitterID},
		{At: at(time.Hour), Action: referral.ActionRequestInfo, From: referral.StatusSubmitted, To: referral.StatusInfoRequested, ActorID: "p-rev", Message: "Please add the school's address."},
		{At: at(2 * time.Hour), Action: referral.ActionSubmit, From: referral.StatusInfoRequested, To: referral.StatusSubmitted, ActorID: submitterID, Message: "Added."},
		{At: at(3 * time.Hour), Action: referral.ActionAccept, From: referral.StatusSubmitted, To: referral.StatusAccepted, ActorID: "p-rev", Note: "Known family."},
	}
	r.CaseID = "case-42"
	r.MergedFrom = []string{"r-dup-1", "r-dup-2"}
	r.UpdatedAt = at(3 * time.Hour)
	submitted := at(2 * time.Hour)
	r.SubmittedAt = &submitted
	return r
}

// createReferral stores referrals.
func createReferral(t *testing.T, s Store, refs ...referral.Referral) {
	t.Helper()
	createEach(t, s.Referral(), refs, func(tx referral.Tx, r referral.Referral) error { return tx.Referrals().Create(ctx, r) })
}

// getReferral reads a referral.
func getReferral(t *testing.T, s Store, id string) referral.Referral {
	t.Helper()
	return viewValue(t, s.Referral(), func(tx referral.Tx) (referral.Referral, error) { return tx.Referrals().Get(ctx, id) })
}

// updateReferral stores a change and returns the referral as stored.
func updateReferral(t *testing.T, s Store, r referral.Referral) referral.Referral {
	t.Helper()
	return updateValue(t, s.Referral(), func(tx referral.Tx) (referral.Referral, error) { return tx.Referrals().Update(ctx, r) })
}

// referralWorld stores the submitters "p-rita" and "p-rob".
func referralWorld(t *testing.T, s Store) {
	t.Helper()
	createPerson(t, s, NewPerson("p-rita", "Rita", "Referrer"), NewPerson("p-rob", "Rob", "Reporter"))
}

// referralIDs returns the IDs of refs, in order.
func referralIDs(refs []referral.Referral) []string {
	return idsOf(refs, func(r referral.Referral) string { return r.ID })
}

// mine lists a submitter's referrals.
func mine(t *testing.T, s Store, q referral.SubmitterQuery) []referral.Referral {
	t.Helper()
	return viewValue(t, s.Referral(), func(tx referral.Tx) ([]referral.Referral, error) { return tx.Referrals().ListBySubmitter(ctx, q) })
}

// queue lists the intake queue.
func queue(t *testing.T, s Store, q referral.QueueQuery) []referral.Referral {
	t.Helper()
	return viewValue(t, s.Referral(), func(tx referral.Tx) ([]referral.Referral, error) { return tx.Referrals().Queue(ctx, q) })
}

// nonDraft lists every status but draft: every status a queue may ask for.
var nonDraft = []referral.Status{referral.StatusSubmitted, referral.StatusUnderReview, referral.StatusInfoRequested,
	referral.StatusRejected, referral.StatusAccepted, referral.StatusMerged, referral.StatusDeleted}

func testReferralCreateAndGet(t *testing.T, s Store) {
	referralWorld(t, s)
	full := fullReferral("r-1", "p-rita")
	full.Version = 9 // ignored: a new referral is version 1
	createReferral(t, s, full)
	full.Version = 1
	requireEqual(t, full, getReferral(t, s, "r-1"))

	draft := NewDraft("r-2", "p-rita", at(time.Minute))
	createReferral(t, s, draft)
	draft.Version = 1
	got := getReferral(t, s, "r-2")
	requireEqual(t, draft, got)
	require.Nil(t, got.SubmittedAt, "a draft never submitted has no submission time")
	require.Nil(t, got.LE)
	require.Nil(t, got.CPS)
	require.Nil(t, got.IncidentDate)

	// Times come back as the SDK stores them: UTC, in microseconds.
	odd := NewReferral("r-3", "p-rob", at(0))
	local := time.Date(2025, time.March, 14, 5, 26, 53, 589793999, time.FixedZone("EDT", -4*3600))
	odd.CreatedAt, odd.UpdatedAt, odd.SubmittedAt = local, local, &local
	odd.History[0].At = local
	createReferral(t, s, odd)
	got = getReferral(t, s, "r-3")
	for what, tm := range map[string]time.Time{"created": got.CreatedAt, "updated": got.UpdatedAt, "submitted": *got.SubmittedAt, "history": got.History[0].At} {
		require.True(t, carenet.Timestamp(local).Equal(tm), "%s: %v", what, tm)
		require.Equal(t, 0, tm.Nanosecond()%1000, "%s keeps microseconds only", what)
	}
}

func testReferralCreateDuplicateID(t *testing.T, s Store) {
	referralWorld(t, s)
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)))
	err := s.Referral().Update(ctx, func(tx referral.Tx) error {
		r := NewReferral("r-1", "p-rob", at(time.Hour))
		r.Narrative = "another"
		return tx.Referrals().Create(ctx, r)
	})
	requireCode(t, err, carenet.Conflict)
	got := getReferral(t, s, "r-1")
	require.Equal(t, "p-rita", got.SubmitterID)
	require.Equal(t, "Jamie told her teacher.", got.Narrative)
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rob", Limit: 10}))
}

func testReferralCreateDuplicateKey(t *testing.T, s Store) {
	referralWorld(t, s)
	first := NewReferral("r-1", "p-rita", at(0))
	first.IdempotencyKey = "key-1"
	createReferral(t, s, first)

	again := NewReferral("r-2", "p-rita", at(time.Hour))
	again.IdempotencyKey = "key-1"
	err := s.Referral().Update(ctx, func(tx referral.Tx) error { return tx.Referrals().Create(ctx, again) })
	requireCode(t, err, carenet.Conflict, "the submitter used the key before")
	err = s.Referral().View(ctx, func(tx referral.Tx) error {
		_, err := tx.Referrals().Get(ctx, "r-2")
		return err
	})
	requireCode(t, err, carenet.NotFound)

	// Keys are the submitter's own; a referral without a key never clashes.
	other := NewReferral("r-3", "p-rob", at(time.Hour))
	other.IdempotencyKey = "key-1"
	similar := NewReferral("r-4", "p-rita", at(time.Hour))
	similar.IdempotencyKey = "KEY-1"
	createReferral(t, s, other, similar,
		NewReferral("r-5", "p-rita", at(time.Hour)), NewReferral("r-6", "p-rita", at(time.Hour)))
	require.Equal(t, []string{"r-6", "r-5", "r-4", "r-1"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10})))
}

func testReferralCreateUnknownSubmitter(t *testing.T, s Store) {
	referralWorld(t, s)
	err := s.Referral().Update(ctx, func(tx referral.Tx) error {
		return tx.Referrals().Create(ctx, NewReferral("r-1", "p-missing", at(0)))
	})
	requireCode(t, err, carenet.NotFound)
	err = s.Referral().View(ctx, func(tx referral.Tx) error {
		_, err := tx.Referrals().Get(ctx, "r-1")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testReferralGetNotFound(t *testing.T, s Store) {
	referralWorld(t, s)
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)))
	for _, id := range []string{"r-missing", "R-1", "r-1 ", ""} {
		err := s.Referral().View(ctx, func(tx referral.Tx) error {
			_, err := tx.Referrals().Get(ctx, id)
			return err
		})
		requireCode(t, err, carenet.NotFound, "id %q", id)
	}
}

func testReferralUpdate(t *testing.T, s Store) {
	referralWorld(t, s)
	r := NewDraft("r-1", "p-rita", at(0))
	createReferral(t, s, r)
	r.Version = 1

	// The draft is filled in and submitted: every field may change.
	full := fullReferral("r-1", "p-rita")
	full.IdempotencyKey, full.CreatedAt = r.IdempotencyKey, r.CreatedAt
	full.Version = 1
	got := updateReferral(t, s, full)
	full.Version = 2
	requireEqual(t, full, got)
	requireEqual(t, full, getReferral(t, s, "r-1"))

	// And back to less: parts and lists removed, optional fields cleared.
	bare := full
	bare.Form = NewReferral("r-1", "p-rita", at(0)).Form
	bare.CaseID, bare.MergedInto, bare.MergedFrom = "", "r-9", nil
	bare.Status = referral.StatusMerged
	bare.History = append(bare.History, referral.Entry{At: at(4 * time.Hour), Action: referral.ActionMerge,
		From: referral.StatusSubmitted, To: referral.StatusMerged, ActorID: "p-rev"})
	bare.UpdatedAt = at(4 * time.Hour)
	got = updateReferral(t, s, bare)
	bare.Version = 3
	requireEqual(t, bare, got)
	stored := getReferral(t, s, "r-1")
	requireEqual(t, bare, stored)
	require.Nil(t, stored.LE)
	require.Nil(t, stored.CPS)
	require.Nil(t, stored.IncidentDate)
}

func testReferralUpdateKeepsImmutables(t *testing.T, s Store) {
	referralWorld(t, s)
	r := NewReferral("r-1", "p-rita", at(0))
	r.IdempotencyKey = "key-1"
	createReferral(t, s, r)
	changed := r
	changed.Version = 1
	changed.SubmitterID, changed.IdempotencyKey, changed.CreatedAt = "p-rob", "key-2", at(time.Hour)
	changed.Narrative = "changed"
	got := updateReferral(t, s, changed)
	want := changed
	want.SubmitterID, want.IdempotencyKey, want.CreatedAt = r.SubmitterID, r.IdempotencyKey, r.CreatedAt
	want.Version = 2
	requireEqual(t, want, got, "the stored submitter, key and creation time are returned")
	requireEqual(t, want, getReferral(t, s, "r-1"))

	require.Equal(t, []string{"r-1"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10})))
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rob", Limit: 10}))
	view(t, s.Referral(), func(tx referral.Tx) error {
		got, err := referral.ByKey(ctx, tx.Referrals(), "p-rita", "key-1")
		require.NoError(t, err)
		require.Equal(t, "r-1", got.ID)
		_, err = referral.ByKey(ctx, tx.Referrals(), "p-rita", "key-2")
		requireCode(t, err, carenet.NotFound)
		_, err = referral.ByKey(ctx, tx.Referrals(), "p-rob", "key-2")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	// The cursor position of the list is still the creation time.
	require.Equal(t, []string{"r-1"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita",
		After: &referral.Cursor{At: at(30 * time.Minute), ID: "r-9"}, Limit: 10})))
}

func testReferralUpdateStale(t *testing.T, s Store) {
	referralWorld(t, s)
	r := NewReferral("r-1", "p-rita", at(0))
	createReferral(t, s, r)
	r.Version = 1
	r.Narrative = "first change"
	updateReferral(t, s, r)
	r.Narrative = "second change on the old version"
	err := s.Referral().Update(ctx, func(tx referral.Tx) error {
		_, err := tx.Referrals().Update(ctx, r)
		return err
	})
	requireCode(t, err, carenet.Conflict)
	got := getReferral(t, s, "r-1")
	require.Equal(t, "first change", got.Narrative)
	require.Equal(t, int64(2), got.Version)

	r.Version = 3 // ahead of the store
	err = s.Referral().Update(ctx, func(tx referral.Tx) error {
		_, err := tx.Referrals().Update(ctx, r)
		return err
	})
	requireCode(t, err, carenet.Conflict)
}

func testReferralUpdateMissing(t *testing.T, s Store) {
	referralWorld(t, s)
	err := s.Referral().Update(ctx, func(tx referral.Tx) error {
		r := NewReferral("r-missing", "p-rita", at(0))
		r.Version = 1
		_, err := tx.Referrals().Update(ctx, r)
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testReferralByIdempotencyKey(t *testing.T, s Store) {
	referralWorld(t, s)
	const composed, decomposed = "caf\u00e9-1", "cafe\u0301-1"
	rita := fullReferral("r-1", "p-rita")
	rita.IdempotencyKey = composed
	rob := NewReferral("r-2", "p-rob", at(0))
	rob.IdempotencyKey = composed
	spaced := NewReferral("r-3", "p-rita", at(0))
	spaced.IdempotencyKey = "key "
	noKey := NewReferral("r-4", "p-rita", at(0))
	createReferral(t, s, rita, rob, spaced, noKey)
	rita.Version = 1

	view(t, s.Referral(), func(tx referral.Tx) error {
		got, err := referral.ByKey(ctx, tx.Referrals(), "p-rita", composed)
		require.NoError(t, err)
		requireEqual(t, rita, got, "the whole referral")
		got, err = referral.ByKey(ctx, tx.Referrals(), "p-rob", composed)
		require.NoError(t, err)
		require.Equal(t, "r-2", got.ID, "keys are scoped per submitter")
		got, err = referral.ByKey(ctx, tx.Referrals(), "p-rita", "key ")
		require.NoError(t, err)
		require.Equal(t, "r-3", got.ID)
		for _, c := range []struct{ submitter, key string }{
			{"p-rita", decomposed},    // the same text, other bytes
			{"p-rita", "CAF\u00c9-1"}, // case matters
			{"p-rita", "key"},         // so do spaces
			{"p-rita", "key  "},
			{"p-rita", "caf"}, // no prefix match
			{"p-rita", "%"},   // no pattern
			{"p-rita", ""},    // a referral without a key is never found by one
			{"p-other", composed},
			{"", composed},
		} {
			_, err := referral.ByKey(ctx, tx.Referrals(), c.submitter, c.key)
			requireCode(t, err, carenet.NotFound, "submitter %q key %q", c.submitter, c.key)
		}
		return nil
	})
}

func testReferralListBySubmitter(t *testing.T, s Store) {
	referralWorld(t, s)
	old := NewReferral("r-a", "p-rita", at(0))
	newest := NewReferral("r-b", "p-rita", at(2*time.Hour))
	newest.Status = referral.StatusAccepted
	tieLow := NewDraft("r-c", "p-rita", at(time.Hour))
	tieHigh := NewReferral("r-d", "p-rita", at(time.Hour)) // same time: by ID, descending
	tieHigh.Status = referral.StatusRejected
	deleted := NewDraft("r-e", "p-rita", at(-time.Hour))
	deleted.Status = referral.StatusDeleted
	robs := NewReferral("r-f", "p-rob", at(time.Hour))
	createReferral(t, s, tieLow, robs, old, deleted, newest, tieHigh)

	got := mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10})
	require.Equal(t, []string{"r-b", "r-d", "r-c", "r-a", "r-e"}, referralIDs(got),
		"newest first, then by ID descending; every status")
	tieHigh.Version = 1
	requireEqual(t, tieHigh, got[1], "whole referrals")

	require.Equal(t, []string{"r-b", "r-d"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 2})))
	require.Equal(t, []string{"r-c", "r-e"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita",
		Statuses: []referral.Status{referral.StatusDraft, referral.StatusDeleted}, Limit: 10})))
	require.Equal(t, []string{"r-d", "r-a"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita",
		Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusRejected}, Limit: 10})))
	require.Equal(t, []string{"r-a"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita",
		Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusRejected}, Limit: 1,
		After: &referral.Cursor{At: at(time.Hour), ID: "r-d"}})), "a filter with a cursor")
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita",
		Statuses: []referral.Status{referral.StatusMerged}, Limit: 10}))
	require.Equal(t, []string{"r-f"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rob", Limit: 10})))
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-none", Limit: 10}))
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rit", Limit: 10}), "no prefix match")
}

func testReferralListBySubmitterPaging(t *testing.T, s Store) {
	referralWorld(t, s)
	var want []string
	var refs []referral.Referral
	// Eleven referrals, three to a time, made in a shuffled order.
	for i := 10; i >= 0; i-- {
		r := NewReferral(string(rune('a'+(i*7)%11))+"-r", "p-rita", at(time.Duration(i/3)*time.Minute))
		refs = append(refs, r)
	}
	refs = append(refs, NewReferral("z-rob", "p-rob", at(time.Minute)))
	createReferral(t, s, refs...)
	all := mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 100})
	require.Len(t, all, 11)
	for i := 1; i < len(all); i++ {
		a, b := all[i-1], all[i]
		require.True(t, a.CreatedAt.After(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID > b.ID,
			"%s before %s", a.ID, b.ID)
	}
	want = referralIDs(all)

	for _, limit := range []int{1, 2, 3, 4, 11} {
		var got []string
		var after *referral.Cursor
		for pages := 0; ; pages++ {
			require.Less(t, pages, 12, "paging does not end")
			page := mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", After: after, Limit: limit})
			require.LessOrEqual(t, len(page), limit)
			got = append(got, referralIDs(page)...)
			if len(page) < limit {
				break
			}
			last := page[len(page)-1]
			after = &referral.Cursor{At: last.CreatedAt, ID: last.ID}
		}
		require.Equal(t, want, got, "pages of %d", limit)
	}
}

// queueWorld stores referrals for the queue tests: r-1 ... r-6 submitted at
// times 1h ... 6h of various kinds, urgencies, agencies and statuses, and
// a draft.
func queueWorld(t *testing.T, s Store) {
	t.Helper()
	referralWorld(t, s)
	mk := func(id, submitter string, submitted time.Duration, kind referral.Kind, urgency referral.Urgency, agency string, status referral.Status) referral.Referral {
		r := NewReferral(id, submitter, at(-time.Hour))
		sub := at(submitted)
		r.SubmittedAt, r.Kind, r.Urgency, r.Referrer.Agency, r.Status = &sub, kind, urgency, agency, status
		return r
	}
	createReferral(t, s,
		mk("r-6", "p-rob", 6*time.Hour, referral.KindClient, referral.Routine, "Riverside Elementary", referral.StatusSubmitted),
		mk("r-2", "p-rita", 2*time.Hour, referral.KindCPS, referral.Emergency, "County CPS", referral.StatusUnderReview),
		mk("r-4", "p-rob", 4*time.Hour, referral.KindLE, referral.Urgent, "Métro  Police Department", referral.StatusSubmitted),
		mk("r-1", "p-rita", 1*time.Hour, referral.KindLE, referral.Urgent, "METRO POLICE DEPARTMENT", referral.StatusSubmitted),
		mk("r-5", "p-rita", 5*time.Hour, referral.KindCombined, referral.Urgent, "Metro Police Dept", referral.StatusAccepted),
		mk("r-3", "p-rob", 3*time.Hour, referral.KindClient, referral.Routine, "", referral.StatusInfoRequested),
		NewDraft("r-0", "p-rita", at(0)),
	)
}

func testReferralQueue(t *testing.T, s Store) {
	queueWorld(t, s)
	got := queue(t, s, referral.QueueQuery{Statuses: nonDraft, Limit: 100})
	require.Equal(t, []string{"r-1", "r-2", "r-3", "r-4", "r-5", "r-6"}, referralIDs(got),
		"oldest submission first; the draft never")
	want := getReferral(t, s, "r-4")
	requireEqual(t, want, got[3], "whole referrals")
	require.Equal(t, []string{"r-1", "r-2", "r-4", "r-6"}, referralIDs(queue(t, s, referral.QueueQuery{
		Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusUnderReview}, Limit: 100})))
	require.Equal(t, []string{"r-1", "r-2"}, referralIDs(queue(t, s, referral.QueueQuery{
		Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusUnderReview}, Limit: 2})))
	require.Equal(t, []string{"r-5"}, referralIDs(queue(t, s, referral.QueueQuery{
		Statuses: []referral.Status{referral.StatusAccepted}, Limit: 100})))
	require.Empty(t, queue(t, s, referral.QueueQuery{Statuses: []referral.Status{referral.StatusMerged}, Limit: 100}))

	// Same submission time: by ID.
	tieTime := at(2 * time.Hour)
	tie := NewReferral("r-2a", "p-rob", at(0))
	tie.SubmittedAt = &tieTime
	tieBefore := NewReferral("r-10", "p-rob", at(0))
	tieBefore.SubmittedAt = &tieTime
	createReferral(t, s, tie, tieBefore)
	require.Equal(t, []string{"r-1", "r-10", "r-2", "r-2a", "r-3", "r-4", "r-5", "r-6"},
		referralIDs(queue(t, s, referral.QueueQuery{Statuses: nonDraft, Limit: 100})))
}

func testReferralQueueFilters(t *testing.T, s Store) {
	queueWorld(t, s)
	all := nonDraft
	for _, c := range []struct {
		name string
		q    referral.QueueQuery
		want []string
	}{
		{"one kind", referral.QueueQuery{Kinds: []referral.Kind{referral.KindLE}}, []string{"r-1", "r-4"}},
		{"kinds", referral.QueueQuery{Kinds: []referral.Kind{referral.KindClient, referral.KindCombined}}, []string{"r-3", "r-5", "r-6"}},
		{"folded agency", referral.QueueQuery{Agency: personnel.Fold("Metro Police Department")}, []string{"r-1", "r-4"}},
		{"agency matches whole", referral.QueueQuery{Agency: "metro"}, nil},
		{"agency is no pattern", referral.QueueQuery{Agency: "metro police%"}, nil},
		{"urgency", referral.QueueQuery{Urgency: referral.Urgent}, []string{"r-1", "r-4", "r-5"}},
		{"submitted from (inclusive)", referral.QueueQuery{SubmittedFrom: ptr(at(4 * time.Hour))}, []string{"r-4", "r-5", "r-6"}},
		{"submitted before (exclusive)", referral.QueueQuery{SubmittedBefore: ptr(at(3 * time.Hour))}, []string{"r-1", "r-2"}},
		{"between", referral.QueueQuery{SubmittedFrom: ptr(at(2 * time.Hour)), SubmittedBefore: ptr(at(4*time.Hour + time.Microsecond))}, []string{"r-2", "r-3", "r-4"}},
		{"a microsecond short", referral.QueueQuery{SubmittedFrom: ptr(at(2*time.Hour + time.Microsecond)), SubmittedBefore: ptr(at(4 * time.Hour))}, []string{"r-3"}},
		{"every filter", referral.QueueQuery{Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusAccepted},
			Kinds: []referral.Kind{referral.KindLE, referral.KindCombined}, Agency: "metro police department", Urgency: referral.Urgent,
			SubmittedFrom: ptr(at(time.Hour + time.Minute)), SubmittedBefore: ptr(at(6 * time.Hour))}, []string{"r-4"}},
		{"every filter with a cursor", referral.QueueQuery{Statuses: []referral.Status{referral.StatusSubmitted, referral.StatusAccepted},
			Kinds: []referral.Kind{referral.KindLE, referral.KindCombined}, Urgency: referral.Urgent,
			SubmittedBefore: ptr(at(6 * time.Hour)), After: &referral.Cursor{At: at(time.Hour), ID: "r-1"}}, []string{"r-4", "r-5"}},
		{"nothing matches", referral.QueueQuery{Kinds: []referral.Kind{referral.KindCPS}, Urgency: referral.Routine}, nil},
	} {
		q := c.q
		if q.Statuses == nil {
			q.Statuses = all
		}
		q.Limit = 100
		got := queue(t, s, q)
		if c.want == nil {
			require.Empty(t, got, c.name)
			continue
		}
		require.Equal(t, c.want, referralIDs(got), c.name)
	}
}

func testReferralQueuePaging(t *testing.T, s Store) {
	referralWorld(t, s)
	var refs []referral.Referral
	for i := range 11 {
		r := NewReferral(string(rune('a'+(i*5)%11))+"-q", "p-rita", at(0))
		sub := at(time.Duration(i/4) * time.Minute) // four to a time
		r.SubmittedAt = &sub
		if i%5 == 4 {
			r.Urgency = referral.Emergency
		}
		refs = append(refs, r)
	}
	refs = append(refs, NewDraft("0-draft", "p-rita", at(0)))
	createReferral(t, s, refs...)
	for _, q := range []referral.QueueQuery{
		{Statuses: nonDraft},
		{Statuses: nonDraft, Urgency: referral.Routine},
		{Statuses: nonDraft, SubmittedFrom: ptr(at(time.Minute))},
	} {
		q.Limit = 100
		all := queue(t, s, q)
		require.NotEmpty(t, all)
		for i := 1; i < len(all); i++ {
			a, b := all[i-1], all[i]
			require.True(t, a.SubmittedAt.Before(*b.SubmittedAt) || a.SubmittedAt.Equal(*b.SubmittedAt) && a.ID < b.ID,
				"%s before %s", a.ID, b.ID)
		}
		want := referralIDs(all)
		for _, limit := range []int{1, 3, 4, len(all)} {
			var got []string
			q.After, q.Limit = nil, limit
			for pages := 0; ; pages++ {
				require.Less(t, pages, 13, "paging does not end")
				page := queue(t, s, q)
				require.LessOrEqual(t, len(page), limit)
				got = append(got, referralIDs(page)...)
				if len(page) < limit {
					break
				}
				last := page[len(page)-1]
				q.After = &referral.Cursor{At: *last.SubmittedAt, ID: last.ID}
			}
			require.Equal(t, want, got, "pages of %d", limit)
		}
	}
}

func testReferralQueueResubmission(t *testing.T, s Store) {
	referralWorld(t, s)
	a := NewReferral("r-a", "p-rita", at(0))
	b := NewReferral("r-b", "p-rita", at(time.Hour))
	d := NewDraft("r-d", "p-rita", at(-time.Hour))
	createReferral(t, s, a, b, d)
	open := []referral.Status{referral.StatusSubmitted, referral.StatusUnderReview}
	require.Equal(t, []string{"r-a", "r-b"}, referralIDs(queue(t, s, referral.QueueQuery{Statuses: open, Limit: 10})))

	// r-a is sent back, then submitted again later: it moves to the end.
	a.Version = 1
	a.Status = referral.StatusInfoRequested
	a = updateReferral(t, s, a)
	require.Equal(t, []string{"r-b"}, referralIDs(queue(t, s, referral.QueueQuery{Statuses: open, Limit: 10})))
	again := at(2 * time.Hour)
	a.Status, a.SubmittedAt = referral.StatusSubmitted, &again
	updateReferral(t, s, a)
	require.Equal(t, []string{"r-b", "r-a"}, referralIDs(queue(t, s, referral.QueueQuery{Statuses: open, Limit: 10})))
	require.Empty(t, queue(t, s, referral.QueueQuery{Statuses: open, SubmittedBefore: ptr(at(time.Hour)), Limit: 10}),
		"the old submission time is gone")

	// The draft is submitted: it joins the queue at its submission time.
	d.Version = 1
	sub := at(90 * time.Minute)
	d.Status, d.SubmittedAt = referral.StatusSubmitted, &sub
	updateReferral(t, s, d)
	require.Equal(t, []string{"r-b", "r-d", "r-a"}, referralIDs(queue(t, s, referral.QueueQuery{Statuses: open, Limit: 10})))
}

// hostileText is text a store must keep byte for byte: SQL, markup, JSON,
// escapes, quotes, scripts of several languages, line breaks and tabs.
var hostileText = []string{
	`'; DROP TABLE carenet.referrals; --`,
	`Robert'); DELETE FROM carenet.people WHERE ('1'='1`,
	`$1 $2 ? ?? :name @p1 %s %v %`,
	`<script>alert("x")</script><img src=x onerror=alert(1)>&amp;&lt;&#0;`,
	`{"a": [1, 2, {"b": null}], "\u0000": "\\u0000"}`,
	`C:\path\to\file \n \t \\ \" \u00e9 \ufffd`,
	"line one\nline two\r\nline three\ttabbed",
	"Zoë Ångström, Nguyễn Thị, 山田 太郎, محمد, Ελένη, Дмитрий, 🧒🏽👨‍👩‍👧",
	"cafe\u0301 versus caf\u00e9",
	"\ufffd replacement character, written as such",
	"  leading and trailing spaces  ",
	strings.Repeat("long text with ünïcödé, ", 800),
}

func testReferralHostileText(t *testing.T, s Store) {
	referralWorld(t, s)
	for i, text := range hostileText {
		r := fullReferral("r-"+string(rune('a'+i)), "p-rita")
		r.IdempotencyKey = text
		r.Narrative, r.Reason, r.AgencyCaseNumber = text, text, text
		r.Referrer.Name, r.Referrer.Agency = text, text
		r.Children[0].GivenName, r.Children[1].Address.Line2 = text, text
		r.Household[1].Relationship = text
		r.Offenders[0].FamilyName = text
		r.Allegations[1].Details = text
		r.LE.ReportNumber, r.CPS.SafetyConcerns = text, text
		r.Attachments[0].Name, r.Attachments[1].Key = text, text
		r.History[1].Message, r.History[3].Note = text, text
		r.CaseID, r.MergedFrom = text, []string{text, "r-x"}
		createReferral(t, s, r)
		r.Version = 1
		got := getReferral(t, s, r.ID)
		requireEqual(t, r, got, "text %d", i)
		// Byte for byte, whatever a comparison library may think of them.
		for _, v := range []string{got.IdempotencyKey, got.Narrative, got.Referrer.Agency, got.Children[1].Address.Line2,
			got.Offenders[0].FamilyName, got.Allegations[1].Details, got.CPS.SafetyConcerns, got.Attachments[1].Key,
			got.History[1].Message, got.History[3].Note, got.CaseID, got.MergedFrom[0]} {
			require.Equal(t, []byte(text), []byte(v), "text %d", i)
		}
		view(t, s.Referral(), func(tx referral.Tx) error {
			byKey, err := referral.ByKey(ctx, tx.Referrals(), "p-rita", text)
			require.NoError(t, err, "text %d", i)
			require.Equal(t, r.ID, byKey.ID)
			return nil
		})
		require.Len(t, queue(t, s, referral.QueueQuery{Statuses: nonDraft, Agency: personnel.Fold(text), Limit: 100}), 1, "agency %d", i)
	}
}

func testReferralNilAndEmpty(t *testing.T, s Store) {
	referralWorld(t, s)
	// Nil and empty lists are alike: either may come back, but never a
	// list with items, and pointers stay as they were.
	empty := NewReferral("r-empty", "p-rita", at(0))
	empty.Children, empty.Household, empty.Offenders, empty.Allegations = []referral.Child{}, []referral.HouseholdPerson{}, []referral.Offender{}, []referral.Allegation{}
	empty.Services, empty.Attachments, empty.History, empty.MergedFrom = []referral.RequestedService{}, []referral.Attachment{}, []referral.Entry{}, []string{}
	nilLists := NewReferral("r-nil", "p-rita", at(0))
	nilLists.Children, nilLists.Allegations, nilLists.History = nil, nil, nil
	// Zero values behind pointers are values, not absences.
	zero := NewReferral("r-zero", "p-rita", at(0))
	zero.LE, zero.CPS = &referral.LEPart{}, &referral.CPSPart{}
	zero.Children = []referral.Child{{Age: intp(0)}, {}}
	zero.Offenders = []referral.Offender{{Unknown: true, Age: intp(0)}, {}}
	zero.Attachments = []referral.Attachment{{}}
	zero.History = []referral.Entry{{}}
	createReferral(t, s, empty, nilLists, zero)

	for _, r := range []referral.Referral{empty, nilLists} {
		got := getReferral(t, s, r.ID)
		r.Version = 1
		requireEqual(t, r, got)
		for what, n := range map[string]int{"children": len(got.Children), "household": len(got.Household), "offenders": len(got.Offenders),
			"allegations": len(got.Allegations), "services": len(got.Services), "attachments": len(got.Attachments),
			"history": len(got.History), "merged_from": len(got.MergedFrom)} {
			require.Zero(t, n, "%s of %s", what, r.ID)
		}
		require.Nil(t, got.LE)
		require.Nil(t, got.CPS)
	}
	got := getReferral(t, s, "r-zero")
	zero.Version = 1
	requireEqual(t, zero, got)
	require.NotNil(t, got.LE, "an empty LE part is still a part")
	require.NotNil(t, got.CPS)
	require.Len(t, got.Children, 2)
	require.NotNil(t, got.Children[0].Age, "age 0 is an age")
	require.Equal(t, 0, *got.Children[0].Age)
	require.Nil(t, got.Children[1].Age)
	require.Nil(t, got.Children[1].DateOfBirth)
	require.NotNil(t, got.Offenders[0].Age)
	require.True(t, got.Offenders[0].Unknown)
	require.Nil(t, got.Offenders[1].Age)
	require.Len(t, got.Attachments, 1)
	require.Len(t, got.History, 1)
	require.True(t, got.History[0].At.IsZero())
}

func testReferralViewCannotWrite(t *testing.T, s Store) {
	referralWorld(t, s)
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)))
	before := getReferral(t, s, "r-1")
	err := s.Referral().View(ctx, func(tx referral.Tx) error {
		return tx.Referrals().Create(ctx, NewReferral("r-2", "p-rita", at(0)))
	})
	require.Error(t, err)
	err = s.Referral().View(ctx, func(tx referral.Tx) error {
		changed := before
		changed.Narrative = "changed"
		_, err := tx.Referrals().Update(ctx, changed)
		return err
	})
	require.Error(t, err)
	requireEqual(t, before, getReferral(t, s, "r-1"))
	require.Equal(t, []string{"r-1"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10})))
}

func testReferralRollback(t *testing.T, s Store) {
	referralWorld(t, s)
	kept := NewReferral("r-1", "p-rita", at(0))
	createReferral(t, s, kept)
	kept.Version = 1
	rolledBack(t, s.Referral(), func(tx referral.Tx) error {
		r := fullReferral("r-2", "p-rob")
		r.IdempotencyKey = "key-1"
		require.NoError(t, tx.Referrals().Create(ctx, r))
		changed := kept
		changed.Status, changed.Narrative = referral.StatusUnderReview, "changed"
		later := at(5 * time.Hour)
		changed.SubmittedAt = &later
		_, err := tx.Referrals().Update(ctx, changed)
		return err
	})
	requireEqual(t, kept, getReferral(t, s, "r-1"))
	view(t, s.Referral(), func(tx referral.Tx) error {
		_, err := tx.Referrals().Get(ctx, "r-2")
		requireCode(t, err, carenet.NotFound)
		_, err = referral.ByKey(ctx, tx.Referrals(), "p-rob", "key-1")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rob", Limit: 10}))
	require.Equal(t, []string{"r-1"}, referralIDs(queue(t, s, referral.QueueQuery{Statuses: nonDraft, Limit: 10})))
	require.Empty(t, queue(t, s, referral.QueueQuery{Statuses: []referral.Status{referral.StatusUnderReview}, Limit: 10}))
	require.Empty(t, refs(t, s, "p-rob"), "the rolled-back referral leaves no reference behind")

	// The id and the key are free again.
	r := NewReferral("r-2", "p-rob", at(0))
	r.IdempotencyKey = "key-1"
	createReferral(t, s, r)
}

func testReferralIsolation(t *testing.T, s Store) {
	referralWorld(t, s)
	r := fullReferral("r-1", "p-rita")
	createReferral(t, s, r)
	want := fullReferral("r-1", "p-rita")
	want.Version = 1

	// Changing what was passed in changes nothing stored.
	r.Children[0].GivenName, *r.Children[0].Age, *r.IncidentDate = "changed", 99, at(0)
	r.LE.BadgeNumber, r.History[0].Message, r.MergedFrom[0] = "changed", "changed", "changed"
	requireEqual(t, want, getReferral(t, s, "r-1"))

	// Nor does changing what came out.
	for _, got := range [][]referral.Referral{
		{getReferral(t, s, "r-1")},
		mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10}),
		queue(t, s, referral.QueueQuery{Statuses: nonDraft, Limit: 10}),
	} {
		require.Len(t, got, 1)
		g := got[0]
		g.Children[0].GivenName, *g.Children[0].Age, *g.ReceivedDate, *g.SubmittedAt = "changed", 99, at(0), at(0)
		g.CPS.IntakeNumber, g.History[0].Note, g.Attachments[0].Size, g.MergedFrom[1] = "changed", "changed", 1, "changed"
	}
	requireEqual(t, want, getReferral(t, s, "r-1"))
}

func testReferralReferences(t *testing.T, s Store) {
	referralWorld(t, s)
	createPerson(t, s, NewPerson("p-rev", "Rev", "Reviewer"))
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)), NewDraft("r-2", "p-rita", at(time.Hour)),
		fullReferral("r-3", "p-rita"), NewReferral("r-4", "p-rob", at(0)))
	requireEqual(t, []personnel.Reference{{Kind: "referrals", Count: 3}}, refs(t, s, "p-rita"), "drafts count too")
	requireEqual(t, []personnel.Reference{{Kind: "referrals", Count: 1}}, refs(t, s, "p-rob"))
	require.Empty(t, refs(t, s, "p-rev"), "acting on a referral (its history) is no reference")
}
