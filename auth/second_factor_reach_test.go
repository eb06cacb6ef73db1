package auth_test

import (
	"encoding/base32"
	"errors"
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

// ErrOutranked counts "its second factor removed" among the ways into a
// login: a clerk with passwords.reset, who may not hold a credential for
// a video portal user with a live download share, must not strip that
// user's second factor either (with a phished password it is all that
// stands between the clerk, or whoever phished, and the interview).
func TestRemovingAnothersSecondFactorNeedsTheLoginsReach(t *testing.T) {
	env := carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.TOTPKey = make([]byte, 32) }))
	clerk := env.Staff(carenettest.Holding(auth.ViewPersonnel, auth.ResetPasswords))
	pros := env.PortalUser(portal.VideoOnly)
	env.Share(env.Video(), pros, video.ViewAndDownload)
	en, err := env.Auth.BeginTOTP(env.Ctx, pros.Principal, carenettest.Password)
	if err != nil {
		t.Fatal(err)
	}
	secret, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(en.Secret)
	if err != nil {
		t.Fatal(err)
	}
	code, err := totp.Generate(secret, env.Clock.Now(), totp.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := errOf(env.Auth.ConfirmTOTP(env.Ctx, pros.Principal, carenettest.Password, code)); err != nil {
		t.Fatal(err)
	}
	err = env.Auth.DisableTOTP(env.Ctx, clerk.Principal, pros.Profile.Login.AccountID, "")
	if !errors.Is(err, auth.ErrOutranked) {
		t.Fatalf("the clerk removed a video portal user's second factor: err = %v", err)
	}
}
