package auth_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/carenettest"
)

// matchingEvents returns every event of the log that f matches, in
// order, reading it page by page.
func matchingEvents(t *testing.T, k *carenettest.Env, f audit.Filter) []audit.Event {
	t.Helper()
	var out []audit.Event
	for {
		page, err := k.Audit.List(k.Ctx, f)
		require.NoError(t, err)
		out = append(out, page...)
		if len(page) < audit.DefaultLimit {
			return out
		}
		f.AfterSeq = page[len(page)-1].Seq
	}
}

// accountEvents returns every event about the account, in order.
func accountEvents(t *testing.T, k *carenettest.Env, accountID string) []audit.Event {
	t.Helper()
	return matchingEvents(t, k, audit.Filter{TargetType: audit.TargetAccount, TargetID: accountID})
}

// allEvents returns every event in the log, in order.
func allEvents(t *testing.T, k *carenettest.Env) []audit.Event {
	t.Helper()
	return matchingEvents(t, k, audit.Filter{})
}
