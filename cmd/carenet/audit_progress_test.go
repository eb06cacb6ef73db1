package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/carenet-go/carenet/audit"
)

func TestPrintFigures(t *testing.T) {
	var buf bytes.Buffer
	printFigures(&buf, audit.Report{From: audit.Head{Seq: 5}, Head: audit.Head{Seq: 9}, Checked: 4, Recorded: audit.Head{Seq: 9}, Unsealed: 2}, nil)
	for _, want := range []string{"resumed after:    event 5", "events checked:   4", "verified to:      event 9", "recorded end:     event 9", "waiting to seal:  2"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in:\n%s", want, buf.String())
		}
	}
}
