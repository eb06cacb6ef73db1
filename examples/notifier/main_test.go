package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// TestDemoDeliversTheStorysNotices runs the demo: shares and referral
// changes of the story come out as notices, each once.
func TestDemoDeliversTheStorysNotices(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), &out, "", ""); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	for _, want := range []string{"a forensic interview video was shared with you", "the referral is now accepted", "the referral is now under review"} {
		if !strings.Contains(text, want) {
			t.Errorf("no notice %q in:\n%s", want, text)
		}
	}
	if n := strings.Count(text, "video was shared"); n != 2 {
		t.Errorf("%d share notices, want the demo's 2", n)
	}
}

// TestFollowResumesAtTheStoredCursor stops the notifier and starts it
// again: the second run delivers only what was committed in between.
func TestFollowResumesAtTheStoredCursor(t *testing.T) {
	ctx := context.Background()
	env := carenettest.New(t)
	env.Share(env.Video(), env.PortalUser(portal.VideoOnly), video.ViewOnly)
	env.Referral(env.PortalUser(portal.ReferralOnly), referral.StatusAccepted)
	store := env.Store
	log := env.Audit
	cursor := filepath.Join(t.TempDir(), "cursor")
	var first, second bytes.Buffer
	if err := follow(ctx, &first, log, cursor, true); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(cursor); err != nil {
		t.Errorf("the cursor was not stored: %v", err)
	}
	if err := follow(ctx, &second, log, cursor, true); err != nil || second.Len() != 0 {
		t.Fatalf("a second run with nothing new delivered %q (%v)", second.String(), err)
	}
	// An event committed while the notifier was down.
	err := store.Audit().Update(ctx, func(tx audit.Tx) error {
		_, err := audit.Recorder{}.Record(ctx, tx.Audit(), audit.Event{ActorID: "p-1", Action: "video.shared", TargetType: audit.TargetVideo, TargetID: "v-9", Details: map[string]string{"grantee": "p-late"}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := follow(ctx, &second, log, cursor, true); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(second.String(), "\n"); got != 1 || !strings.Contains(second.String(), "to p-late") {
		t.Errorf("after the restart = %q, want the one new notice", second.String())
	}
	if strings.Contains(first.String(), "p-late") {
		t.Error("the first run delivered an event committed after it")
	}
}
