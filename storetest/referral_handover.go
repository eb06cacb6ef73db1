package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
)

// testReferralHandOver: HandOver gives the referral its new submitter,
// whose list it joins (in its place by CreatedAt), takes it from the
// former submitter's list and drops its idempotency key, which the new
// submitter may then use for a referral of their own.
func testReferralHandOver(t *testing.T, s Store) {
	referralWorld(t, s)
	r := NewReferral("r-1", "p-rita", at(0))
	r.IdempotencyKey = "key-1"
	createReferral(t, s, r, NewReferral("r-2", "p-rob", at(time.Hour)), NewReferral("r-0", "p-rob", at(-time.Hour)))

	got := getReferral(t, s, "r-1")
	got.SubmitterID = "p-rob"
	got.Narrative = "handed over"
	stored := updateValue(t, s.Referral(), func(tx referral.Tx) (referral.Referral, error) {
		return tx.Referrals().HandOver(ctx, got)
	})
	require.Equal(t, "p-rob", stored.SubmitterID)
	require.Empty(t, stored.IdempotencyKey)
	require.Equal(t, got.Version+1, stored.Version)
	require.Equal(t, "handed over", stored.Narrative)
	require.Equal(t, stored, getReferral(t, s, "r-1"))

	require.Empty(t, mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rita", Limit: 10}))
	require.Equal(t, []string{"r-2", "r-1", "r-0"}, referralIDs(mine(t, s, referral.SubmitterQuery{SubmitterID: "p-rob", Limit: 10})))
	err := s.Referral().View(ctx, func(tx referral.Tx) error {
		_, err := referral.ByKey(ctx, tx.Referrals(), "p-rita", "key-1")
		return err
	})
	requireCode(t, err, carenet.NotFound, "the former submitter's key is gone")
	again := NewReferral("r-3", "p-rita", at(2*time.Hour))
	again.IdempotencyKey = "key-1"
	createReferral(t, s, again)
}

// testReferralHandOverRefusals: a stale version is a Conflict, a missing
// referral or an unknown new submitter NotFound, and none changes anything.
func testReferralHandOverRefusals(t *testing.T, s Store) {
	referralWorld(t, s)
	createReferral(t, s, NewReferral("r-1", "p-rita", at(0)))
	r := getReferral(t, s, "r-1")

	for _, tc := range []struct {
		name string
		edit func(*referral.Referral)
		code carenet.Code
	}{
		{"stale", func(r *referral.Referral) { r.SubmitterID, r.Version = "p-rob", r.Version+1 }, carenet.Conflict},
		{"missing", func(r *referral.Referral) { r.SubmitterID, r.ID = "p-rob", "r-none" }, carenet.NotFound},
		{"unknown submitter", func(r *referral.Referral) { r.SubmitterID = "p-nobody" }, carenet.NotFound},
	} {
		next := r
		tc.edit(&next)
		err := s.Referral().Update(ctx, func(tx referral.Tx) error {
			_, err := tx.Referrals().HandOver(ctx, next)
			return err
		})
		requireCode(t, err, tc.code, tc.name)
		require.Equal(t, r, getReferral(t, s, "r-1"), tc.name)
	}
}
