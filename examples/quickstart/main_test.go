package main

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestQuickstart builds the program and runs it as the README says to: it
// must exit with status 0 and tell every part of the story.
func TestQuickstart(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "quickstart")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("quickstart failed: %v\nstderr: %s\nstdout:\n%s", err, stderr.String(), stdout.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("quickstart wrote to stderr: %s", stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"Ada logs in (usernames ignore case) and lands in carenet",
		"a bad form is refused with every problem at once",
		"referral_only  Rita Okafor  lands on the dashboard; tabs: Dashboard, My Referrals",
		"video_only     Paul Nguyen  lands on the dashboard; tabs: Dashboard, My Videos",
		"dual_access    Cara Diaz    lands on the dashboard; tabs: Dashboard, My Referrals; portal/CareNet button: true",
		"all            Dana Brooks  lands on the dashboard; tabs: Dashboard, My Videos, My Referrals",
		"giving the Referral User dual access is refused",
		"Rita submits an LE referral for 2 children: submitted",
		"Rita follows it in My Referrals: under_review",
		"the host's duplicate-client check holds it",
		"Rita follows it in My Referrals: accepted",
		"Sam shares it view-only with Paul Nguyen and with download with Dana Brooks",
		"Paul's download is denied",
		"Paul's view is allowed: a ticket until",
		"the same ticket presented for a download is refused",
		"Dana logs in and downloads it",
		"her open session stops at once, before any sweep",
		"the nightly sweep deactivates Ivy Chen",
		"Ivy's old password fails",
		"Ivy's old session fails too",
		"cannot be deleted; deactivate it instead",
		"lists 9 events:",
		"video.downloaded     by Dana Brooks",
		"exported as CSV",
		"events verifies (head",
		"behaved as expected.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("transcript lacks %q:\n%s", want, out)
		}
	}
}
