package storetest

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
)

// testAuditExportIsARead: each export writes one access event naming the
// reader, with what it wrote, after the rows it exported; a Service made
// with NoReads writes none.
func testAuditExportIsARead(t *testing.T, s Store) {
	appendN(t, s, 1, 3)
	svc := audit.NewService(s.Audit())
	sum, err := svc.ExportAs(ctx, "p-auditor", io.Discard, audit.JSONLines, audit.Query{TargetType: "person"})
	require.NoError(t, err)
	require.Equal(t, int64(3), sum.Events, "the export holds no access event of its own")
	exports := func() []audit.Event {
		t.Helper()
		events, err := svc.List(ctx, audit.Filter{Actions: []audit.Action{audit.EventExportRead}})
		require.NoError(t, err)
		return events
	}
	got := exports()
	require.Len(t, got, 1)
	require.Equal(t, "p-auditor", got[0].ActorID)
	require.Equal(t, map[string]string{"format": "jsonl", "events": "3", "first": "1", "last": "3", "target_type": "person"}, got[0].Details)

	_, err = svc.Export(ctx, io.Discard, audit.CSV, audit.Query{})
	require.NoError(t, err)
	got = exports()
	require.Len(t, got, 2, "one event per export")
	require.Empty(t, got[1].ActorID, "Export names no reader: the host's operator")
	require.Equal(t, "4", got[1].Details["events"], "the second export holds the first's access event")

	_, err = svc.Export(ctx, io.Discard, "xml", audit.Query{})
	require.Error(t, err)
	quiet := audit.NewService(s.Audit(), audit.LogReads(audit.NoReads))
	_, err = quiet.Export(ctx, io.Discard, audit.CSV, audit.Query{})
	require.NoError(t, err)
	require.Len(t, exports(), 2, "a refused export and one with reads off write none")
}
