package auth_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/carenettest"
)

// allowAll is a RateLimiter that never refuses, so a benchmark measures
// the path it is named for.
type allowAll struct{}

func (allowAll) Attempt(context.Context, string, time.Time) (func(bool), bool) {
	return func(bool) {}, true
}

// benchHashers are the hashers every failed-login benchmark runs with, as
// sub-benchmarks: OWASP's default argon2id parameters, as in production,
// and the tests' cheap ones, where the store's work is most of the cost.
var benchHashers = []struct {
	name   string
	hasher password.Hasher
}{
	{"argon2id", password.Hasher{}},
	{"cheap", carenettest.FastHasher},
}

// benchKit is a kit with one user whose password the benchmarks get
// wrong. Unless locked, the lockout never triggers, so every wrong
// password takes the path of a counted failure; locked, the account is
// locked for longer than any run.
func benchKit(b *testing.B, hasher password.Hasher, locked bool) *carenettest.Env {
	k := newKit(b, carenettest.WithAuthConfig(func(c *auth.Config) {
		c.Hasher = hasher
		c.RateLimiter = allowAll{}
		if locked {
			c.LockoutBase, c.LockoutMax = 1000*time.Hour, 1000*time.Hour
		} else {
			c.MaxFailedLogins, c.MaxConsecutiveFailures = math.MaxInt32, math.MaxInt32
		}
	}))
	k.User("Sam", "Staff", "sstaff", userPassword)
	if locked {
		for range k.Auth.Config().MaxFailedLogins {
			_, _ = k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "sstaff", Password: "not-the-password-1"})
		}
	}
	return k
}

func benchLogin(b *testing.B, username string, locked bool) {
	for _, h := range benchHashers {
		b.Run(h.name, func(b *testing.B) {
			k := benchKit(b, h.hasher, locked)
			req := auth.LoginRequest{Username: username, Password: "not-the-password-1"}
			// Once before the timer: the first unknown username computes
			// the dummy hash that every later one verifies against.
			_, _ = k.Auth.Login(k.Ctx, req)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, err := k.Auth.Login(k.Ctx, req); !errors.Is(err, auth.ErrLoginFailed) {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkLoginWrongPassword is a failed login for a username that exists,
// counted and audited each time.
func BenchmarkLoginWrongPassword(b *testing.B) { benchLogin(b, "sstaff", false) }

// BenchmarkLoginUnknownUser is a failed login for a username that does not
// exist. It must cost the same as BenchmarkLoginWrongPassword, or the time
// taken would reveal which usernames exist.
func BenchmarkLoginUnknownUser(b *testing.B) { benchLogin(b, "nobody", false) }

// BenchmarkLoginLockedAccount is a login at a locked account, refused and
// audited without being counted. It must cost the same as the other two,
// or the time taken would reveal which accounts are locked.
func BenchmarkLoginLockedAccount(b *testing.B) { benchLogin(b, "sstaff", true) }

// BenchmarkLoginFailuresInterleaved runs the three failed logins above in
// turn, in one process over one store, and reports the median time of each
// (wrong-ns/op, unknown-ns/op, locked-ns/op) and the spread between the
// slowest and the fastest median (spread-%). On a shared, noisy machine
// interleaving exposes the three paths to the same noise, which separate
// benchmarks, run one after the other, are not.
func BenchmarkLoginFailuresInterleaved(b *testing.B) {
	for _, h := range benchHashers {
		b.Run(h.name, func(b *testing.B) {
			k := benchKit(b, h.hasher, false)
			cfg := k.Auth.Config()
			cfg.MaxFailedLogins, cfg.MaxConsecutiveFailures = 5, 100
			cfg.LockoutBase, cfg.LockoutMax = 1000*time.Hour, 1000*time.Hour
			lockedSvc, err := auth.NewService(k.Store.Auth(), cfg)
			if err != nil {
				b.Fatal(err)
			}
			k.User("Lou", "Locked", "llocked", userPassword)
			wrong := auth.LoginRequest{Username: "sstaff", Password: "not-the-password-1"}
			unknown := auth.LoginRequest{Username: "nobody", Password: "not-the-password-1"}
			locked := auth.LoginRequest{Username: "llocked", Password: "not-the-password-1"}
			for range 5 {
				_, _ = lockedSvc.Login(k.Ctx, locked)
			}
			paths := []struct {
				svc *auth.Service
				req auth.LoginRequest
			}{{k.Auth, wrong}, {k.Auth, unknown}, {lockedSvc, locked}}
			for _, p := range paths {
				_, _ = p.svc.Login(k.Ctx, p.req)
			}
			samples := make([][]time.Duration, len(paths))
			i := 0
			for b.Loop() {
				// A rotating order, so no path always follows another.
				for j := range paths {
					n := (i + j) % len(paths)
					start := time.Now()
					if _, err := paths[n].svc.Login(k.Ctx, paths[n].req); !errors.Is(err, auth.ErrLoginFailed) {
						b.Fatal(err)
					}
					samples[n] = append(samples[n], time.Since(start))
				}
				i++
			}
			medians := make([]float64, len(paths))
			for n, s := range samples {
				slices.Sort(s)
				medians[n] = float64(s[len(s)/2].Nanoseconds())
			}
			b.ReportMetric(medians[0], "wrong-ns/op")
			b.ReportMetric(medians[1], "unknown-ns/op")
			b.ReportMetric(medians[2], "locked-ns/op")
			lo, hi := slices.Min(medians), slices.Max(medians)
			b.ReportMetric(100*(hi-lo)/lo, "spread-%")
		})
	}
}
