package auth_test

import (
	"errors"
	"math"
	"testing"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/internal/testkit"
)

// benchKit is a kit hashing with OWASP's default argon2id parameters, as in
// production, with one user whose password the benchmarks get wrong. The
// lockout never triggers, so every wrong password takes the costlier path:
// counting the failure and auditing it in a write transaction.
func benchKit(b *testing.B) *testkit.Kit {
	k := newKit(b, testkit.WithAuthConfig(func(c *auth.Config) {
		c.Hasher = password.Hasher{}
		c.MaxFailedLogins = math.MaxInt32
	}))
	k.User("Sam", "Staff", "sstaff", userPassword)
	return k
}

func benchLogin(b *testing.B, username string) {
	k := benchKit(b)
	req := auth.LoginRequest{Username: username, Password: "not-the-password-1"}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := k.Auth.Login(k.Ctx, req); !errors.Is(err, auth.ErrLoginFailed) {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoginWrongPassword is a failed login for a username that exists,
// counted and audited each time. (A locked account costs a full hash too,
// and skips the write.)
func BenchmarkLoginWrongPassword(b *testing.B) { benchLogin(b, "sstaff") }

// BenchmarkLoginUnknownUser is a failed login for a username that does not
// exist. It must cost the same as BenchmarkLoginWrongPassword, or the time
// taken would reveal which usernames exist.
func BenchmarkLoginUnknownUser(b *testing.B) { benchLogin(b, "nobody") }
