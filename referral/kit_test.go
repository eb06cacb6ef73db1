package referral_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

const pw = "violet-lantern-harbor-92"

// kit is a carenettest.Env with a referral Service over the same store, a
// portal referral user, a staff submitter, a reviewer and a fake intake
// hook.
type kit struct {
	*carenettest.Env
	Svc  *referral.Service
	Hook *fakeHook
	// Rita is a referral-only portal user (Referral Portal Access);
	// Rob another one.
	Rita, Rob *auth.Principal
	// Sam is CAC staff with SubmitReferrals; Rev a reviewer with
	// ReviewReferrals.
	Sam, Rev *auth.Principal
}

func newKit(t testing.TB) *kit {
	t.Helper()
	k := &kit{Env: carenettest.New(t), Hook: &fakeHook{cases: map[string]string{}}}
	k.Svc = referral.NewService(k.Store.Referral(), referral.Config{
		Clock: k.Clock, IDs: carenet.SequentialIDs("r"), Intake: k.Hook,
	})
	k.Rita = k.referralUser("Rita", "Referrer", "rita")
	k.Rob = k.referralUser("Rob", "Reporter", "rob")
	k.User("Sam", "Staff", "sam", pw, k.Group("Staff submitters", auth.SubmitReferrals))
	k.Sam = k.LoginAs("sam", pw).Principal
	k.User("Rev", "Reviewer", "rev", pw, k.Group("Intake", auth.ReviewReferrals))
	k.Rev = k.LoginAs("rev", pw).Principal
	return k
}

// referralUser creates a referral-only portal user of the Metro Police
// Department who may submit both kinds, and logs them in.
func (k *kit) referralUser(given, family, username string) *auth.Principal {
	k.T.Helper()
	return k.referralUserOf("Metro Police Department", portal.ReferralBoth, given, family, username)
}

// referralUserOf creates a referral-only portal user of the agency who may
// submit the referral kinds, and logs them in.
func (k *kit) referralUserOf(agency string, kinds portal.ReferralKinds, given, family, username string) *auth.Principal {
	k.T.Helper()
	_, err := k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
		Fields: personnel.Fields{GivenName: given, FamilyName: family, Agency: agency, AgencyKind: personnel.AgencyLawEnforcement},
		Login: &auth.LoginSpec{Username: username, Password: pw, Groups: []string{auth.ReferralUserGroup},
			Portal: portal.Access{Enabled: true, Referral: kinds}},
	})
	require.NoError(k.T, err)
	return k.LoginAs(username, pw).Principal
}

// partner returns a principal for a new person whose portal gives exactly
// the capabilities set.
func (k *kit) partner(set portal.Capability) *auth.Principal {
	k.T.Helper()
	p := k.Person("Pat", "Partner", personnel.AgencyOther)
	return &auth.Principal{PersonID: p.ID, Portal: portal.Capabilities{Landing: portal.LandingDashboard, Set: set}}
}

// submit submits a valid referral of the kind as actor.
func (k *kit) submit(actor *auth.Principal, kind referral.Kind) referral.Referral {
	k.T.Helper()
	r, err := k.Svc.Submit(k.Ctx, actor, "", form(kind))
	require.NoError(k.T, err)
	return r
}

// moved submits a valid LE referral as Rita and returns it after step, a
// call on it that must succeed.
func (k *kit) moved(step func(r referral.Referral) (referral.Referral, error)) referral.Referral {
	k.T.Helper()
	r, err := step(k.submit(k.Rita, referral.KindLE))
	require.NoError(k.T, err)
	return r
}

// pagedIDs reads the pages read returns from the first (cursor ""),
// following each Next cursor, and returns the IDs of their referrals in
// order. It fails the test if a page holds more than limit referrals or
// the pages do not end within maxPages.
func pagedIDs(t *testing.T, limit, maxPages int, read func(cursor string) (referral.Page, error)) []string {
	t.Helper()
	var ids []string
	cursor := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, maxPages, "the pages end")
		page, err := read(cursor)
		require.NoError(t, err)
		assert.LessOrEqual(t, len(page.Referrals), limit)
		for _, r := range page.Referrals {
			ids = append(ids, r.ID)
		}
		if page.Next == "" {
			return ids
		}
		cursor = page.Next
	}
}

// open reads a referral as the reviewer.
func (k *kit) open(id string) referral.Referral {
	k.T.Helper()
	r, err := k.Svc.Open(k.Ctx, k.Rev, id)
	require.NoError(k.T, err)
	return r
}

// fakeHook is an IntakeHook whose matches a test sets; CreateCase makes
// "case-<referral ID>" once per referral.
type fakeHook struct {
	mu      sync.Mutex
	matches []referral.CaseMatch
	fail    error
	cases   map[string]string // referral ID → case ID
	created int
}

func (h *fakeHook) FindDuplicates(_ context.Context, r referral.Referral) ([]referral.CaseMatch, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.matches, h.fail
}

func (h *fakeHook) CreateCase(_ context.Context, r referral.Referral) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.fail != nil {
		return "", h.fail
	}
	if id, ok := h.cases[r.ID]; ok {
		return id, nil
	}
	h.created++
	h.cases[r.ID] = "case-" + r.ID
	return h.cases[r.ID], nil
}

// day returns a pointer to midnight UTC of the date.
func day(y int, m time.Month, d int) *time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return &t
}

func intp(v int) *int { return &v }

// now is the time validation tests check against: carenettest.Start.
var now = carenettest.Start

// form returns a complete, valid form of the kind, as of carenettest.Start
// (2 March 2026): testkit.CompleteForm.
func form(kind referral.Kind) referral.Form { return testkit.CompleteForm(kind, now) }

// problems returns the field and rule of every problem in err.
func problems(t testing.TB, err error) [][2]string {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
	v := carenet.Validation(err)
	require.NotNil(t, v, "%v", err)
	out := make([][2]string, len(v.Problems))
	for i, p := range v.Problems {
		out[i] = [2]string{p.Field, p.Rule}
	}
	return out
}

// actions returns the audit actions about a referral.
func (k *kit) actions(id string) []string {
	var out []string
	for _, a := range k.Actions(audit.TargetReferral, id) {
		out = append(out, string(a))
	}
	return out
}
