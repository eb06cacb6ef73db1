package auth_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
)

// refusalCounter is a host's RateLimiter: the default one, with a count of
// its refusals for the host's metrics. A limiter shared by several
// processes has the same shape: Attempt counts the attempt at once (an
// atomic increment in the shared store, compared with the bound) and
// done(false) takes it back.
type refusalCounter struct {
	auth.RateLimiter
	refused atomic.Int64
}

func (r *refusalCounter) Attempt(ctx context.Context, key string, now time.Time) (func(failed bool), bool) {
	done, ok := r.RateLimiter.Attempt(ctx, key, now)
	if !ok {
		r.refused.Add(1)
	}
	return done, ok
}

// ExampleRateLimiter shows a host replacing the default RateLimiter with
// its own, which wraps the default and passes on its answer and done.
func ExampleRateLimiter() {
	ctx := context.Background()
	limiter := &refusalCounter{RateLimiter: auth.NewRateLimiter(auth.RateLimits{PerSource: 2})}
	authSvc, _ := auth.NewService(memory.New().Auth(), auth.Config{RateLimiter: limiter})
	for _, name := range []string{"ann", "bob", "cyd", "dee"} {
		_, _ = authSvc.Login(ctx, auth.LoginRequest{Username: name, Password: "Spring2024!!", RemoteAddr: "203.0.113.5"})
	}
	fmt.Println("refused:", limiter.refused.Load())
	// Output:
	// refused: 2
}
