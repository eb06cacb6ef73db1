// Package clitest builds and runs the SDK's commands and examples from
// their tests, as an operator would run them. Only tests import it.
package clitest

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Build compiles the main package of the test's own directory and returns
// the path of the binary, named name, in a directory removed when the test
// ends.
func Build(t testing.TB, name string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), name)
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// Result is how a run of a program ended.
type Result struct {
	// Code is the exit status.
	Code int
	// Stdout and Stderr are what the program wrote.
	Stdout, Stderr string
}

// Run runs bin with args, stdin as its standard input and the test's
// environment with env ("KEY=value") set over it, and returns how it
// ended. A program that cannot be started fails the test.
func Run(t testing.TB, bin string, env []string, stdin string, args ...string) Result {
	t.Helper()
	cmd := exec.Command(bin, args...)
	// exec uses the last of duplicate keys, so env overrides.
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run %s: %v", bin, err)
	}
	return Result{Code: code, Stdout: out.String(), Stderr: errb.String()}
}
