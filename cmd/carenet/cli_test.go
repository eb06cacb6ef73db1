package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// result is how an in-process run of the command ended.
type result struct {
	code           int
	stdout, stderr string
}

// runIn runs the command in process with stdin as its standard input and
// DATABASE_URL set to dsn.
func runIn(dsn, stdin string, args ...string) result {
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb}
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	code := run(context.Background(), e, args, getenv)
	return result{code, out.String(), errb.String()}
}

// assertRefused checks that r ended with code, wrote each of want to
// standard error and wrote nothing to standard output.
func assertRefused(t *testing.T, r result, code int, want ...string) {
	t.Helper()
	assert.Equal(t, code, r.code)
	for _, w := range want {
		assert.Contains(t, r.stderr, w)
	}
	assert.Empty(t, r.stdout)
}

func TestHelpListsEveryCommandAndTheExitStatuses(t *testing.T) {
	r := runIn("", "", "help")
	require.Equal(t, exitOK, r.code)
	assert.Empty(t, r.stderr, "help is a result: it goes to standard output")
	for _, c := range commands() {
		assert.Contains(t, r.stdout, "  "+c.name+" ", "the list names %s", c.name)
	}
	for _, want := range []string{"exit status:", "  0  ", "  1  ", "  2  usage error"} {
		assert.Contains(t, r.stdout, want)
	}
}

func TestHelpCommandShowsItsUsageAndFlagsOnStdout(t *testing.T) {
	for _, c := range commands() {
		if c.run == nil {
			continue
		}
		r := runIn("", "", append([]string{"help"}, strings.Fields(c.name)...)...)
		assert.Equal(t, exitOK, r.code, c.name)
		assert.Empty(t, r.stderr, c.name)
		assert.True(t, strings.HasPrefix(r.stdout, "usage: carenet "+c.name), "%s: %q", c.name, r.stdout)
		assert.Contains(t, r.stdout, "exit status: 0 success, 1 the operation failed, 2 usage error", c.name)
		assert.Equal(t, 1, strings.Count(r.stdout, "usage:"), "%s says usage once:\n%s", c.name, r.stdout)
	}
	r := runIn("", "", "help", "create-admin")
	for _, flag := range []string{"-given", "-family", "-username", "-password-stdin", "-json", "-dsn"} {
		assert.Contains(t, r.stdout, "  "+flag, "help create-admin shows %s", flag)
	}
}

func TestHelpOfAnUnknownCommandIsAUsageError(t *testing.T) {
	r := runIn("", "", "help", "launch")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, `unknown command "launch"`)
	assert.Empty(t, r.stdout)
	r = runIn("", "", "help", "migrate", "sweep")
	assert.Equal(t, exitUsage, r.code)
	r = runIn("", "", "help", "audit", "verify")
	assert.Equal(t, exitOK, r.code, "a two-word command is named whole")
	assert.True(t, strings.HasPrefix(r.stdout, "usage: carenet audit verify"), r.stdout)
}

// TestUsageErrorsNameTheFlagAsTyped: a usage error exits 2, names the flag
// the operator typed (never the SDK's field path), says "usage:" once,
// writes nothing on standard output and touches no database.
func TestUsageErrorsNameTheFlagAsTyped(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"create-admin", "-given", "Ada", "-family", "Admin"}, "carenet create-admin: missing -username\n"},
		{[]string{"create-admin"}, "missing -given, -family, -username"},
		{[]string{"create-admin", "-given", "Ada", "-family", "Admin", "-username", "ada", "-nope"}, "flag provided but not defined: -nope"},
		{[]string{"sweep", "-q=maybe"}, `invalid boolean value "maybe" for -q`},
		{[]string{"migrate", "extra"}, `unexpected argument "extra"`},
		{[]string{"migrate", "-dsn"}, "flag needs an argument: -dsn"},
		{[]string{"-nope", "migrate"}, "flag provided but not defined: -nope"},
		{[]string{"migrate"}, "no database: pass -dsn or set DATABASE_URL"},
		{[]string{"set-password"}, "no database"},
		{[]string{"audit"}, `missing "verify"`},
		{[]string{"audit", "print"}, `unknown audit command "print"`},
		{[]string{"audit", "verify", "-anchor", "nonsense"}, "-anchor must be SEQ:HASH"},
		{[]string{"custody", "export"}, "missing argument: want <video-id>"},
		{[]string{"custody", "export", "v-1", "v-2"}, `unexpected argument "v-2"`},
		{[]string{"version", "-x"}, "flag provided but not defined: -x"},
		{[]string{"launch"}, `unknown command "launch"`},
	} {
		stdin := ""
		if tc.args[0] == "set-password" {
			stdin = "pwl_token\nnew password here\n"
		}
		r := runIn("", stdin, tc.args...)
		assert.Equal(t, exitUsage, r.code, "%v", tc.args)
		assert.Contains(t, r.stderr, tc.want, "%v", tc.args)
		assert.NotContains(t, r.stderr, "login.", "%v", tc.args)
		assert.LessOrEqual(t, strings.Count(r.stderr, "usage:"), 1, "%v says usage once:\n%s", tc.args, r.stderr)
		assert.Empty(t, r.stdout, "%v", tc.args)
	}
}

func TestDashHPrintsUsageOnStderrAndSucceeds(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"migrate", "-h"}, {"create-admin", "-help"}, {"set-password", "-h"}, {"sweep", "-h"},
		{"audit", "-h"}, {"audit", "verify", "-h"}, {"custody", "--help"}, {"custody", "export", "-h"}, {"version", "-h"}} {
		r := runIn("", "", args...)
		assert.Equal(t, exitOK, r.code, "%v", args)
		assert.Contains(t, r.stderr, "usage: carenet", "%v", args)
		assert.Equal(t, 1, strings.Count(r.stderr, "usage:"), "%v says usage once:\n%s", args, r.stderr)
		assert.Empty(t, r.stdout, "%v", args)
	}
}

func TestVersionReadsTheBuildInformation(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.26.8",
		Main:      debug.Module{Path: "github.com/carenet-go/carenet", Version: "v0.1.0"},
		Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "7e65b14a9d0c3f6b2e1d8a7c5b4f3e2d1c0b9a87"},
			{Key: "vcs.time", Value: "2026-11-30T12:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	v := readVersion(bi, true)
	assert.Equal(t, "github.com/carenet-go/carenet", v.Module)
	assert.Equal(t, "v0.1.0", v.Version)
	assert.Equal(t, "7e65b14a9d0c3f6b2e1d8a7c5b4f3e2d1c0b9a87", v.Revision)
	assert.Equal(t, "2026-11-30T12:00:00Z", v.Time)
	require.NotNil(t, v.Modified)
	assert.True(t, *v.Modified)
	assert.Equal(t, "go1.26.8", v.Go)

	bare := readVersion(nil, false)
	assert.Equal(t, "unknown", bare.Version)
	assert.Empty(t, bare.Revision)
	assert.Nil(t, bare.Modified)
}

func TestVersionPrintsWhatThisBinaryWasBuiltWith(t *testing.T) {
	r := runIn("", "", "version")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "carenet "), r.stdout)
	assert.Contains(t, r.stdout, "go       go1.")
	r = runIn("", "", "version", "-json")
	require.Equal(t, exitOK, r.code, r.stderr)
	var v buildVersion
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &v), r.stdout)
	assert.NotEmpty(t, v.Version)
	assert.NotEmpty(t, v.Go)
}

// TestVersionOfABuildFromTheRepository builds the command from a clone of
// the repository with VCS stamping (a clone, because the go command does
// not stamp a build in a linked work tree) and finds the clone's revision
// in its output.
func TestVersionOfABuildFromTheRepository(t *testing.T) {
	top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if err != nil {
		t.Skipf("not in a git work tree: %v", err)
	}
	clone := t.TempDir()
	if out, err := exec.Command("git", "clone", "-q", strings.TrimSpace(string(top)), clone).CombinedOutput(); err != nil {
		t.Fatalf("git clone: %v\n%s", err, out)
	}
	head, err := exec.Command("git", "-C", clone, "rev-parse", "HEAD").Output()
	require.NoError(t, err)
	bin := t.TempDir() + "/carenet"
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, "./cmd/carenet")
	build.Dir = clone
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build -buildvcs=true: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "-json").Output()
	require.NoError(t, err)
	var v buildVersion
	require.NoError(t, json.Unmarshal(out, &v), string(out))
	assert.Equal(t, strings.TrimSpace(string(head)), v.Revision)
	assert.NotEmpty(t, v.Time)
	require.NotNil(t, v.Modified)
	assert.False(t, *v.Modified, "a fresh clone is unmodified")
	assert.Equal(t, "github.com/carenet-go/carenet", v.Module)
	out, err = exec.Command(bin, "version").Output()
	require.NoError(t, err)
	assert.Contains(t, string(out), "revision "+v.Revision+"\n")
	assert.Contains(t, string(out), "time     "+v.Time)
}

func TestStatusLineOnlyOnATerminal(t *testing.T) {
	var plain bytes.Buffer
	s := (&env{stderr: &plain}).begin("sweeping end dates")
	s.add(3, "rows")
	s.done()
	assert.Empty(t, plain.String(), "off a terminal, no progress is written")

	var tty bytes.Buffer
	s = (&env{stderr: &tty, progress: true}).begin("exporting")
	s.done()
	out := tty.String()
	assert.True(t, strings.HasPrefix(out, "\rexporting… "), "%q", out)
	assert.True(t, strings.HasSuffix(out, "\r\x1b[K"), "done erases the line: %q", out)

	tty.Reset()
	s = (&env{stderr: &tty, progress: true}).begin("exporting")
	w := countingWriter{w: new(bytes.Buffer), s: s, unit: "rows"}
	_, _ = w.Write([]byte("a\nb\nc\n"))
	s.draw()
	s.done()
	assert.Contains(t, tty.String(), "exporting… 3 rows")
}

func TestHelpNeverShowsTheDatabaseURL(t *testing.T) {
	const secret = "postgres://ops:s3cret-pass@db.example:5432/carenet"
	for _, args := range [][]string{{"help", "migrate"}, {"sweep", "-h"}, {"audit", "verify", "-h"}, {"create-admin", "-nope"}} {
		r := runIn(secret, "", args...)
		assert.NotContains(t, r.stdout+r.stderr, "s3cret-pass", "%v", args)
	}
}
