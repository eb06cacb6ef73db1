package personnel_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

// TestARefusedDeactivationTellsNothing: Deactivate gathers what the
// person still holds only past the rank check, so an actor refused for
// rank, or for the last administrator, learns nothing of it (the result
// of every error is zero), not even of someone already deactivated.
func TestARefusedDeactivationTellsNothing(t *testing.T) {
	refs := hostRefs{}
	k := newKit(t, carenettest.WithReferences(refs))
	boss := k.User("Bo", "Boss", "bboss", pw)
	refs[boss.ID] = []personnel.Reference{{Kind: "client_profiles", Count: 3}}
	refs[k.Admin.ID()] = []personnel.Reference{{Kind: "client_profiles", Count: 5}}
	g, err := k.Personnel.CreateGroup(k.Ctx, k.Admin.Principal, "MDT", "")
	require.NoError(t, err)
	require.NoError(t, k.Personnel.AddMember(k.Ctx, k.Admin.Principal, g.ID, boss.ID))
	k.User("Dee", "Deact", "ddeact", pw, k.Group("Offboarding", auth.DeactivatePersonnel))
	dee := k.LoginAs("ddeact", pw).Principal

	d, err := k.Personnel.Deactivate(k.Ctx, dee, boss.ID, "x")
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Zero(t, d, "a refusal reports nothing")

	res, err := k.Personnel.DeactivateMany(k.Ctx, dee, []string{boss.ID}, "x")
	require.NoError(t, err)
	require.Len(t, res.Items, 1)
	require.ErrorIs(t, res.Items[0].Err, auth.ErrOutranked)
	assert.Equal(t, personnel.BulkItem{PersonID: boss.ID, Err: res.Items[0].Err}, res.Items[0], "a refused item reports nothing")

	// Deactivated by someone who outranks them, the boss is still not
	// Dee's to ask about.
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, boss.ID, "left")
	require.NoError(t, err)
	d, err = k.Personnel.Deactivate(k.Ctx, dee, boss.ID, "x")
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Zero(t, d)

	d, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, k.Admin.ID(), "x")
	require.ErrorIs(t, err, auth.ErrLastAdministrator)
	assert.Zero(t, d, "refused as the last administrator, nothing reported")
}

// TestFailedLoginChangesReportNothing: a change that fails after it has
// counted what it ended (its audit event cannot be written) returns a zero
// result with its error, and changes nothing.
func TestFailedLoginChangesReportNothing(t *testing.T) {
	k := newKit(t)
	u := k.User("Lea", "Leave", "lleave", pw)
	k.LoginAs("lleave", pw)
	broken := personnel.NewService(failingStore{Store: k.Store.Personnel(), at: "audit"}, k.Auth, personnel.Config{Clock: k.Clock})

	d, err := broken.DisableLogin(k.Ctx, k.Admin.Principal, u.ID, "on leave")
	require.ErrorIs(t, err, errInjected)
	assert.Zero(t, d)
	r, err := broken.RemoveLogin(k.Ctx, k.Admin.Principal, u.ID, "contact")
	require.ErrorIs(t, err, errInjected)
	assert.Zero(t, r)
	title := "Advocate"
	p, err := broken.Edit(k.Ctx, k.Admin.Principal, u.ID, u.Version, personnel.Update{Title: &title})
	require.ErrorIs(t, err, errInjected)
	assert.Zero(t, p)
	dd, err := broken.Deactivate(k.Ctx, k.Admin.Principal, u.ID, "left")
	require.ErrorIs(t, err, errInjected)
	assert.Zero(t, dd)

	got, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, u.ID)
	require.NoError(t, err)
	assert.True(t, got.Active())
	assert.True(t, got.Login.Active, "nothing changed")
	assert.Equal(t, u.Version, got.Version)
	k.LoginAs("lleave", pw)
}

// TestARefusedPortalChangeShowsNoProfile: SetPortalAccess refused for
// rank returns no profile: an actor who may manage portal access but not
// view personnel learns nothing of someone who outranks them.
func TestARefusedPortalChangeShowsNoProfile(t *testing.T) {
	k := newKit(t)
	k.User("Pat", "Portal", "pportal", pw, k.Group("Portal admins", auth.ManagePortalAccess))
	pat := k.LoginAs("pportal", pw).Principal
	p, err := k.Personnel.SetPortalAccess(k.Ctx, pat, k.Admin.ID(), portal.Access{Enabled: true, CareNet: true})
	require.ErrorIs(t, err, auth.ErrOutranked)
	assert.Zero(t, p)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}

// failingUses is a store whose reads of login uses fail.
type failingUses struct{ personnel.Store }

func (s failingUses) View(ctx context.Context, fn func(personnel.Tx) error) error {
	return s.Store.View(ctx, func(tx personnel.Tx) error { return fn(failingUsesTx{tx}) })
}

type failingUsesTx struct{ personnel.Tx }

func (t failingUsesTx) Accounts() auth.AccountRepository { return failingUsesAccounts{t.Tx.Accounts()} }

type failingUsesAccounts struct{ auth.AccountRepository }

func (failingUsesAccounts) LoginUses(context.Context, auth.LoginUseQuery) ([]auth.LoginUse, error) {
	return nil, errInjected
}

// TestAFailedLoginUseReportReportsNothing: a report that cannot be read
// whole returns its error and a zero report, not a part of one.
func TestAFailedLoginUseReportReportsNothing(t *testing.T) {
	k := newKit(t)
	broken := personnel.NewService(failingUses{k.Store.Personnel()}, k.Auth, personnel.Config{Clock: k.Clock})
	r, err := broken.LoginUses(k.Ctx, k.Admin.Principal, 90)
	require.ErrorIs(t, err, errInjected)
	assert.Zero(t, r)
}
