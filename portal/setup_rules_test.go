package portal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// activeFullUser is a full user with an active person and login.
var activeFullUser = portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true, OtherGroups: true}

func TestCheckSetupAllowed(t *testing.T) {
	inactivePerson := activeFullUser
	inactivePerson.PersonActive = false
	inactiveLogin := activeFullUser
	inactiveLogin.AccountActive = false
	referralOnly := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true}
	dual := referralOnly
	dual.OtherGroups = true

	tests := []struct {
		name string
		f    portal.SetupFacts
		next portal.Access
	}{
		{"full user gets everything", activeFullUser, portal.Access{Enabled: true, Video: true, Referral: portal.ReferralBoth, CareNet: true}},
		{"no login and nothing on", portal.SetupFacts{PersonActive: true}, portal.Access{}},
		{"inactive person turned off", inactivePerson, portal.Access{}},
		{"inactive login turned off", inactiveLogin, portal.Access{}},
		{"inactive person keeps switches with the portal off", inactivePerson, portal.Access{Video: true, Referral: portal.ReferralBoth, CareNet: true}},
		{"referral-only user gets referrals and videos", referralOnly, portal.Access{Enabled: true, Video: true, Referral: portal.ReferralBoth}},
		{"referral user in another group gets CareNet", dual, portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.NoError(t, portal.CheckSetup(tt.f, tt.next))
		})
	}
}

func TestCheckSetupLoginRequired(t *testing.T) {
	noLogin := portal.SetupFacts{PersonActive: true}
	tests := []struct {
		name string
		next portal.Access
	}{
		{"portal on", portal.Access{Enabled: true}},
		{"video switch only", portal.Access{Video: true}},
		{"referral switch only", portal.Access{Referral: portal.ReferralBoth}},
		{"CareNet switch only", portal.Access{CareNet: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, portal.CheckSetup(noLogin, tt.next))
			assert.Equal(t, []carenet.FieldError{{
				Field:   "login",
				Rule:    portal.RuleLoginRequired,
				Message: "only a person with a login can have portal access",
			}}, got)
		})
	}
}

func TestCheckSetupPersonInactive(t *testing.T) {
	f := activeFullUser
	f.PersonActive = false

	got := problems(t, portal.CheckSetup(f, portal.Access{Enabled: true, Referral: portal.ReferralBoth}))

	assert.Equal(t, []carenet.FieldError{{
		Field:   "person",
		Rule:    portal.RulePersonInactive,
		Message: "the person is inactive; reactivate the person before turning on portal access",
	}}, got)
}

func TestCheckSetupLoginInactive(t *testing.T) {
	f := activeFullUser
	f.AccountActive = false

	got := problems(t, portal.CheckSetup(f, portal.Access{Enabled: true, Video: true}))

	assert.Equal(t, []carenet.FieldError{{
		Field:   "login",
		Rule:    portal.RuleLoginInactive,
		Message: "the login is inactive; activate the login before turning on portal access",
	}}, got)
}

func TestCheckSetupReferralUserCareNet(t *testing.T) {
	referralOnly := portal.SetupFacts{HasLogin: true, PersonActive: true, AccountActive: true, ReferralUser: true}
	tests := []struct {
		name string
		next portal.Access
	}{
		{"dual access", portal.Access{Enabled: true, Referral: portal.ReferralBoth, CareNet: true}},
		{"CareNet with the portal on", portal.Access{Enabled: true, CareNet: true}},
		{"CareNet kept with the portal off", portal.Access{CareNet: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := problems(t, portal.CheckSetup(referralOnly, tt.next))
			assert.Equal(t, []carenet.FieldError{{
				Field:   "portal.carenet",
				Rule:    portal.RuleReferralUserCareNet,
				Message: `a "Referral User" cannot have CareNet Access; choose another security group for dual access`,
			}}, got)
		})
	}
}

func TestCheckSetupReportsAllProblems(t *testing.T) {
	tests := []struct {
		name string
		f    portal.SetupFacts
		next portal.Access
		want [][2]string // field, rule
	}{
		{
			name: "inactive person and inactive login",
			f:    portal.SetupFacts{HasLogin: true, OtherGroups: true},
			next: portal.Access{Enabled: true},
			want: [][2]string{{"person", portal.RulePersonInactive}, {"login", portal.RuleLoginInactive}},
		},
		{
			name: "inactive referral-only user asking for CareNet",
			f:    portal.SetupFacts{HasLogin: true, ReferralUser: true},
			next: portal.Access{Enabled: true, CareNet: true},
			want: [][2]string{
				{"person", portal.RulePersonInactive},
				{"login", portal.RuleLoginInactive},
				{"portal.carenet", portal.RuleReferralUserCareNet},
			},
		},
		{
			name: "no login and inactive person",
			f:    portal.SetupFacts{},
			next: portal.Access{Enabled: true, Video: true},
			want: [][2]string{{"login", portal.RuleLoginRequired}, {"person", portal.RulePersonInactive}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [][2]string
			for _, p := range problems(t, portal.CheckSetup(tt.f, tt.next)) {
				got = append(got, [2]string{p.Field, p.Rule})
			}
			assert.Equal(t, tt.want, got)
		})
	}
}
