package main

import (
	"bytes"
	"context"
	"testing"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out); err != nil {
		t.Fatalf("quickstart failed: %v\n%s", err, out.String())
	}
	for _, want := range []string{
		"lands on the dashboard",
		"the nightly sweep deactivates Ivy Chen",
		"Ivy's old password fails",
		"Ivy's old session fails too",
		"her open session stops at once, before any sweep",
		"cannot be deleted; deactivate it instead",
		"verifies",
		"behaved as expected",
	} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Errorf("transcript lacks %q:\n%s", want, out.String())
		}
	}
}
