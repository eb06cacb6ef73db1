package referral_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
)

func TestMaySubmit(t *testing.T) {
	const (
		ok   = carenet.Code("")
		no   = carenet.Forbidden
		anon = carenet.Unauthenticated
	)
	le, cps := portal.SubmitLEReferrals, portal.SubmitCPSReferrals
	staff := &auth.Principal{PersonID: "p-s", Permissions: auth.NewPermissionSet(auth.SubmitReferrals)}
	reviewer := &auth.Principal{PersonID: "p-r", Permissions: auth.NewPermissionSet(auth.ReviewReferrals, auth.ViewPersonnel)}
	portalUser := func(set portal.Capability) *auth.Principal {
		return &auth.Principal{PersonID: "p-x", Portal: portal.Capabilities{Landing: portal.LandingDashboard, Set: portal.UsePortal | set}}
	}
	tests := []struct {
		name string
		p    *auth.Principal
		want map[referral.Kind]carenet.Code
	}{
		{"LE capability", portalUser(le), map[referral.Kind]carenet.Code{referral.KindLE: ok, referral.KindCPS: no, referral.KindCombined: no, referral.KindClient: ok}},
		{"CPS capability", portalUser(cps), map[referral.Kind]carenet.Code{referral.KindLE: no, referral.KindCPS: ok, referral.KindCombined: no, referral.KindClient: ok}},
		{"both capabilities", portalUser(le | cps), map[referral.Kind]carenet.Code{referral.KindLE: ok, referral.KindCPS: ok, referral.KindCombined: ok, referral.KindClient: ok}},
		{"video only", portalUser(portal.ViewSharedVideos), map[referral.Kind]carenet.Code{referral.KindLE: no, referral.KindCPS: no, referral.KindCombined: no, referral.KindClient: no}},
		{"staff with SubmitReferrals", staff, map[referral.Kind]carenet.Code{referral.KindLE: ok, referral.KindCPS: ok, referral.KindCombined: ok, referral.KindClient: ok}},
		{"reviewer without SubmitReferrals", reviewer, map[referral.Kind]carenet.Code{referral.KindLE: no, referral.KindCPS: no, referral.KindCombined: no, referral.KindClient: no}},
		{"nobody", nil, map[referral.Kind]carenet.Code{referral.KindLE: anon, referral.KindCPS: anon, referral.KindCombined: anon, referral.KindClient: anon}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, kind := range referral.Kinds() {
				assert.Equal(t, tt.want[kind], carenet.ErrorCode(referral.MaySubmit(tt.p, kind)), kind)
			}
			// Staff pass for any kind (the form check refuses an unknown
			// one); nobody else does.
			assert.Equal(t, tt.p == staff, referral.MaySubmit(tt.p, "unknown") == nil)
		})
	}
}

// TestSubmitChecksCapabilityPerKind runs the same rule through the
// Service: a refused submission or draft stores nothing.
func TestSubmitChecksCapabilityPerKind(t *testing.T) {
	k := newKit(t)
	onlyLE := k.partner(portal.UsePortal | portal.SubmitLEReferrals)
	onlyCPS := k.partner(portal.UsePortal | portal.SubmitCPSReferrals)
	videoOnly := k.partner(portal.UsePortal | portal.ViewSharedVideos)
	for _, tt := range []struct {
		name    string
		p       *auth.Principal
		allowed []referral.Kind
	}{
		{"LE only", onlyLE, []referral.Kind{referral.KindLE, referral.KindClient}},
		{"CPS only", onlyCPS, []referral.Kind{referral.KindCPS, referral.KindClient}},
		{"referral portal access", k.Rita, referral.Kinds()},
		{"staff", k.Sam, referral.Kinds()},
		{"video only", videoOnly, nil},
		{"reviewer", k.Rev, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			for _, kind := range referral.Kinds() {
				want := carenet.Forbidden
				for _, a := range tt.allowed {
					if a == kind {
						want = ""
					}
				}
				_, err := k.Svc.Submit(k.Ctx, tt.p, "", form(kind))
				assert.Equal(t, want, carenet.ErrorCode(err), "submit %s", kind)
				_, err = k.Svc.SaveDraft(k.Ctx, tt.p, "", referral.Form{Kind: kind})
				assert.Equal(t, want, carenet.ErrorCode(err), "draft %s", kind)
			}
		})
	}
	// Editing a draft into a kind the author may not submit is refused too.
	d, err := k.Svc.SaveDraft(k.Ctx, onlyLE, "", referral.Form{Kind: referral.KindLE})
	require.NoError(t, err)
	_, err = k.Svc.Edit(k.Ctx, onlyLE, d.ID, d.Version, referral.Form{Kind: referral.KindCombined})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	_, err = k.Svc.Submit(k.Ctx, nil, "", form(referral.KindLE))
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	_, err = k.Svc.Mine(k.Ctx, videoOnly, referral.MineQuery{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "no My Referrals without the right to refer")
}

// TestReferralUserReachesNoPersonnelOrCAC checks that a referral-only
// portal user gets nothing of the CAC's through the SDK: no personnel, no
// intake queue, nothing of a referral that is the CAC's.
func TestReferralUserReachesNoPersonnelOrCAC(t *testing.T) {
	k := newKit(t)
	rita := k.Rita
	require.True(t, rita.Portal.Has(portal.SubmitLEReferrals|portal.SubmitCPSReferrals))
	require.False(t, rita.Portal.Has(portal.UseCareNet))
	require.Zero(t, rita.Permissions.Len(), "Referral User grants no staff permission")
	other := k.Person("Olga", "Other", personnel.AgencyCAC)

	forbidden := func(name string, err error) {
		t.Helper()
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), name)
	}
	_, err := k.Personnel.Get(k.Ctx, rita, other.ID)
	forbidden("personnel.Get", err)
	_, err = k.Personnel.Get(k.Ctx, rita, k.Admin.ID())
	forbidden("personnel.Get admin", err)
	_, err = k.Personnel.Search(k.Ctx, rita, personnel.Query{})
	forbidden("personnel.Search", err)
	_, err = k.Personnel.Search(k.Ctx, rita, personnel.Query{Name: "Rev"})
	forbidden("personnel.Search by name", err)
	_, err = k.Personnel.Create(k.Ctx, rita, personnel.NewPerson{Fields: personnel.Fields{GivenName: "A", FamilyName: "B", AgencyKind: personnel.AgencyCAC}})
	forbidden("personnel.Create", err)
	name := "X"
	_, err = k.Personnel.Edit(k.Ctx, rita, other.ID, 1, personnel.Update{GivenName: &name})
	forbidden("personnel.Edit", err)
	_, err = k.Personnel.Deactivate(k.Ctx, rita, other.ID, "no")
	forbidden("personnel.Deactivate", err)
	forbidden("personnel.Delete", k.Personnel.Delete(k.Ctx, rita, other.ID))
	_, err = k.Personnel.Groups(k.Ctx, rita)
	forbidden("personnel.Groups", err)
	_, err = k.Personnel.SetPortalAccess(k.Ctx, rita, rita.PersonID, portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true})
	forbidden("personnel.SetPortalAccess", err)
	_, err = k.Personnel.SetSecurityGroups(k.Ctx, rita, rita.PersonID, []string{auth.AdministratorGroup})
	forbidden("personnel.SetSecurityGroups", err)

	r := k.submit(k.Sam, referral.KindLE)
	_, err = k.Svc.Queue(k.Ctx, rita, referral.QueueFilter{})
	forbidden("referral.Queue", err)
	_, err = k.Svc.Open(k.Ctx, rita, r.ID)
	forbidden("referral.Open", err)
	_, err = k.Svc.MarkUnderReview(k.Ctx, rita, r.ID, r.Version)
	forbidden("referral.MarkUnderReview", err)
	_, err = k.Svc.Accept(k.Ctx, rita, r.ID, r.Version, referral.Decision{NewCase: true})
	forbidden("referral.Accept", err)
	_, err = k.Svc.Duplicates(k.Ctx, rita, r.ID)
	forbidden("referral.Duplicates", err)
	_, err = k.Svc.Delete(k.Ctx, rita, r.ID, r.Version, "x")
	forbidden("referral.Delete", err)
	assert.Zero(t, k.Hook.created, "the host was never asked")
}
