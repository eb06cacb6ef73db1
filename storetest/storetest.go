package storetest

import (
	"testing"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// Store is what the suite tests: the transaction boundaries of the SDK's
// packages, all over the same data. A store may also implement
// auth.SessionLooker on the value Auth returns; the suite then tests it too.
type Store interface {
	Audit() carenet.Transactor[audit.Tx]
	Auth() auth.Store
	Personnel() personnel.Store
	Video() video.Store
	Referral() referral.Store
	AccessReview() accessreview.Store
}

// Run runs the suite. It calls newStore for every subtest and expects an
// empty store each time, holding nothing but the built-in security groups.
// The harness may offer more beside Store: AuditTamperer for the cases of
// a tampered log, Neighbors for those of two stores that keep apart; the
// suite skips the cases whose hook the harness lacks.
// Subtests are named "Group/Case" ("Accounts/CreateDuplicateUsername"), so
// one case can be run with go test -run. Subtests do not run in parallel,
// but some start goroutines that use one store concurrently.
func Run(t *testing.T, newStore func(t *testing.T) Store) {
	for _, g := range suite() {
		t.Run(g.name, func(t *testing.T) {
			for _, c := range g.cases {
				t.Run(c.name, func(t *testing.T) { c.run(t, newStore(t)) })
			}
		})
	}
}

// group is one top-level subtest of the suite.
type group struct {
	name  string
	cases []testCase
}

type testCase struct {
	name string
	run  func(t *testing.T, s Store)
}

func suite() []group {
	return []group{
		{"Tx", txCases},
		{"Rollback", rollbackCases},
		{"Isolation", isolationCases},
		{"Accounts", accountCases},
		{"Portal", portalCases},
		{"SecurityGroups", securityGroupCases},
		{"Sessions", sessionCases},
		{"PasswordTokens", passwordTokenCases},
		{"Passkeys", passkeyCases},
		{"RecoveryCodes", recoveryCodeCases},
		{"Audit", auditCases},
		{"People", peopleCases},
		{"Search", searchCases},
		{"PersonnelGroups", personnelGroupCases},
		{"Videos", videoCases},
		{"VideoShares", shareCases},
		{"VideoTickets", ticketCases},
		{"Referrals", referralCases},
		{"Holdings", holdingsCases},
		{"AccessReview", accessReviewCases},
		{"Neighbors", neighborCases},
	}
}
