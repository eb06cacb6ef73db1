package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/carenet-go/carenet/audit"
)

func TestProgressDrawsOnATerminalOnly(t *testing.T) {
	var buf bytes.Buffer
	off := newProgress(&buf)
	off.show(audit.Progress{Checked: 10, Head: audit.Head{Seq: 10}, Target: 40})
	off.done()
	if buf.Len() != 0 {
		t.Errorf("drew %q on a writer that is no terminal", buf.String())
	}
	on := &progress{w: &buf, on: true}
	on.show(audit.Progress{Checked: 10, Head: audit.Head{Seq: 10}, Target: 40})
	if got := buf.String(); !strings.Contains(got, "event 10 of 40 (25%)") || !strings.HasPrefix(got, "\r") {
		t.Errorf("progress = %q", got)
	}
	on.done()
	if !strings.HasSuffix(buf.String(), "\r\033[K") {
		t.Errorf("the line was not cleared: %q", buf.String())
	}
}

func TestPrintFigures(t *testing.T) {
	var buf bytes.Buffer
	printFigures(&buf, audit.Report{From: audit.Head{Seq: 5}, Head: audit.Head{Seq: 9}, Checked: 4, Recorded: audit.Head{Seq: 9}, Unsealed: 2}, nil)
	for _, want := range []string{"resumed after:    event 5", "events checked:   4", "verified to:      event 9", "recorded end:     event 9", "waiting to seal:  2"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in:\n%s", want, buf.String())
		}
	}
}
