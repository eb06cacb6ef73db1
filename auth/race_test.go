package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// betweenReads is an auth store that runs a hook once, right after the
// first read-only transaction it serves returns: where Login and
// ChangePassword have read the credentials and are about to spend a
// password hash outside any transaction. It places a concurrent change in
// that window deterministically.
type betweenReads struct {
	auth.Store
	hook func()
}

func (b *betweenReads) View(ctx context.Context, fn func(auth.Tx) error) error {
	err := b.Store.View(ctx, fn)
	if h := b.hook; h != nil {
		b.hook = nil
		h()
	}
	return err
}

// racingService returns a second auth service over the kit's store whose
// first read is followed by hook.
func racingService(t *testing.T, k *carenettest.Env, cfg auth.Config, hook func()) *auth.Service {
	t.Helper()
	cfg.Clock, cfg.Hasher = k.Clock, carenettest.FastHasher
	svc, err := auth.NewService(&betweenReads{Store: k.Store.Auth(), hook: hook}, cfg)
	require.NoError(t, err)
	return svc
}

// bcryptHash is a legacy hash of pw, which a login replaces.
func bcryptHash(t *testing.T, pw string) string {
	t.Helper()
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	require.NoError(t, err)
	return string(h)
}

// TestLoginRechecksCredentialsInItsTransaction: a login verifies the
// password outside any transaction, so a password change, a lockout or
// another login with the same second-factor code can land between the
// check and the session. Each voids the login, and a rehash due at that
// login never writes the old password back.
func TestLoginRechecksCredentialsInItsTransaction(t *testing.T) {
	const newPassword = "amber-thistle-quarry-41"
	t.Run("PasswordChangedMeanwhile", func(t *testing.T) {
		k := newKit(t)
		u := k.User("Sam", "Staff", "sstaff", userPassword)
		sam := k.LoginAs("sstaff", userPassword).Principal
		// A bcrypt hash makes the racing login want to rehash the old
		// password.
		setHash(t, k, u.Login.AccountID, bcryptHash(t, userPassword))
		svc := racingService(t, k, auth.Config{}, func() {
			require.NoError(t, k.Auth.ChangePassword(k.Ctx, sam, userPassword, newPassword))
		})
		_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
		_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
		require.ErrorIs(t, err, auth.ErrLoginFailed, "the old password was not written back")
		k.LoginAs("sstaff", newPassword)
	})
	t.Run("HashUpgradedMeanwhile", func(t *testing.T) {
		// Another login with the right password replaced an old hash:
		// the stored hash changed, but the password is still right.
		k := newKit(t)
		u := k.User("Sam", "Staff", "sstaff", userPassword)
		setHash(t, k, u.Login.AccountID, bcryptHash(t, userPassword))
		svc := racingService(t, k, auth.Config{}, func() { k.LoginAs("sstaff", userPassword) })
		_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
		require.NoError(t, err, "checked again against the upgraded hash")
		require.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins)
	})
	t.Run("LockedMeanwhile", func(t *testing.T) {
		k := newKit(t)
		u := k.User("Sam", "Staff", "sstaff", userPassword)
		svc := racingService(t, k, auth.Config{}, func() {
			for range 5 {
				_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "wrong guess, wrong guess"})
				require.ErrorIs(t, err, auth.ErrLoginFailed)
			}
			require.True(t, k.Clock.Now().Before(credentials(t, k, u.Login.AccountID).LockedUntil), "the guesses locked the account")
		})
		_, err := svc.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: userPassword})
		require.ErrorIs(t, err, auth.ErrLoginFailed, "a lockout reached while hashing holds")
		require.Equal(t, 5, credentials(t, k, u.Login.AccountID).FailedLogins, "the count was not cleared")
	})
	t.Run("SecondFactorCodeUsedMeanwhile", func(t *testing.T) {
		k := totpKit(t)
		k.User("Sam", "Staff", "sstaff", userPassword)
		secret := enrol(t, k, k.LoginAs("sstaff", userPassword).Principal, userPassword)
		k.Clock.Advance(30 * time.Second)
		req := auth.LoginRequest{Username: "sstaff", Password: userPassword, TOTPCode: code(t, secret, k.Clock.Now())}
		svc := racingService(t, k, auth.Config{TOTPKey: totpKey}, func() {
			_, err := k.Auth.Login(k.Ctx, req)
			require.NoError(t, err, "the first use of the code")
		})
		_, err := svc.Login(k.Ctx, req)
		require.ErrorIs(t, err, auth.ErrLoginFailed, "the same code cannot open a second session")
	})
}

// TestChangePasswordRechecksCredentialsInItsTransaction: a password reset
// that lands while ChangePassword hashes wins; the change based on the old
// password is refused and stores nothing.
func TestChangePasswordRechecksCredentialsInItsTransaction(t *testing.T) {
	k := newKit(t)
	k.User("Sam", "Staff", "sstaff", userPassword)
	sam := k.LoginAs("sstaff", userPassword).Principal
	const reset, mine = "amber-thistle-quarry-41", "cobalt-meadow-lantern-58"
	svc := racingService(t, k, auth.Config{}, func() {
		require.NoError(t, k.Auth.ChangePassword(k.Ctx, sam, userPassword, reset))
	})
	err := svc.ChangePassword(k.Ctx, sam, userPassword, mine)
	require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
	require.True(t, carenet.Validation(err).Has("current_password", auth.RuleIncorrect), "%v", err)
	k.LoginAs("sstaff", reset)
	_, err = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: mine})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
}

// TestCurrentPasswordSurvivesAHashUpgrade: a login that upgrades an old
// hash while ChangePassword or DisableTOTP hashes does not make the right
// current password read as wrong.
func TestCurrentPasswordSurvivesAHashUpgrade(t *testing.T) {
	k := newKit(t)
	u := k.User("Sam", "Staff", "sstaff", userPassword)
	sam := k.LoginAs("sstaff", userPassword).Principal
	setHash(t, k, u.Login.AccountID, bcryptHash(t, userPassword))
	svc := racingService(t, k, auth.Config{}, func() { k.LoginAs("sstaff", userPassword) })
	const next = "amber-thistle-quarry-41"
	require.NoError(t, svc.ChangePassword(k.Ctx, sam, userPassword, next))
	k.LoginAs("sstaff", next)
	require.Zero(t, credentials(t, k, u.Login.AccountID).FailedLogins)
}
