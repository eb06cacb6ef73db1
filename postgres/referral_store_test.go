package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/storetest"
)

// TestReferralTextTheStoreCannotKeep checks that text PostgreSQL cannot
// keep exactly (NUL, bytes that are not UTF-8), wherever it sits in a
// referral, is refused as Invalid and stores nothing, rather than being
// changed on the way in. The referral package's validation refuses such
// text before it reaches a store; this is the store's own guard.
func TestReferralTextTheStoreCannotKeep(t *testing.T) {
	s, _ := sharedStore(t)
	p, _ := referralPortalUser(t, s, "text")
	for name, change := range map[string]func(r *referral.Referral){
		"NUL in a column":                  func(r *referral.Referral) { r.Narrative = "before\x00after" },
		"not UTF-8 in a column":            func(r *referral.Referral) { r.Referrer.Agency = "Metro \xff" },
		"NUL in a nested part":             func(r *referral.Referral) { r.Children[0].GivenName = "Ja\x00mie" },
		"not UTF-8 in a nested part":       func(r *referral.Referral) { r.Children[0].GivenName = "Ja\xc3mie" },
		"not UTF-8 in the history":         func(r *referral.Referral) { r.History[0].Message = "\xfe\xff" },
		"not UTF-8 in the idempotency key": func(r *referral.Referral) { r.IdempotencyKey = "k\x80" },
		"not UTF-8 after a backslash":      func(r *referral.Referral) { r.Allegations[0].Details = `a\` + "\xff" },
	} {
		r := storetest.NewReferral(uniq("r"), p.ID, epoch)
		change(&r)
		err := s.Referral().Update(ctx, func(tx referral.Tx) error { return tx.Referrals().Create(ctx, r) })
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%s: %v", name, err)
		requireCode(t, err, carenet.Invalid)
		err = s.Referral().View(ctx, func(tx referral.Tx) error {
			_, err := tx.Referrals().Get(ctx, r.ID)
			return err
		})
		require.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "%s: %v", name, err)

		// An update is refused the same way and changes nothing (the key
		// never changes, so it is not written).
		good := storetest.NewReferral(uniq("r"), p.ID, epoch)
		require.NoError(t, s.Referral().Update(ctx, func(tx referral.Tx) error { return tx.Referrals().Create(ctx, good) }))
		bad := storetest.NewReferral(good.ID, p.ID, epoch)
		bad.Version = 1
		change(&bad)
		if bad.IdempotencyKey != "" {
			continue
		}
		err = s.Referral().Update(ctx, func(tx referral.Tx) error {
			_, err := tx.Referrals().Update(ctx, bad)
			return err
		})
		requireCode(t, err, carenet.Invalid)
		var stored referral.Referral
		require.NoError(t, s.Referral().View(ctx, func(tx referral.Tx) (err error) {
			stored, err = tx.Referrals().Get(ctx, good.ID)
			return err
		}))
		require.Equal(t, int64(1), stored.Version, name)
		require.Equal(t, good.Narrative, stored.Narrative, name)
		require.Equal(t, good.Children, stored.Children, name)
	}

	// Text that looks like the escapes but is not is kept as it is.
	r := storetest.NewReferral(uniq("r"), p.ID, epoch)
	r.Narrative = `\ufffd \\ufffd \u0000 ` + "\ufffd"
	r.Children[0].GivenName = `\\\ufffd`
	require.NoError(t, s.Referral().Update(ctx, func(tx referral.Tx) error { return tx.Referrals().Create(ctx, r) }))
	require.NoError(t, s.Referral().View(ctx, func(tx referral.Tx) error {
		got, err := tx.Referrals().Get(ctx, r.ID)
		require.Equal(t, r.Narrative, got.Narrative)
		require.Equal(t, r.Children[0].GivenName, got.Children[0].GivenName)
		return err
	}))
}

// TestReferralConstraints checks that values outside the catalogues are
// refused by the schema as Invalid, naming no database detail.
func TestReferralConstraints(t *testing.T) {
	s, _ := sharedStore(t)
	p, _ := referralPortalUser(t, s, "constraints")
	for name, change := range map[string]func(r *referral.Referral){
		"status":  func(r *referral.Referral) { r.Status = "lost" },
		"kind":    func(r *referral.Referral) { r.Kind = "" },
		"urgency": func(r *referral.Referral) { r.Urgency = "whenever" },
	} {
		r := storetest.NewReferral(uniq("r"), p.ID, epoch)
		change(&r)
		err := s.Referral().Update(ctx, func(tx referral.Tx) error { return tx.Referrals().Create(ctx, r) })
		require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%s: %v", name, err)
		requireCode(t, err, carenet.Invalid)
	}
}
