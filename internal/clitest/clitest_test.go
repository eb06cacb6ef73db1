package clitest

import (
	"os/exec"
	"testing"
)

// TestRunReportsStatusOutputAndEnvironment runs a shell through Run: the
// exit status, both outputs, standard input and an overridden variable
// come back as the program saw them.
func TestRunReportsStatusOutputAndEnvironment(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Fatalf("no sh to run: %v", err)
	}
	t.Setenv("CLITEST_VAR", "inherited")
	r := Run(t, sh, []string{"CLITEST_VAR=over"}, "from stdin", "-c", `read line; echo "$line $CLITEST_VAR"; echo oops >&2; exit 3`)
	if r.Code != 3 || r.Stdout != "from stdin over\n" || r.Stderr != "oops\n" {
		t.Fatalf("Run = %+v; want code 3, stdout %q, stderr %q", r, "from stdin over\n", "oops\n")
	}
	r = Run(t, sh, nil, "", "-c", `echo "$CLITEST_VAR"`)
	if r.Code != 0 || r.Stdout != "inherited\n" {
		t.Fatalf("Run without env = %+v; want the inherited value", r)
	}
}
