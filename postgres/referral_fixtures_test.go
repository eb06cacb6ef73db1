package postgres_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
)

// referralService returns a referral service over the store, on the
// system clock and random IDs, so that it can run on the shared database.
func referralService(s *postgres.Store) *referral.Service {
	return referral.NewService(s.Referral(), referral.Config{})
}

// referralPortalUser stores a law-enforcement officer with a referral
// portal login (Referral User, portal and Referral Portal Access on) and
// returns the person and the principal a login would give them.
func referralPortalUser(t testing.TB, s *postgres.Store, name string) (personnel.Person, *auth.Principal) {
	t.Helper()
	p := person(uniq("p"), "Given"+name, "Family"+name)
	p.Agency, p.AgencyKind = "Metro Police Department", personnel.AgencyLawEnforcement
	a := account(uniq("a"), p.ID, uniq(name), auth.ReferralUserGroup)
	a.Portal = portal.Access{Enabled: true, Referral: portal.ReferralBoth}
	require.NoError(t, s.Personnel().Update(ctx, func(tx personnel.Tx) error {
		if err := tx.People().Create(ctx, p); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, a, credentials(a.ID))
	}))
	p.Version = 1
	principal := &auth.Principal{PersonID: p.ID, AccountID: a.ID, Username: a.Username, Groups: a.Groups,
		Portal: portal.Compute(auth.PortalFacts(a, true))}
	require.NoError(t, referral.MaySubmit(principal, referral.KindCombined), "the portal user may submit combined referrals")
	return p, principal
}

// referralReviewer is the principal of CAC staff who review referrals.
func referralReviewer(personID string) *auth.Principal {
	return &auth.Principal{PersonID: personID, Permissions: auth.NewPermissionSet(auth.ReviewReferrals)}
}

// combinedForm is a complete, valid combined (LE and CPS) referral as of
// now (testkit.CompleteForm): two children, two household members, two
// alleged offenders, two allegations, three requested services, both parts
// and two attachments.
func combinedForm(now time.Time) referral.Form {
	return testkit.CompleteForm(referral.KindCombined, now)
}
