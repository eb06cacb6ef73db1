package auth_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/personnel"
)

// TestPolicyRefusesGuessablePasswordsThroughTheService proves the
// guessability rules on the paths that set a password: a password change
// and a new login are refused with the rule named, and change nothing.
func TestPolicyRefusesGuessablePasswordsThroughTheService(t *testing.T) {
	const current = "tjvq-bnmz-xk-7"
	k := newKit(t)
	k.User("Dana", "Okafor", "dokafor", current)
	res := k.LoginAs("dokafor", current)

	tests := []struct{ password, rule string }{
		{"Password123!", password.RuleCommonWithAdditions},
		{"aaaaaaaaaaaa", password.RuleRepeated},
		{"abcdefghijkl", password.RuleSequence},
		{"qwertyuiopas", password.RuleKeyboard},
	}
	for _, tt := range tests {
		t.Run(tt.password, func(t *testing.T) {
			err := k.Auth.ChangePassword(k.Ctx, res.Principal, current, tt.password)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			v := carenet.Validation(err)
			require.NotNil(t, v)
			assert.True(t, v.Has(password.Field, tt.rule), "%+v", v.Problems)

			_, err = k.Personnel.Create(k.Ctx, k.Admin.Principal, personnel.NewPerson{
				Fields: personnel.Fields{GivenName: "Ezra", FamilyName: "Lind", AgencyKind: personnel.AgencyCAC},
				Login:  &auth.LoginSpec{Username: "elind", Password: tt.password, Groups: []string{auth.AdministratorGroup}},
			})
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			v = carenet.Validation(err)
			require.NotNil(t, v)
			assert.True(t, v.Has("login."+password.Field, tt.rule), "%+v", v.Problems)
		})
	}
	k.LoginAs("dokafor", current) // the password is unchanged
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "elind", Password: "Password123!"})
	assert.ErrorIs(t, err, auth.ErrLoginFailed, "no login was created")
}
