package otelcarenet_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/otelcarenet"
	"github.com/carenet-go/carenet/personnel"
)

// telemetry is an Observer over OpenTelemetry's in-memory exporters.
type telemetry struct {
	obs    *otelcarenet.Observer
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
}

func newTelemetry(t *testing.T) telemetry {
	spans := tracetest.NewSpanRecorder()
	reader := sdkmetric.NewManualReader()
	obs, err := otelcarenet.New(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans)), sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader)))
	require.NoError(t, err)
	return telemetry{obs: obs, spans: spans, reader: reader}
}

// counts returns each counter's sums by their attributes' encoding.
func (tm telemetry) counts(t *testing.T) map[string]map[string]int64 {
	var rm metricdata.ResourceMetrics
	require.NoError(t, tm.reader.Collect(context.Background(), &rm))
	out := map[string]map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			sum, ok := m.Data.(metricdata.Sum[int64])
			require.True(t, ok, m.Name)
			out[m.Name] = map[string]int64{}
			for _, dp := range sum.DataPoints {
				out[m.Name][dp.Attributes.Encoded(attribute.DefaultEncoder())] += dp.Value
			}
		}
	}
	return out
}

const password = "granite-orchard-lantern-7"

// createAda makes the administrator ada, whose password is password.
func createAda(t *testing.T, people *personnel.Service) {
	t.Helper()
	_, err := people.CreateAdministrator(context.Background(), personnel.NewPerson{
		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", Agency: "Riverside CAC", AgencyKind: personnel.AgencyCAC},
		Login:  &auth.LoginSpec{Username: "ada", Password: password},
	})
	require.NoError(t, err)
}

func TestSpansForEveryCallAndTransactionWithTheErrorCode(t *testing.T) {
	ctx := context.Background()
	tm := newTelemetry(t)
	store := memory.New()
	clock := carenet.NewManualClock(carenet.Timestamp(carenet.SystemClock.Now()))
	authSvc, err := auth.NewService(store.Auth(), auth.Config{Clock: clock, Observer: tm.obs})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Clock: clock, Observer: tm.obs})
	createAda(t, people)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "wrong-wrong-wrong-1"})
	require.ErrorIs(t, err, auth.ErrLoginFailed)

	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range tm.spans.Ended() {
		byName[s.Name()] = s
	}
	create, login := byName["personnel.CreateAdministrator"], byName["auth.Login"]
	require.NotNil(t, create)
	require.NotNil(t, login)
	tx := byName["personnel.store.Update"]
	require.NotNil(t, tx)
	assert.Equal(t, create.SpanContext().SpanID(), tx.Parent().SpanID(), "a transaction's span is a child of its call's")
	assert.Equal(t, codes.Unset, create.Status().Code)

	assert.Equal(t, codes.Error, login.Status().Code)
	assert.Contains(t, login.Attributes(), otelcarenet.CodeKey.String("unauthenticated"))
	var events []string
	for _, e := range login.Events() {
		events = append(events, e.Name)
	}
	assert.Equal(t, []string{"auth.login_failed"}, events, "the audited outcome is an event of its call's span")
	for _, s := range tm.spans.Ended() {
		for _, a := range s.Attributes() {
			assert.NotContains(t, a.Value.Emit(), password)
		}
	}
}

func TestCountersFollowTheAuditedOutcomes(t *testing.T) {
	ctx := context.Background()
	tm := newTelemetry(t)
	for _, o := range []carenet.Outcome{
		{Action: "auth.login"},
		{Action: "auth.login"},
		{Action: "auth.login_failed", Details: map[string]string{"reason": "wrong_password"}},
		{Action: "auth.login_failed", Details: map[string]string{"reason": "wrong_password", "locked_until": "2026-05-04T09:00:00Z"}},
		{Action: "auth.login_refused", Details: map[string]string{"reason": "locked"}},
		{Action: "auth.login_refused", Details: map[string]string{"reason": "person_inactive"}},
		{Action: "personnel.deactivated"},
		{Action: "video.shared", Details: map[string]string{"mode": "view_only"}},
		{Action: "video.view_served"},
		{Action: "video.view_served"},
		{Action: "video.download_served"},
		{Action: "referral.submitted"},
	} {
		tm.obs.Outcome(ctx, o)
	}
	assert.Equal(t, map[string]map[string]int64{
		"carenet.logins":        {"outcome=succeeded": 2, "outcome=failed": 1, "outcome=locked": 2, "outcome=refused": 1},
		"carenet.deactivations": {"": 1},
		"carenet.shares":        {"mode=view_only": 1},
		"carenet.ticket_uses":   {"action=view": 2, "action=download": 1},
	}, tm.counts(t))
}

func TestLoginsCountedThroughTheService(t *testing.T) {
	ctx := context.Background()
	tm := newTelemetry(t)
	store := memory.New()
	clock := carenet.NewManualClock(carenet.Timestamp(carenet.SystemClock.Now()))
	authSvc, err := auth.NewService(store.Auth(), auth.Config{Clock: clock, Observer: tm.obs, MaxFailedLogins: 2})
	require.NoError(t, err)
	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Clock: clock, Observer: tm.obs})
	createAda(t, people)
	_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: password})
	require.NoError(t, err)
	for range 2 {
		_, err = authSvc.Login(ctx, auth.LoginRequest{Username: "ada", Password: "wrong-wrong-wrong-1"})
		require.ErrorIs(t, err, auth.ErrLoginFailed)
	}
	logins := tm.counts(t)["carenet.logins"]
	assert.Equal(t, int64(1), logins["outcome=succeeded"])
	assert.Equal(t, int64(2), logins["outcome=failed"]+logins["outcome=locked"], "every failed attempt counted once")
	assert.Equal(t, int64(1), logins["outcome=locked"], "the failure that locked the account")
}
