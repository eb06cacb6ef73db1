package postgres

import (
	"fmt"
	"testing"
	"time"

	"github.com/lib/pq"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
)

// TestPrebuiltIsWhatSquirrelBuilds checks that each prebuilt statement
// gives the text and the arguments, in order, that building it afresh
// gives, and that a statement that would change a value is refused.
func TestPrebuiltIsWhatSquirrelBuilds(t *testing.T) {
	at := carenet.Timestamp(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	for name, c := range map[string]struct {
		p      *prebuilt
		values []any
	}{
		"personGet":          {personGet, []any{"p-1"}},
		"personGetForUpdate": {personGetForUpdate, []any{"p-1"}},
		"accountByID":        {accountByID.read, []any{"a-1"}},
		"accountByUsername":  {accountByUsername.forUpdate, []any{"ann"}},
		"accountByPerson":    {accountByPerson.forUpdate, []any{"p-1"}},
		"disableLogin":       {disableLogin, []any{"a-1", at, "$disabled$x", "left", false}},
		"outstanding":        {outstanding, []any{"p-1", pq.Array([]string{"draft"}), at}},
		"personUpdate": {personUpdate, append(func() []any {
			var v []any
			for i := range personValueKeys {
				v = append(v, fmt.Sprint("value ", i))
			}
			return v
		}(), "p-1", int64(3))},
		"pendingInsert": {pendingInsert, []any{"e-1", at, "p-2", "x.done", "person", "p-1", `{"a":"b"}`}},
	} {
		t.Run(name, func(t *testing.T) {
			for range 2 {
				wantText, wantArgs, err := c.p.build(c.values...).ToSql()
				require.NoError(t, err)
				text, args, err := c.p.with(c.values...).ToSql()
				require.NoError(t, err)
				require.Equal(t, wantText, text)
				require.Equal(t, wantArgs, args)
			}
		})
	}
	wraps := newPrebuilt(func(v ...any) sqlizer {
		return psql.Select("1").Where("x = ANY(?)", pq.Array(v[0]))
	})
	require.Panics(t, func() { wraps.with([]string{"a"}) })
}
