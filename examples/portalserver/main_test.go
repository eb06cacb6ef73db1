package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/carenettest"
)

// syncBuffer is a bytes.Buffer safe to write from run's goroutine while
// the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRunSeedsServesAndStops runs the program's wiring as main does (on a
// free port, with a cheap password hasher): it prints what it seeded,
// serves a login and "me" over real HTTP with a printed password, and
// stops cleanly when its context ends.
func TestRunSeedsServesAndStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan net.Addr, 1)
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{
			addr: "127.0.0.1:0", secureCookie: false, tokenInBody: true,
			app:   appConfig{Hasher: carenettest.FastHasher},
			ready: func(a net.Addr, _ *seeded) { ready <- a },
		}, &out)
	}()
	var addr net.Addr
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("run ended before serving: %v\n%s", err, out.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("run did not start:\n%s", out.String())
	}

	printed := out.String()
	require.Contains(t, printed, "Listening on http://"+addr.String())
	require.Contains(t, printed, "The session cookie is sent without the Secure flag")
	var password string
	for _, line := range strings.Split(printed, "\n") {
		if f := strings.Fields(line); len(f) >= 3 && f[0] == "rokafor" && f[1] == "password" {
			password = f[2]
		}
	}
	require.NotEmpty(t, password, "rokafor's password is printed:\n%s", printed)
	for _, want := range []string{"ada", "srivera", "pnguyen", "dbrooks", "cdiaz", "Seeded referral", "with cdiaz (view_download)"} {
		require.Contains(t, printed, want)
	}

	body, err := json.Marshal(map[string]string{"username": "rokafor", "password": password})
	require.NoError(t, err)
	res, err := http.Post("http://"+addr.String()+"/api/login", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	var login loginResponse
	require.NoError(t, json.NewDecoder(res.Body).Decode(&login))
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.NotEmpty(t, login.Token)

	req, err := http.NewRequest(http.MethodGet, "http://"+addr.String()+"/api/me", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+login.Token)
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	var me meJSON
	require.NoError(t, json.NewDecoder(res.Body).Decode(&me))
	require.NoError(t, res.Body.Close())
	require.Equal(t, []string{"Dashboard", "My Referrals"}, me.Tabs)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	require.Contains(t, out.String(), "stopped")
}

// TestRunReportsAnAddressInUse checks that run fails, rather than hangs,
// when it cannot listen.
func TestRunReportsAnAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	var out syncBuffer
	err = run(context.Background(), options{addr: ln.Addr().String(), app: appConfig{Hasher: carenettest.FastHasher}}, &out)
	require.Error(t, err)
	require.NotContains(t, out.String(), "Listening on")
}
