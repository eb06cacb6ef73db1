package video

import (
	"context"
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// Custody returns a video's chain of custody: every audit event about it
// (its upload, shares, revocations, extensions, views, downloads and
// denied attempts), in the order they happened, read in one transaction.
// It needs ViewVideos; an unknown video is NotFound.
func (s *Service) Custody(ctx context.Context, actor *auth.Principal, videoID string) ([]audit.Event, error) {
	if err := actor.Require(auth.ViewVideos); err != nil {
		return nil, err
	}
	var out []audit.Event
	err := s.store.View(ctx, func(tx Tx) error {
		out = nil
		if _, err := tx.Videos().Get(ctx, videoID); err != nil {
			return err
		}
		f := audit.Filter{TargetType: TargetType, TargetID: videoID, Limit: audit.DefaultLimit}
		for {
			page, err := tx.Audit().List(ctx, f)
			if err != nil {
				return err
			}
			// Stop only on an empty page: a store may page smaller than
			// asked.
			if len(page) == 0 {
				return nil
			}
			out = append(out, page...)
			f.AfterSeq = page[len(page)-1].Seq
		}
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CustodyCSVHeader is the header row WriteCustodyCSV writes.
var CustodyCSVHeader = []string{"seq", "at", "actor_id", "action", "share_id", "grantee_id", "reason", "details", "hash"}

// WriteCustodyCSV writes a chain of custody as CSV: CustodyCSVHeader, then
// one row per event in the order given. "at" is RFC 3339 in UTC; "details"
// holds the event's other details as "key=value" pairs sorted by key and
// joined by "; "; "hash" is the event's audit hash, so a row can be checked
// against the log. A cell that a spreadsheet would take for a formula
// (starting with =, +, -, @, a tab or a carriage return) is prefixed with
// an apostrophe.
func WriteCustodyCSV(w io.Writer, events []audit.Event) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CustodyCSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CustodyCSVHeader))
	for _, e := range events {
		row[0] = strconv.FormatInt(e.Seq, 10)
		row[1] = e.At.UTC().Format(time.RFC3339Nano)
		row[2] = e.ActorID
		row[3] = string(e.Action)
		row[4] = e.Details[DetailShare]
		row[5] = e.Details[DetailGrantee]
		row[6] = e.Details[DetailReason]
		row[7] = otherDetails(e.Details)
		row[8] = e.Hash
		for i := range row {
			row[i] = csvSafe(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// otherDetails renders the details that have no column of their own.
func otherDetails(d map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(d)) {
		if k == DetailShare || k == DetailGrantee || k == DetailReason {
			continue
		}
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(d[k])
	}
	return b.String()
}

// csvSafe defuses a cell a spreadsheet would evaluate as a formula.
func csvSafe(s string) string {
	if s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0 {
		return "'" + s
	}
	return s
}
