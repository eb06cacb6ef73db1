package auth

import (
	"context"
	"net"
	"net/netip"
	"sync"
	"time"
)

// RateLimiter bounds login failures beyond one account: one password tried
// against many usernames (spraying) or many stolen pairs from one place
// (credential stuffing). Login asks Allow before it checks an attempt and
// tells Failed of every attempt that fails. An attempt Allow refuses is
// still checked in full, then answered ErrLoginFailed and audited with the
// reason "rate_limited", so a refusal costs and looks like any other
// failure; only the right password with a valid one-time code passes a
// refusal (see the lockout rules in Config.MaxFailedLogins).
//
// Keys come from LoginRequest.RateKey, or its RemoteAddr. A host replaces
// the default (NewRateLimiter) through Config.RateLimiter, for instance with
// one shared by several processes. Implementations must be safe for
// concurrent use.
type RateLimiter interface {
	// Allow reports whether an attempt under key may succeed at now.
	Allow(ctx context.Context, key string, now time.Time) bool
	// Failed records that an attempt under key failed at now.
	Failed(ctx context.Context, key string, now time.Time)
}

// RateLimits are the bounds of the default RateLimiter. The zero value of
// each field means its default.
type RateLimits struct {
	// Window is the time over which failures are counted (default 10
	// minutes), as a sliding window.
	Window time.Duration
	// PerSource is how many failures one key may have within a Window
	// before its attempts are refused (default 20).
	PerSource int
	// Overall is how many failures all keys together may have within a
	// Window before every attempt is refused (default 500): the bound on a
	// spray from many addresses.
	Overall int
	// MaxSources bounds the keys remembered (default 10,000), so memory
	// stays bounded (about 2 MiB at the default); once that many keys
	// failed within a window, further keys share one count.
	MaxSources int
}

// Default rate limits of NewRateLimiter.
const (
	DefaultRateWindow     = 10 * time.Minute
	DefaultRatePerSource  = 20
	DefaultRateOverall    = 500
	DefaultRateMaxSources = 10_000
)

func (l RateLimits) withDefaults() RateLimits {
	if l.Window <= 0 {
		l.Window = DefaultRateWindow
	}
	if l.PerSource <= 0 {
		l.PerSource = DefaultRatePerSource
	}
	if l.Overall <= 0 {
		l.Overall = DefaultRateOverall
	}
	if l.MaxSources <= 0 {
		l.MaxSources = DefaultRateMaxSources
	}
	return l
}

// NewRateLimiter returns the in-process RateLimiter a Service uses unless
// Config.RateLimiter names another: it refuses a key with PerSource
// failures, and every key once all together have Overall failures, within
// the last Window. Counts are kept in two fixed windows, the previous one
// weighted by how much of it the sliding window still covers, so memory
// does not grow with the number of attempts.
func NewRateLimiter(limits RateLimits) RateLimiter {
	return &windowLimiter{limits: limits.withDefaults()}
}

// overflowKey is the shared count of keys past MaxSources.
const overflowKey = "\x00overflow"

// windowLimiter is the default RateLimiter.
type windowLimiter struct {
	limits RateLimits

	mu                sync.Mutex
	start             time.Time // of the current window
	cur, prev         map[string]int
	curTotal, prevTot int
}

// roll moves the windows on to the one holding now. Call with mu held.
func (w *windowLimiter) roll(now time.Time) {
	win := w.limits.Window
	start := now.Truncate(win)
	switch {
	case w.cur == nil || !start.Before(w.start.Add(2*win)):
		w.prev, w.prevTot = nil, 0
	case start.After(w.start):
		w.prev, w.prevTot = w.cur, w.curTotal
	default:
		return
	}
	w.start, w.cur, w.curTotal = start, make(map[string]int), 0
}

// estimate is the sliding-window count from the two fixed windows.
func (w *windowLimiter) estimate(now time.Time, cur, prev int) float64 {
	left := 1 - float64(now.Sub(w.start))/float64(w.limits.Window)
	return float64(cur) + float64(prev)*left
}

// key is where key is counted: itself, or the shared overflow count when
// the current window already remembers MaxSources keys.
func (w *windowLimiter) key(key string) string {
	if _, ok := w.cur[key]; ok || len(w.cur) < w.limits.MaxSources {
		return key
	}
	return overflowKey
}

func (w *windowLimiter) Allow(_ context.Context, key string, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roll(now)
	k := w.key(key)
	return w.estimate(now, w.cur[k], w.prev[k]) < float64(w.limits.PerSource) &&
		w.estimate(now, w.curTotal, w.prevTot) < float64(w.limits.Overall)
}

func (w *windowLimiter) Failed(_ context.Context, key string, now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roll(now)
	w.cur[w.key(key)]++
	w.curTotal++
}

// maxRateKey bounds a rate key, so a host's keys cannot grow the
// limiter's memory.
const maxRateKey = 64

// rateKey is the key a login request is counted under: the host's RateKey,
// or else the client's address without its port, an IPv6 address by its
// /64 network (one subscriber's usual allocation, so an attacker cannot
// step through it).
func rateKey(req LoginRequest) string {
	if req.RateKey != "" {
		return "key:" + clip(req.RateKey, maxRateKey)
	}
	addr := req.RemoteAddr
	if host, _, err := net.SplitHostPort(addr); err == nil {
		addr = host
	}
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return clip(addr, maxRateKey)
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.String()
	}
	return ip.String()
}
