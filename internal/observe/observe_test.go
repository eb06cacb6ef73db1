package observe_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/observe"
)

// recorder is an Observer that keeps what it is told.
type recorder struct {
	mu       sync.Mutex
	ops      []string
	ends     []error
	outcomes []carenet.Outcome
}

func (r *recorder) Start(ctx context.Context, op string) (context.Context, func(error)) {
	r.mu.Lock()
	r.ops = append(r.ops, op)
	r.mu.Unlock()
	return ctx, func(err error) {
		r.mu.Lock()
		r.ends = append(r.ends, err)
		r.mu.Unlock()
	}
}

func (r *recorder) Outcome(_ context.Context, o carenet.Outcome) {
	r.mu.Lock()
	r.outcomes = append(r.outcomes, o)
	r.mu.Unlock()
}

func (r *recorder) actions() []string {
	var out []string
	for _, o := range r.outcomes {
		out = append(out, o.Action)
	}
	return out
}

// fakeTx is an audit.Tx whose log accepts every event.
type fakeTx struct{}

func (fakeTx) Audit() audit.Repository { return fakeLog{} }

type fakeLog struct{ audit.Repository }

func (fakeLog) Append(_ context.Context, e audit.Event) (audit.Event, error) { return e, nil }

// fakeStore runs fn attempts times, like a store retrying a
// serialization failure, and then fails with fail (nil: commits).
type fakeStore struct {
	attempts int
	fail     error
}

func (s fakeStore) Update(_ context.Context, fn func(audit.Tx) error) error {
	for range s.attempts {
		if err := fn(fakeTx{}); err != nil {
			return err
		}
	}
	return s.fail
}

func (s fakeStore) View(ctx context.Context, fn func(audit.Tx) error) error { return s.Update(ctx, fn) }

// call is a service method: one call, one transaction recording action.
func call(ctx context.Context, h *observe.Hooks, st carenet.Transactor[audit.Tx], action audit.Action, fnErr error) (callErr error) {
	defer h.Call(&ctx, "test.Call")(&callErr)
	rec := audit.Recorder{Notify: h.Notify()}
	return st.Update(ctx, func(tx audit.Tx) error {
		if _, err := rec.Record(ctx, tx.Audit(), audit.Event{ActorID: "p-1", Action: action, TargetType: "thing", TargetID: "t-1"}); err != nil {
			return err
		}
		return fnErr
	})
}

func TestOutcomeReportedOnlyOnceItsTransactionCommitted(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		store fakeStore
		fnErr error
		want  []string
	}{
		{"Committed", fakeStore{attempts: 1}, nil, []string{"x.done"}},
		{"RetriedOnceReportedOnce", fakeStore{attempts: 3}, nil, []string{"x.done"}},
		{"FnFailedRolledBack", fakeStore{attempts: 1}, boom, nil},
		{"CommitFailed", fakeStore{attempts: 1, fail: boom}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			h := observe.New(nil, r)
			st := observe.Store(h, "test", carenet.Transactor[audit.Tx](tc.store))
			_ = call(context.Background(), h, st, "x.done", tc.fnErr)
			assert.Equal(t, tc.want, r.actions())
			assert.Equal(t, []string{"test.Call", "test.store.Update"}, r.ops)
		})
	}
}

func TestOutcomeOutsideAnObservedTransactionReportedAtOnce(t *testing.T) {
	r := &recorder{}
	h := observe.New(nil, r)
	rec := audit.Recorder{Notify: h.Notify()}
	_, err := rec.Record(context.Background(), fakeLog{}, audit.Event{ActorID: "p-1", Action: "x.done", TargetType: "thing", TargetID: "t-1"})
	require.NoError(t, err)
	assert.Equal(t, []string{"x.done"}, r.actions())
}

func TestCallEndsWithTheMethodsError(t *testing.T) {
	r := &recorder{}
	h := observe.New(nil, r)
	boom := carenet.E("test", carenet.Conflict, "taken", nil)
	err := call(context.Background(), h, observe.Store(h, "test", carenet.Transactor[audit.Tx](fakeStore{attempts: 1})), "x.done", boom)
	require.ErrorIs(t, err, boom)
	// The transaction ends first, then the call, both with the error.
	require.Len(t, r.ends, 2)
	assert.ErrorIs(t, r.ends[0], boom)
	assert.ErrorIs(t, r.ends[1], boom)
}

func TestNilHooksCostNothing(t *testing.T) {
	var h *observe.Hooks
	assert.Nil(t, observe.New(nil, nil))
	assert.Nil(t, h.Notify())
	st := carenet.Transactor[audit.Tx](fakeStore{attempts: 1})
	assert.Equal(t, st, observe.Store(h, "test", st))
	assert.NoError(t, call(context.Background(), h, st, "x.done", nil))
}

func TestSafeDetailsKeepOnlyAllowListedKeys(t *testing.T) {
	got := observe.SafeDetails(map[string]string{
		"failed_logins": "3",
		"session":       "s-1",
		"reason":        "wrong_password",
		"password":      "granite-orchard-lantern-7",
		"token":         "tok",
		"link":          "https://example.test/set?token=x",
		"secret":        "JBSWY3DPEHPK3PXP",
		"message":       "Jamie told her teacher",
		"note":          "see the narrative",
		"name":          "Ivy Chen",
		"whatever_new":  "x",
	})
	assert.Equal(t, map[string]string{"failed_logins": "3", "session": "s-1", "reason": "wrong_password"}, got)
	assert.Nil(t, observe.SafeDetails(map[string]string{"password": "x"}))
}

func TestSafeDetailsDropAReasonThatIsFreeText(t *testing.T) {
	got := observe.SafeDetails(map[string]string{"reason": "left after the Doe case, see HR"})
	assert.Nil(t, got)
}

func TestLoggerLogsOutcomesAndStoreFailures(t *testing.T) {
	var buf bytes.Buffer
	h := observe.New(slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})), nil)
	st := observe.Store(h, "test", carenet.Transactor[audit.Tx](fakeStore{attempts: 1}))
	require.NoError(t, call(context.Background(), h, st, "x.done", nil))
	failing := observe.Store(h, "test", carenet.Transactor[audit.Tx](fakeStore{attempts: 1, fail: errors.New("connection reset")}))
	require.Error(t, call(context.Background(), h, failing, "x.done", nil))
	require.Error(t, call(context.Background(), h, st, "x.done", carenet.E("test", carenet.Invalid, "password: is \"hunter2\"", nil)))

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	require.Len(t, lines, 3, buf.String())
	assert.Contains(t, lines[0], `"level":"INFO","msg":"carenet: audited","action":"x.done","actor":"p-1","target_type":"thing","target_id":"t-1"`)
	assert.Contains(t, lines[1], `"level":"ERROR","msg":"carenet: call failed","op":"test.Call","code":"internal","error":"connection reset"`)
	assert.Contains(t, lines[2], `"level":"DEBUG","msg":"carenet: call failed","op":"test.Call","code":"invalid"}`)
	assert.NotContains(t, buf.String(), "hunter2")
}
