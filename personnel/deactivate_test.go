package personnel_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
)

func TestDeactivateSystemUser(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	session := k.LoginAs("sstaff", pw)
	k.LoginAs("sstaff", pw)
	_, err := k.Auth.IssuePasswordLink(k.Ctx, k.Admin.Principal, sam.Login.AccountID)
	require.NoError(t, err)

	d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left the centre")
	require.NoError(t, err)
	assert.Equal(t, personnel.Deactivation{PersonID: sam.ID, PersonDeactivated: true, HasLogin: true, LoginDisabled: true, SessionsRevoked: 2, LinksInvalidated: 1}, d)

	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "the old password no longer works")
	_, err = k.Auth.Authenticate(k.Ctx, session.Token)
	require.ErrorIs(t, err, auth.ErrSessionInvalid, "an existing session no longer authenticates")

	got, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, sam.ID)
	require.NoError(t, err)
	assert.Equal(t, personnel.Inactive, got.State)
	assert.Equal(t, "left the centre", got.StateReason)
	assert.Equal(t, k.Admin.ID(), got.StateChangedBy)
	assert.False(t, got.Login.Active)
	assert.NotContains(t, credentialsHash(t, k, sam.Login.AccountID), "argon2id", "the password was replaced by an unusable secret")

	ev := k.Events(audit.TargetPerson, sam.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, personnel.EventDeactivated, last.Action)
	assert.Equal(t, k.Admin.ID(), last.ActorID)
	assert.Equal(t, "left the centre", last.Details["reason"])
	assert.Equal(t, "2", last.Details["sessions_revoked"])

	t.Run("Twice", func(t *testing.T) {
		again, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left the centre")
		require.NoError(t, err)
		assert.False(t, again.Changed())
		assert.Len(t, k.Events(audit.TargetPerson, sam.ID), len(ev), "a second call records nothing")
	})
	k.VerifyAudit()
}

func TestDeactivateReferralUser(t *testing.T) {
	k := newKit(t)
	c, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Rita", FamilyName: "Referrer", AgencyKind: personnel.AgencyLawEnforcement},
		Login:  &auth.LoginSpec{Username: "rita", Password: pw, Groups: []string{auth.ReferralUserGroup}, Portal: portal.Access{Enabled: true, Referral: portal.ReferralBoth}},
	})
	require.NoError(t, err)
	tok := k.LoginAs("rita", pw).Token
	d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, c.Profile.ID, "partnership ended")
	require.NoError(t, err)
	assert.True(t, d.LoginDisabled, "referral users are deactivated the same way")
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
}

func TestDeactivateContact(t *testing.T) {
	k := newKit(t)
	p := k.Person("Carl", "Contact", personnel.AgencyMedical)
	d, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, p.ID, "retired")
	require.NoError(t, err)
	assert.Equal(t, personnel.Deactivation{PersonID: p.ID, PersonDeactivated: true}, d, "a profile with no login only becomes inactive")
}

func TestDeactivateRules(t *testing.T) {
	k := newKit(t)
	p := k.Person("Carl", "Contact", personnel.AgencyMedical)
	k.User("Vic", "Viewer", "vviewer", pw, k.Group("Viewers", auth.ViewPersonnel, auth.EditPersonnel))
	vic := k.LoginAs("vviewer", pw).Principal

	_, err := k.Personnel.Deactivate(k.Ctx, vic, p.ID, "no")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, p.ID, "")
	assert.True(t, carenet.Validation(err).Has("reason", carenet.RuleRequired))
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, "nobody", "left")
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	got, _ := k.Personnel.Get(k.Ctx, k.Admin.Principal, p.ID)
	assert.Equal(t, personnel.Active, got.State)
}

// failingStore wraps a store so that one repository call fails, to show a
// deactivation that fails half-way leaves nothing behind.
type failingStore struct {
	personnel.Store
	at string
}

func (s failingStore) Update(ctx context.Context, fn func(personnel.Tx) error) error {
	return s.Store.Update(ctx, func(tx personnel.Tx) error { return fn(failingTx{Tx: tx, at: s.at}) })
}

type failingTx struct {
	personnel.Tx
	at string
}

var errInjected = errors.New("injected failure")

func (t failingTx) Accounts() auth.AccountRepository {
	return failingAccounts{AccountRepository: t.Tx.Accounts(), tx: t.Tx, at: t.at}
}

func (t failingTx) Audit() audit.Repository {
	if t.at == "audit" {
		return failingAudit{}
	}
	return t.Tx.Audit()
}

type failingAccounts struct {
	auth.AccountRepository
	tx personnel.Tx // the store's own, for DisableLogin
	at string
}

func (a failingAccounts) DisableLogin(ctx context.Context, d auth.DisableLogin) (auth.DisabledLogin, error) {
	if a.at == "disable" {
		return auth.DisabledLogin{}, errInjected
	}
	return auth.DisableLoginIn(ctx, a.tx, d)
}

func (a failingAccounts) Update(ctx context.Context, acct auth.Account) (auth.Account, error) {
	if a.at == "account-update" {
		return auth.Account{}, errInjected
	}
	return a.AccountRepository.Update(ctx, acct)
}

type failingAudit struct{}

func (failingAudit) Append(context.Context, audit.Event) (audit.Event, error) {
	return audit.Event{}, errInjected
}
func (failingAudit) List(context.Context, audit.Filter) ([]audit.Event, error) {
	return nil, errInjected
}

// snapshot is everything a deactivation touches.
type snapshot struct {
	Person   personnel.Person
	Account  auth.Account
	Creds    auth.Credentials
	Sessions []auth.Session
	Events   int
}

func snap(t *testing.T, k *carenettest.Env, personID string) snapshot {
	t.Helper()
	var s snapshot
	require.NoError(t, k.Store.Personnel().View(k.Ctx, func(tx personnel.Tx) error {
		var err error
		if s.Person, err = tx.People().Get(k.Ctx, personID); err != nil {
			return err
		}
		if s.Account, err = tx.Accounts().ByPerson(k.Ctx, personID); err != nil {
			return err
		}
		if s.Creds, err = tx.Accounts().Credentials(k.Ctx, s.Account.ID); err != nil {
			return err
		}
		if s.Sessions, err = tx.Sessions().ListByAccount(k.Ctx, s.Account.ID); err != nil {
			return err
		}
		ev, err := tx.Audit().List(k.Ctx, audit.Filter{})
		s.Events = len(ev)
		return err
	}))
	return s
}

func TestDeactivateFailureLeavesNoTrace(t *testing.T) {
	for _, at := range []string{"disable", "audit"} {
		t.Run(at, func(t *testing.T) {
			k := newKit(t)
			sam := k.User("Sam", "Staff", "sstaff", pw)
			tok := k.LoginAs("sstaff", pw).Token
			before := snap(t, k, sam.ID)

			broken := personnel.NewService(failingStore{Store: k.Store.Personnel(), at: at}, k.Auth, personnel.Config{Clock: k.Clock})
			_, err := broken.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left")
			require.ErrorIs(t, err, errInjected)

			assert.Empty(t, cmp.Diff(before, snap(t, k, sam.ID)), "person, account, credentials, sessions and audit log exactly as before")
			_, err = k.Auth.Authenticate(k.Ctx, tok)
			require.NoError(t, err, "the session still works: nothing was half-done")

			_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "left")
			require.NoError(t, err, "retrying on a working store succeeds")
			_, err = k.Auth.Authenticate(k.Ctx, tok)
			require.ErrorIs(t, err, auth.ErrSessionInvalid)
		})
	}
}

func TestReactivate(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	_, err := k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, sam.ID, "internship over")
	require.NoError(t, err)

	k.User("Dee", "Deactivator", "ddeact", pw, k.Group("Offboarding", auth.DeactivatePersonnel))
	dee := k.LoginAs("ddeact", pw).Principal
	_, err = k.Personnel.Reactivate(k.Ctx, dee, sam.ID, "rehired")
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "reactivation needs its own permission")

	r, err := k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, sam.ID, "rehired")
	require.NoError(t, err)
	assert.Equal(t, personnel.Active, r.Profile.State)
	assert.True(t, r.Profile.Login.Active)
	requireOnlyNewPassword(t, k, "sstaff", r.Link)

	_, err = k.Personnel.Reactivate(k.Ctx, k.Admin.Principal, sam.ID, "again")
	assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err), "an active person cannot be reactivated")
}

func TestSweepEndDates(t *testing.T) {
	k := newKit(t)
	start := k.Clock.Now()
	yesterday := start.AddDate(0, 0, -1)
	today := start
	nextWeek := start.AddDate(0, 0, 7)
	// Everyone is created, and Ivy logs in, two days ago, while all of
	// them still worked here.
	k.Clock.Set(start.AddDate(0, 0, -2))
	mk := func(given string, end time.Time, login bool) personnel.Profile {
		in := personnel.NewPerson{Fields: personnel.Fields{GivenName: given, FamilyName: "Intern", AgencyKind: personnel.AgencyCAC, EndDate: &end}}
		if login {
			in.Login = &auth.LoginSpec{Username: given, Password: pw, Groups: []string{k.Group(given+" group", auth.ViewPersonnel)}}
		}
		c, err := k.Personnel.Create(k.Ctx, k.Fresh(k.Admin.Principal), in)
		require.NoError(t, err)
		return c.Profile
	}
	ivy := mk("ivy", yesterday, true)
	tom := mk("tom", today, false)
	mk("nat", nextWeek, true)
	tok := k.LoginAs("ivy", pw).Token
	k.Clock.Set(start)

	res, err := k.Personnel.SweepEndDates(k.Ctx)
	require.NoError(t, err)
	var ids []string
	for _, it := range res.Items {
		require.NoError(t, it.Err)
		ids = append(ids, it.PersonID)
	}
	assert.ElementsMatch(t, []string{ivy.ID, tom.ID}, ids, "an end date of today or earlier has passed")
	_, err = k.Auth.Authenticate(k.Ctx, tok)
	require.ErrorIs(t, err, auth.ErrSessionInvalid)
	ev := k.Events(audit.TargetPerson, ivy.ID)
	assert.Equal(t, "", ev[len(ev)-1].ActorID, "the system is the actor")
	assert.Equal(t, personnel.SweepReason, ev[len(ev)-1].Details["reason"])

	again, err := k.Personnel.SweepEndDates(k.Ctx)
	require.NoError(t, err)
	assert.Empty(t, again.Items, "a second sweep finds no one")

	k.Clock.Advance(8 * 24 * time.Hour)
	later, err := k.Personnel.SweepEndDates(k.Ctx)
	require.NoError(t, err)
	assert.Len(t, later.Items, 1)

	_, err = k.Personnel.Reactivate(k.Ctx, k.Fresh(k.Admin.Principal), ivy.ID, "back")
	assert.True(t, carenet.Validation(err).Has("end_date", "passed"), "%v", err)
}

func TestDeactivateMany(t *testing.T) {
	k := newKit(t)
	a := k.Person("Amy", "Intern", personnel.AgencyCAC)
	b := k.User("Ben", "Intern", "bintern", pw)
	res, err := k.Personnel.DeactivateMany(k.Ctx, k.Admin.Principal, []string{a.ID, "missing", b.ID}, "cohort ended")
	require.NoError(t, err)
	require.Len(t, res.Items, 3)
	assert.NoError(t, res.Items[0].Err)
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(res.Items[1].Err))
	assert.NoError(t, res.Items[2].Err)
	assert.True(t, res.Items[2].Result.LoginDisabled)
	assert.Len(t, res.Failed(), 1)
}

func credentialsHash(t *testing.T, k *carenettest.Env, accountID string) string {
	t.Helper()
	var h string
	require.NoError(t, k.Store.Auth().View(k.Ctx, func(tx auth.Tx) error {
		c, err := tx.Accounts().Credentials(k.Ctx, accountID)
		h = c.PasswordHash
		return err
	}))
	return h
}
