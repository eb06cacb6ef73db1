package audit

import (
	"context"
	"io"
	"strconv"
	"strings"
	"time"
)

// Option tunes a Service.
type Option func(*Service)

// LogReads says which reads the Service records as access events: it
// serves ReadExport, which is on when kinds is zero (DefaultReads);
// NoReads turns it off.
func LogReads(kinds ReadKinds) Option { return func(s *Service) { s.reads = kinds } }

// WithRecorder sets the clock and IDs of the access events the Service
// records (by default the system clock and random IDs).
func WithRecorder(r Recorder) Option { return func(s *Service) { s.rec = r } }

// ExportAs is Export by the person readerID, whom its access event names.
func (s *Service) ExportAs(ctx context.Context, readerID string, w io.Writer, format Format, q Query) (ExportSummary, error) {
	sum, err := s.export(ctx, w, format, q)
	if err != nil {
		return sum, err
	}
	if err := s.rec.RecordRead(ctx, s.store, s.reads, ReadExport, Event{ActorID: readerID, Details: exportDetails(format, q, sum)}); err != nil {
		return ExportSummary{}, err
	}
	return sum, nil
}

// exportDetails are the details of an export's access event: its format,
// its filters and what it wrote.
func exportDetails(format Format, q Query, sum ExportSummary) map[string]string {
	d := map[string]string{
		"format": string(format),
		"events": strconv.FormatInt(sum.Events, 10),
		"first":  strconv.FormatInt(sum.First.Seq, 10),
		"last":   strconv.FormatInt(sum.Last.Seq, 10),
	}
	set := func(k, v string) {
		if v != "" {
			d[k] = v
		}
	}
	if !q.Since.IsZero() {
		set("since", q.Since.UTC().Format(time.RFC3339Nano))
	}
	if !q.Until.IsZero() {
		set("until", q.Until.UTC().Format(time.RFC3339Nano))
	}
	actions := make([]string, len(q.Actions))
	for i, a := range q.Actions {
		actions[i] = string(a)
	}
	set("actions", strings.Join(actions, ","))
	set("actor", q.ActorID)
	set("target_type", q.TargetType)
	set("target", q.TargetID)
	return d
}
