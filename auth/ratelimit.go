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
// (credential stuffing).
//
// Login asks Attempt once per attempt, before it checks anything, and
// calls the done function it returns exactly once, when the attempt is
// decided, saying whether it failed. Attempt must count the attempt at
// once, as a failure in flight, so attempts arriving together cannot all
// be let through before any of them has failed: done(false) then takes
// the attempt back, done(true) keeps it as a failure. An attempt Attempt
// refuses (ok false) is still checked in full, then answered
// ErrLoginFailed and audited with the reason "rate_limited", so a refusal
// costs and looks like any other failure (and is a failure, done(true));
// only the right password with a valid one-time code passes a refusal
// (see the lockout rules in Config.MaxFailedLogins).
//
// Keys come from LoginRequest.RateKey, or its RemoteAddr. A host replaces
// the default (NewRateLimiter) through Config.RateLimiter, for instance
// with one shared by several processes: Attempt is then one atomic
// increment of the key's count in the shared store (INCR, or UPDATE ...
// RETURNING) compared with the bound, and done(false) its decrement.
// Implementations must be safe for concurrent use. A limiter should never
// refuse a source that has not failed within its window for failures of
// other sources, or an attacker with many addresses keeps everyone out:
// the default's overall bound refuses only sources that have failed.
type RateLimiter interface {
	// Attempt counts an attempt under key at now and reports whether it
	// may succeed. done is never nil; call it once, with whether the
	// attempt failed.
	Attempt(ctx context.Context, key string, now time.Time) (done func(failed bool), ok bool)
}

// RateLimits are the bounds of the default RateLimiter. The zero value of
// each field means its default.
type RateLimits struct {
	// Window is the time over which failures are counted (default 10
	// minutes), as a sliding window.
	Window time.Duration
	// PerSource is how many failures one key may have within a Window,
	// counting its attempts in flight, before its attempts are refused
	// (default 20).
	PerSource int
	// Overall is how many failures all keys together may have within a
	// Window, counting attempts in flight, before attempts from every key
	// that has itself failed within the Window are refused (default 500):
	// the bound on a spray from many addresses. A key without failures is
	// never refused for others' failures, so a spray cannot keep out a
	// user typing the right password from their own address; past the
	// bound, each further address of a spray gets one failure per Window.
	Overall int
	// MaxSources bounds the keys remembered (default 10,000), so memory
	// stays bounded (about 2 MiB at the default); once that many keys
	// failed within a window, further keys share one count, and are held
	// to PerSource and Overall together as one key that has failed.
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
// failures (and attempts in flight), and a key that has failed once all
// keys together have Overall, within the last Window. Counts are kept in
// two fixed windows, the previous one weighted by how much of it the
// sliding window still covers, so memory does not grow with the number of
// attempts.
func NewRateLimiter(limits RateLimits) RateLimiter {
	return &windowLimiter{limits: limits.withDefaults(), pending: make(map[string]int)}
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
	// pending counts the attempts in flight by key (as key resolved
	// them), pendingTotal all of them: counted as failures until done.
	pending      map[string]int
	pendingTotal int
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

func (w *windowLimiter) Attempt(_ context.Context, key string, now time.Time) (func(failed bool), bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.roll(now)
	k := w.key(key)
	failures := w.estimate(now, w.cur[k], w.prev[k])
	if k == overflowKey {
		failures = max(failures, 1)
	}
	ok := failures+float64(w.pending[k]) < float64(w.limits.PerSource) &&
		(failures == 0 || w.estimate(now, w.curTotal, w.prevTot)+float64(w.pendingTotal) < float64(w.limits.Overall))
	w.pending[k]++
	w.pendingTotal++
	var once sync.Once
	return func(failed bool) { once.Do(func() { w.done(key, k, failed, now) }) }, ok
}

// done ends an attempt in flight under key (resolved to k when it began),
// counting it as a failure if it failed.
func (w *windowLimiter) done(key, k string, failed bool, at time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.pending[k]--; w.pending[k] <= 0 {
		delete(w.pending, k)
	}
	w.pendingTotal--
	if failed {
		w.roll(at)
		w.cur[w.key(key)]++
		w.curTotal++
	}
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
