package video_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/csvsafe"
	"github.com/carenet-go/carenet/video"
)

const (
	realSum   = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	forgedSum = "0000000000000000000000000000000000000000000000000000000000000000"
)

// exportDetails writes events as custody CSV and returns each row's
// details read back as pairs.
func exportDetails(t *testing.T, events []audit.Event) ([][]string, []map[string]string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, video.WriteCustodyCSV(&buf, events))
	assert.Equal(t, len(events)+1, strings.Count(buf.String(), "\n"), "one line per row")
	rows, err := csv.NewReader(&buf).ReadAll()
	require.NoError(t, err)
	var details []map[string]string
	for _, row := range rows[1:] {
		d, ok := csvsafe.ParsePairs(strings.TrimPrefix(row[7], "'"))
		require.True(t, ok, "details %q", row[7])
		details = append(details, d)
	}
	return rows, details
}

// TestUploadIdentifiersMustBeIdentifiers: the client, case and interviewer
// IDs of an upload are identifiers; the forged-checksum client ID of a
// custody export is refused naming the field, and nothing is recorded.
func TestUploadIdentifiersMustBeIdentifiers(t *testing.T) {
	k := newKit(t)
	before := len(k.Events("", ""))
	for field, change := range map[string]func(*video.NewVideo, string){
		"client_id":      func(v *video.NewVideo, s string) { v.ClientID = s },
		"case_id":        func(v *video.NewVideo, s string) { v.CaseID = s },
		"interviewer_id": func(v *video.NewVideo, s string) { v.InterviewerID = s },
	} {
		for _, bad := range []string{"c-1; sha256=" + forgedSum, "c-1=x", `c"1`, "c 1", "-c1", "=1+1", "c1\n", "\uff1d1"} {
			in := newVideo("client-7", "x")
			change(&in, bad)
			_, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, in)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%s %q", field, bad)
			assert.True(t, carenet.Validation(err).Has(field, carenet.RuleFormat), "%s %q: %v", field, bad, err)
		}
	}
	assert.Len(t, k.Events("", ""), before, "nothing recorded")
	for _, good := range []string{"client-1", "3f1c2a9e-0b7d-4c1e-9a55-0f6d2e7b8c11", "CASE-2026/0001", "c.1:2_3"} {
		assert.True(t, video.ValidIdentifier(good), good)
	}
}

// TestCustodyCSVCannotForgeAChecksum is the forged evidence checksum: a
// detail holding "; sha256=<forged>" must not read as a second sha256
// in the export. The event is built as a store could hold it from before
// identifiers were checked.
func TestCustodyCSVCannotForgeAChecksum(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	events := []audit.Event{{
		Seq: 1, At: at, ActorID: "p-1", Action: video.EventRecorded, TargetType: audit.TargetVideo, TargetID: "v-1",
		Details: map[string]string{
			"client": "c-1; sha256=" + forgedSum, "sha256": realSum, "size_bytes": "1", "content_type": "video/mp4; codecs=\"avc1\"",
		},
		Hash: "h1",
	}, {
		Seq: 2, At: at, ActorID: "p-1", Action: video.EventShareRevoked, TargetType: audit.TargetVideo, TargetID: "v-1",
		Details: map[string]string{
			video.DetailShare: "s-1", video.DetailReason: "closed\n3,2026-03-02T09:00:00Z,p-1,video.downloaded,s-1,,,,forged",
			"note": "x=1\r\n; ticket=t-forged",
		},
		Hash: "h2",
	}}
	rows, details := exportDetails(t, events)
	require.Len(t, rows, 3, "no forged row")
	assert.Equal(t, realSum, details[0]["sha256"], "the checksum is the recorded one")
	assert.Equal(t, "c-1; sha256="+forgedSum, details[0]["client"], "the client ID reads back whole")
	assert.Equal(t, `video/mp4; codecs="avc1"`, details[0]["content_type"])
	assert.Len(t, details[0], 4)
	assert.Equal(t, map[string]string{"note": "x=1\r\n; ticket=t-forged"}, details[1])
	reason, ok := csvsafe.Unescape(rows[2][6])
	require.True(t, ok)
	assert.Equal(t, events[1].Details[video.DetailReason], reason)
}

// TestCustodyCSVNeutralisesFormulas: every cell that a spreadsheet would
// evaluate is defused, after leading white space and in full-width forms.
func TestCustodyCSVNeutralisesFormulas(t *testing.T) {
	for _, f := range []string{"=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "  =1", "\uff1d1", "\uff20x"} {
		events := []audit.Event{{Seq: 1, ActorID: f, Action: audit.Action(f), Details: map[string]string{
			video.DetailShare: f, video.DetailGrantee: f, video.DetailReason: f, "+k": f,
		}, Hash: f}}
		rows, _ := exportDetails(t, events)
		for i, cell := range rows[1] {
			assert.False(t, csvsafe.Formula(cell), "column %s of %q: %q", video.CustodyCSVHeader[i], f, cell)
		}
	}
}
