package audit

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/subtle"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/internal/csvsafe"
)

// Format is an export's file format.
type Format string

// The export formats.
const (
	// CSV is RFC 4180 CSV with a header row (ExportColumns). Cells a
	// spreadsheet would evaluate start with an apostrophe, as does any
	// cell that starts with one; VerifyExport takes it off again.
	CSV Format = "csv"
	// JSONLines is one JSON object per line, with the keys of
	// ExportColumns; details is an object.
	JSONLines Format = "jsonl"
)

// ExportColumns are the columns of an export, in order. An exported row
// holds every field the event's hash covers, so the file can be checked
// offline (VerifyExport).
var ExportColumns = []string{"seq", "id", "at", "actor_id", "action", "target_type", "target_id", "details", "prev_hash", "hash"}

// row is an event as exported.
type row struct {
	Seq        int64             `json:"seq"`
	ID         string            `json:"id"`
	At         string            `json:"at"`
	ActorID    string            `json:"actor_id"`
	Action     string            `json:"action"`
	TargetType string            `json:"target_type"`
	TargetID   string            `json:"target_id"`
	Details    map[string]string `json:"details"`
	PrevHash   string            `json:"prev_hash"`
	Hash       string            `json:"hash"`
}

func toRow(e Event) row {
	d := e.Details
	if d == nil {
		d = map[string]string{}
	}
	return row{Seq: e.Seq, ID: e.ID, At: e.At.UTC().Format(time.RFC3339Nano), ActorID: e.ActorID,
		Action: string(e.Action), TargetType: e.TargetType, TargetID: e.TargetID, Details: d,
		PrevHash: e.PrevHash, Hash: e.Hash}
}

// ExportSummary says what an export wrote.
type ExportSummary struct {
	// Events is the number of rows; First and Last the first and last
	// event written (zero when none).
	Events      int64
	First, Last Head
}

// Export writes the sealed events matching q (its Cursor and Limit are
// ignored: the export runs to the end of the log) to w in format, oldest
// first. It reads the log a page at a time and writes each page before it
// reads the next, so a log of any length is exported in constant memory.
// Bad input is Invalid naming the field ("format" or the query's).
//
// An export is a read the log records (EventExportRead, unless the
// Service was made with LogReads leaving out ReadExport), once it is
// written, with what it wrote; Export records it with no actor (the
// host's operator), ExportAs names the reader. If the record cannot be
// written, Export returns the error: the host must not hand the export on.
// An export for one of the host's users goes through ExportFor, which
// also asks for a recent sign-in.
func (s *Service) Export(ctx context.Context, w io.Writer, format Format, q Query) (ExportSummary, error) {
	return s.ExportAs(ctx, "", w, format, q)
}

// export writes the export, unrecorded.
func (s *Service) export(ctx context.Context, w io.Writer, format Format, q Query) (ExportSummary, error) {
	const op = "audit.Export"
	var sum ExportSummary
	if format != CSV && format != JSONLines {
		var p carenet.Problems
		p.Add("format", carenet.RuleOneOf, "must be csv or jsonl")
		return sum, carenet.E(op, carenet.Invalid, "the export is not valid", p.Err())
	}
	q.Cursor, q.Limit = "", 0
	f, err := q.filter()
	if err != nil {
		return sum, err
	}
	f.Limit = DefaultLimit
	if err := s.seal(ctx); err != nil {
		return sum, err
	}
	bw := bufio.NewWriter(w)
	var cw *csv.Writer
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if format == CSV {
		cw = csv.NewWriter(bw)
		if err := cw.Write(ExportColumns); err != nil {
			return sum, carenet.E(op, carenet.Internal, "", err)
		}
	}
	cells := make([]string, len(ExportColumns))
	for {
		page, err := carenet.View(ctx, s.store, func(tx Tx) ([]Event, error) {
			return tx.Audit().List(ctx, f)
		})
		if err != nil {
			return sum, err
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			r := toRow(e)
			if cw != nil {
				details, _ := json.Marshal(r.Details)
				cells[0], cells[1], cells[2], cells[3], cells[4] = strconv.FormatInt(r.Seq, 10), r.ID, r.At, r.ActorID, r.Action
				cells[5], cells[6], cells[7], cells[8], cells[9] = r.TargetType, r.TargetID, string(details), r.PrevHash, r.Hash
				for i := range cells {
					cells[i] = csvsafe.Neutralise(cells[i])
				}
				err = cw.Write(cells)
			} else {
				err = enc.Encode(r)
			}
			if err != nil {
				return sum, carenet.E(op, carenet.Internal, "", err)
			}
			if sum.Events == 0 {
				sum.First = e.Head()
			}
			sum.Events++
			sum.Last = e.Head()
		}
		f.AfterSeq = page[len(page)-1].Seq
		if cw != nil {
			cw.Flush()
			err = cw.Error()
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			return sum, carenet.E(op, carenet.Internal, "", err)
		}
	}
	if cw != nil {
		cw.Flush()
		if err := cw.Error(); err != nil {
			return sum, carenet.E(op, carenet.Internal, "", err)
		}
	}
	if err := bw.Flush(); err != nil {
		return sum, carenet.E(op, carenet.Internal, "", err)
	}
	return sum, nil
}

// ExportReport is what VerifyExport found.
type ExportReport struct {
	// Rows is the number of events read; First and Last the first and
	// last.
	Rows        int64
	First, Last Head
	// Complete is set when the rows are the chain from its first event,
	// with no gap: then every link was checked, not only each row's hash.
	Complete bool
}

// VerifyExport reads an export (CSV or JSON Lines) one row at a time and
// checks that each row matches its hash and that rows are in sequence
// order; where two rows are consecutive events it checks the link between
// them. With a checkpoint (cp not nil) the file must be a complete export
// (from event 1, no gap) that reaches cp.Seq with cp.Hash, and cp's
// signature must verify with pub: then the file is proved to be the log
// the checkpoint vouches for, up to it. A filtered export cannot be bound
// to a checkpoint, as its rows do not link up: each row's own hash is
// still checked.
//
// A row that fails is an Internal error wrapping a *ChainError naming its
// sequence number; a file that cannot be read as an export is Invalid.
func VerifyExport(r io.Reader, format Format, cp *Checkpoint, pub ed25519.PublicKey) (ExportReport, error) {
	const op = "audit.VerifyExport"
	var rep ExportReport
	invalid := func(line int64, what string) error {
		var p carenet.Problems
		p.Add(fmt.Sprintf("row[%d]", line), carenet.RuleFormat, what)
		return carenet.E(op, carenet.Invalid, "the file is not an audit export", p.Err())
	}
	broken := func(ce *ChainError) error {
		return carenet.E(op, carenet.Internal, "the export failed verification", ce)
	}
	if cp != nil {
		if err := cp.Verify(pub); err != nil {
			return rep, err
		}
	}
	next, err := exportRows(r, format, invalid)
	if err != nil {
		return rep, err
	}
	complete := true
	var prev Head
	for {
		e, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return rep, err
		}
		switch {
		case e.Seq <= prev.Seq:
			return rep, broken(&ChainError{Seq: e.Seq, Reason: "rows are not in sequence order"})
		case subtle.ConstantTimeCompare([]byte(hashOf(e)), []byte(e.Hash)) != 1:
			return rep, broken(&ChainError{Seq: e.Seq, Reason: "its content does not match its hash (the row was altered)"})
		case e.Seq == prev.Seq+1 && subtle.ConstantTimeCompare([]byte(e.PrevHash), []byte(prev.Hash)) != 1:
			return rep, broken(&ChainError{Seq: e.Seq, Reason: "does not follow the row before it"})
		case e.Seq != prev.Seq+1:
			complete = false
		}
		if cp != nil && e.Seq == cp.Seq && subtle.ConstantTimeCompare([]byte(e.Hash), []byte(cp.Hash)) != 1 {
			return rep, broken(&ChainError{Seq: e.Seq, Reason: "differs from the checkpoint"})
		}
		if rep.Rows == 0 {
			rep.First = e.Head()
		}
		rep.Rows++
		rep.Last, prev = e.Head(), e.Head()
	}
	rep.Complete = complete && rep.Rows > 0
	if cp != nil {
		switch {
		case !rep.Complete:
			return rep, broken(&ChainError{Seq: rep.First.Seq, Reason: "the export is not the whole chain from its first event, so it cannot be checked against a checkpoint"})
		case rep.Last.Seq < cp.Seq:
			return rep, broken(&ChainError{Seq: rep.Last.Seq + 1, Reason: fmt.Sprintf("the export ends before the checkpoint's event %d", cp.Seq)})
		}
	}
	return rep, nil
}

// exportRows returns a function that reads the next event of an export.
func exportRows(r io.Reader, format Format, invalid func(int64, string) error) (func() (Event, error), error) {
	var line int64
	switch format {
	case JSONLines:
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 16<<20)
		return func() (Event, error) {
			for sc.Scan() {
				line++
				if len(sc.Bytes()) == 0 {
					continue
				}
				var x row
				if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
					return Event{}, invalid(line, "is not a JSON object of an event")
				}
				return fromRow(x, line, invalid)
			}
			if err := sc.Err(); err != nil {
				return Event{}, carenet.E("audit.VerifyExport", carenet.Internal, "", err)
			}
			return Event{}, io.EOF
		}, nil
	case CSV:
		cr := csv.NewReader(r)
		cr.FieldsPerRecord = len(ExportColumns)
		cr.ReuseRecord = true
		header, err := cr.Read()
		if err != nil || fmt.Sprint(header) != fmt.Sprint(ExportColumns) {
			return nil, invalid(0, "the header must be "+fmt.Sprint(ExportColumns))
		}
		return func() (Event, error) {
			rec, err := cr.Read()
			line++
			if errors.Is(err, io.EOF) {
				return Event{}, io.EOF
			}
			if err != nil {
				return Event{}, invalid(line, "is not a CSV row of "+strconv.Itoa(len(ExportColumns))+" cells")
			}
			for i := range rec {
				rec[i] = csvsafe.Restore(rec[i])
			}
			seq, err := strconv.ParseInt(rec[0], 10, 64)
			if err != nil {
				return Event{}, invalid(line, "seq is not a number")
			}
			x := row{Seq: seq, ID: rec[1], At: rec[2], ActorID: rec[3], Action: rec[4], TargetType: rec[5],
				TargetID: rec[6], PrevHash: rec[8], Hash: rec[9]}
			if err := json.Unmarshal([]byte(rec[7]), &x.Details); err != nil {
				return Event{}, invalid(line, "details is not a JSON object")
			}
			return fromRow(x, line, invalid)
		}, nil
	}
	var p carenet.Problems
	p.Add("format", carenet.RuleOneOf, "must be csv or jsonl")
	return nil, carenet.E("audit.VerifyExport", carenet.Invalid, "the format is not valid", p.Err())
}

func fromRow(x row, line int64, invalid func(int64, string) error) (Event, error) {
	at, err := time.Parse(time.RFC3339Nano, x.At)
	if err != nil {
		return Event{}, invalid(line, "at is not an RFC 3339 time")
	}
	if x.Seq < 1 {
		return Event{}, invalid(line, "seq must be from 1")
	}
	return Event{Seq: x.Seq, ID: x.ID, At: at, ActorID: x.ActorID, Action: Action(x.Action), TargetType: x.TargetType,
		TargetID: x.TargetID, Details: x.Details, PrevHash: x.PrevHash, Hash: x.Hash}, nil
}
