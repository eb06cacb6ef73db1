package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base32"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/totp"
	"github.com/carenet-go/carenet/internal/pgtest"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// TestStoryLogsNoSecret tells the whole story with a logger at its most
// verbose, then uses what the story leaves (a video ticket, a password
// link, a second factor) under the same logger, and finds in the log
// every outcome it expects and none of the secrets that passed through
// the services: passwords, session tokens, link tokens, TOTP secrets and
// codes, recovery codes, tickets, a referral's narrative.
func TestStoryLogsNoSecret(t *testing.T) {
	t.Run("Memory", func(t *testing.T) { storyLogsNoSecret(t, memory.New()) })
	t.Run("Postgres", func(t *testing.T) {
		store, err := postgres.Open(pgtest.NewDatabase(t))
		require.NoError(t, err)
		t.Cleanup(func() { store.Close() })
		require.NoError(t, store.Migrate(context.Background()))
		storyLogsNoSecret(t, store)
	})
}

func storyLogsNoSecret(t *testing.T, store backend) {
	ctx := context.Background()
	var log bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&log, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var c *cast
	var transcript bytes.Buffer
	require.NoError(t, tell(ctx, &transcript, store, withLogger(logger), func(got *cast) { c = got }), transcript.String())

	secrets := []string{adminPassword, userPassword, "Jamie told her teacher", c.ivyToken}

	// A ticket for the video Paul may view.
	res, err := c.auth.Login(ctx, auth.LoginRequest{Username: "pnguyen", Password: userPassword})
	require.NoError(t, err)
	secrets = append(secrets, res.Token)
	sam, err := c.request(ctx, "srivera", userPassword)
	require.NoError(t, err)
	share, err := c.videos.Share(ctx, sam, video.NewShare{VideoID: c.interview.ID, GranteeID: res.Principal.PersonID, Mode: video.ViewOnly})
	require.NoError(t, err)
	access, err := c.videos.RequestAccess(ctx, res.Principal, video.AccessRequest{ShareID: share.ID, Action: video.View})
	require.NoError(t, err)
	_, err = c.videos.VerifyTicket(ctx, access.Ticket, video.View)
	require.NoError(t, err)
	secrets = append(secrets, access.Ticket)

	// A password link, issued and redeemed, and one redeemed wrongly.
	ada, err := c.request(ctx, "ada", adminPassword)
	require.NoError(t, err)
	paul, err := c.people.Get(ctx, ada, c.personIDs["pnguyen"])
	require.NoError(t, err)
	require.NotNil(t, paul.Login)
	link, err := c.auth.IssuePasswordLink(ctx, ada, paul.Login.AccountID)
	require.NoError(t, err)
	const newPassword = "lichen-stairwell-quarry-93"
	require.Error(t, c.auth.CompletePasswordLink(ctx, link.Token+"x", newPassword))
	require.NoError(t, c.auth.CompletePasswordLink(ctx, link.Token, newPassword))
	secrets = append(secrets, link.Token, newPassword)

	// A second factor, on a service over the same store with a TOTP key.
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	withTOTP, err := auth.NewService(store.Auth(), auth.Config{Clock: c.clock, TOTPKey: key, Logger: logger})
	require.NoError(t, err)
	enrol, err := withTOTP.BeginTOTP(ctx, ada, adminPassword)
	require.NoError(t, err)
	seed, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(enrol.Secret)
	require.NoError(t, err)
	code, err := totp.Generate(seed, c.clock.Now(), totp.Config{})
	require.NoError(t, err)
	recovery, err := withTOTP.ConfirmTOTP(ctx, ada, adminPassword, code)
	require.NoError(t, err)
	secrets = append(secrets, enrol.Secret, enrol.URI, code)
	secrets = append(secrets, recovery...)

	// A recovery code in place of the one-time code, a wrong one, and new
	// codes made with one, which void the rest.
	_, err = withTOTP.Login(ctx, auth.LoginRequest{Username: "ada", Password: adminPassword, TOTPCode: "zzzz-zzzz-zzzz-zzzz-zzzz-zzzz"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)
	byCode, err := withTOTP.Login(ctx, auth.LoginRequest{Username: "ada", Password: adminPassword, TOTPCode: recovery[0]})
	require.NoError(t, err)
	require.True(t, byCode.RecoveryCodeUsed)
	secrets = append(secrets, byCode.Token)
	fresh, err := withTOTP.RegenerateRecoveryCodes(ctx, byCode.Principal, "", recovery[1])
	require.NoError(t, err)
	secrets = append(secrets, fresh...)
	for _, c := range append(recovery, fresh...) {
		secrets = append(secrets, strings.ReplaceAll(c, "-", ""))
	}

	for _, tok := range c.tokens {
		secrets = append(secrets, tok)
	}

	out := log.String()
	for _, want := range []string{
		`"action":"auth.login"`, `"action":"auth.login_failed"`, `"action":"personnel.deactivated"`,
		`"action":"video.shared"`, `"action":"video.view_served"`, `"action":"auth.password_set"`,
		`"action":"auth.totp_enabled"`, `"action":"auth.recovery_codes_generated"`,
		`"action":"referral.submitted"`, `"code":"unauthenticated"`,
	} {
		assert.Contains(t, out, want)
	}
	for _, s := range secrets {
		require.NotEmpty(t, s)
		assert.False(t, strings.Contains(out, s), "the log holds a secret: %q", s)
	}
	assert.NotContains(t, out, "$argon2", "the log holds a password hash")
}
