package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// accessReviewCases test accessreview.Repository.
var accessReviewCases = []testCase{
	{"ActiveLogins", testAccessReviewActiveLogins},
}

// testAccessReviewActiveLogins: only active logins of active people, by
// username, each with its person, groups, switches and last login, and
// only the shares live at now (a scheduled one included; not an expired
// or a revoked one, nor another person's), by expiry.
func testAccessReviewActiveLogins(t *testing.T, s Store) {
	ada, bo, cy, di := NewPerson("p-ada", "Ada", "A"), NewPerson("p-bo", "Bo", "B"), NewPerson("p-cy", "Cy", "C"), NewPerson("p-di", "Di", "D")
	cy.State = personnel.Inactive
	createPerson(t, s, ada, bo, cy, di)
	aAda := NewAccount("a-ada", ada.ID, "zed", auth.AdministratorGroup)
	aBo := NewAccount("a-bo", bo.ID, "bob", auth.ReferralUserGroup)
	aBo.Portal = portal.Access{Enabled: true, Video: true, Referral: portal.ReferralCPS}
	aCy := NewAccount("a-cy", cy.ID, "cy", auth.AdministratorGroup)
	aDi := NewAccount("a-di", di.ID, "di", auth.AdministratorGroup)
	aDi.Active = false
	credsAda := NewCredentials(aAda.ID)
	credsAda.LastLoginAt = at(time.Hour)
	update(t, s.Auth(), func(tx auth.Tx) error {
		for _, x := range []struct {
			a auth.Account
			c auth.Credentials
		}{{aAda, credsAda}, {aBo, NewCredentials(aBo.ID)}, {aCy, NewCredentials(aCy.ID)}, {aDi, NewCredentials(aDi.ID)}} {
			if err := tx.Accounts().Create(ctx, x.a, x.c); err != nil {
				return err
			}
		}
		return nil
	})
	createVideo(t, s, NewVideo("v-1", "c-1"), NewVideo("v-2", "c-1"), NewVideo("v-3", "c-1"), NewVideo("v-4", "c-1"), NewVideo("v-5", "c-1"))
	now := at(48 * time.Hour)
	live := NewShare("s-live", "v-1", bo.ID, at(0))            // until day 10
	soon := NewShare("s-soon", "v-2", bo.ID, at(72*time.Hour)) // scheduled
	soon.CreatedAt, soon.UpdatedAt = at(0), at(0)
	short := NewShare("s-short", "v-5", bo.ID, at(0))
	short.ExpiresAt = at(96 * time.Hour) // ends first
	expired := NewShare("s-expired", "v-3", bo.ID, at(0))
	expired.ExpiresAt = at(24 * time.Hour)
	revoked := NewShare("s-revoked", "v-4", bo.ID, at(0))
	revoked.RevokedAt, revoked.RevokedBy = ptr(at(time.Hour)), ada.ID
	other := NewShare("s-other", "v-4", ada.ID, at(0))
	createShare(t, s, live, soon, short, expired, revoked, other)

	got := viewValue(t, s.AccessReview(), func(tx accessreview.Tx) ([]accessreview.LoginFacts, error) {
		return tx.AccessReview().ActiveLogins(ctx, now)
	})
	require.Len(t, got, 2, "not the inactive person's login, nor the inactive login")
	b, z := got[0], got[1]
	require.Equal(t, "bob", b.Account.Username)
	require.Equal(t, "zed", z.Account.Username)

	require.Equal(t, getAccount(t, s, aBo.ID), b.Account)
	require.Equal(t, bo.ID, b.Person.ID)
	require.Equal(t, "Bo", b.Person.GivenName)
	require.Nil(t, b.LastLoginAt, "never logged in")
	require.Equal(t, []accessreview.LiveShare{
		{ShareID: "s-short", VideoID: "v-5", ExpiresAt: short.ExpiresAt},
		{ShareID: "s-live", VideoID: "v-1", ExpiresAt: live.ExpiresAt},
		{ShareID: "s-soon", VideoID: "v-2", ExpiresAt: soon.ExpiresAt},
	}, b.LiveShares)

	require.Equal(t, []string{auth.AdministratorGroup}, z.Account.Groups)
	require.NotNil(t, z.LastLoginAt)
	require.Equal(t, at(time.Hour), *z.LastLoginAt)
	require.Equal(t, []accessreview.LiveShare{{ShareID: "s-other", VideoID: "v-4", ExpiresAt: other.ExpiresAt}}, z.LiveShares)
}
