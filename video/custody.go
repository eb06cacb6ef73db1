package video

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/csvsafe"
)

// Custody returns a video's chain of custody: every audit event about it
// (its upload, shares, revocations, extensions, views, downloads and
// denied attempts), in the order they happened, read in one transaction.
// It needs ViewVideos and, as an export of records (see WriteCustodyCSV),
// a recent sign-in (auth.Principal.RequireRecentSignIn;
// auth.ErrReauthenticationRequired otherwise, and nothing is read or
// recorded); an unknown video is NotFound.
//
// The report misses no committed event: those a store that seals after
// commit has not sealed yet (the last tens of milliseconds') come last,
// in the order they were appended, unsealed (Seq 0, no hash; see
// audit.Filter.Unsealed). Reading them takes no lock and waits for no
// sealer; a host that wants every row with its hash seals first (the
// carenet command does). Access events (who opened the video's
// information or this report, see Config.LogReads) are not part of it.
func (s *Service) Custody(ctx context.Context, actor *auth.Principal, videoID string) (_ []audit.Event, callErr error) {
	defer s.obs.Call(&ctx, "video.Custody")(&callErr)
	if err := actor.Require(auth.ViewVideos); err != nil {
		return nil, err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return nil, err
	}
	out, err := carenet.View(ctx, s.store, func(tx Tx) ([]audit.Event, error) {
		var out []audit.Event
		out = nil
		if _, err := tx.Videos().Get(ctx, videoID); err != nil {
			return nil, err
		}
		f := audit.Filter{TargetType: audit.TargetVideo, TargetID: videoID, Limit: audit.DefaultLimit, Unsealed: true}
		for {
			page, err := tx.Audit().List(ctx, f)
			if err != nil {
				return nil, err
			}
			// Stop on an empty page (a store may page smaller than
			// asked) or after the unsealed events, which come last.
			if len(page) == 0 {
				return out, nil
			}
			out = append(out, page...)
			if last := page[len(page)-1]; last.Sealed() {
				f.AfterSeq = last.Seq
			} else {
				return out, nil
			}
		}
	})
	if err == nil {
		err = s.logRead(ctx, actor, audit.ReadCustody, audit.TargetVideo, videoID)
	}
	if err != nil {
		return nil, err
	}
	return withoutReads(out), nil
}

// CustodyCSVHeader is the header row WriteCustodyCSV writes.
var CustodyCSVHeader = []string{"seq", "at", "actor_id", "action", "share_id", "grantee_id", "reason", "details", "hash"}

// WriteCustodyCSV writes a chain of custody as CSV: CustodyCSVHeader, then
// one row per event in the order given, each row on one line. "at" is RFC
// 3339 in UTC; "details" holds the event's other details as "key=value"
// pairs sorted by key and joined by "; "; "hash" is the event's audit hash,
// so a row can be checked against the log. An event not sealed yet has an
// empty seq and hash.
//
// No value can pose as another field or another row: in "details" every
// key and value is percent-encoded where it holds ";", "=", a quote, "%",
// a line break or another control character (a client ID "c-1; sha256=0"
// reads "client=c-1%3B sha256%3D0"); in every other cell "%", line breaks
// and control characters are. A cell that a spreadsheet would take for a
// formula (starting, after any white space, with =, +, -, @ or a
// full-width form of one, or with a tab or a carriage return) is prefixed
// with an apostrophe. Undo the encoding by dropping that apostrophe and
// percent-decoding.
func WriteCustodyCSV(w io.Writer, events []audit.Event) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CustodyCSVHeader); err != nil {
		return err
	}
	row := make([]string, len(CustodyCSVHeader))
	for _, e := range events {
		row[0] = ""
		if e.Sealed() {
			row[0] = strconv.FormatInt(e.Seq, 10)
		}
		row[1] = e.At.UTC().Format(time.RFC3339Nano)
		row[2] = e.ActorID
		row[3] = string(e.Action)
		row[4] = e.Details[DetailShare]
		row[5] = e.Details[DetailGrantee]
		row[6] = e.Details[DetailReason]
		row[8] = e.Hash
		for i := range row {
			if i != detailsColumn {
				row[i] = csvsafe.Cell(row[i])
			}
		}
		row[detailsColumn] = csvsafe.Neutralise(csvsafe.Pairs(otherDetails(e.Details)))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// detailsColumn is the index of "details" in CustodyCSVHeader.
const detailsColumn = 7

// otherDetails returns the details that have no column of their own.
func otherDetails(d map[string]string) map[string]string {
	out := make(map[string]string, len(d))
	for k, v := range d {
		if k != DetailShare && k != DetailGrantee && k != DetailReason {
			out[k] = v
		}
	}
	return out
}
