package carenet_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The README's "Where each rule lives" names, for each rule, a file and the
// declarations that hold it. Each bullet is read as segments, each starting
// at a `pkg/file.go` path; the backquoted names after a path, up to the next
// one, are declarations of that file: `Name` (a function, method, type,
// constant or variable), `Type.Method`. A name qualified by a package
// (`auth.Principal.RequireAuditExport`) is looked up in that package's
// files instead.
var (
	readmePath  = regexp.MustCompile(`^[a-z][a-z0-9_]*(/[a-z0-9_]+)*/[a-z0-9_]+\.go$`)
	readmeName  = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$`)
	readmeQuote = regexp.MustCompile("`([^`]+)`")
)

// ruleIndex returns the bullets of the README section "Where each rule
// lives".
func ruleIndex(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Where each rule lives\n")
	if !ok {
		t.Fatal(`README.md has no section "## Where each rule lives"`)
	}
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	var bullets []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "- ") {
			bullets = append(bullets, line)
		}
	}
	return bullets
}

// declares reports whether the Go source src declares name: `Name` as a
// function, method, type, constant or variable, `Type.Name` as a method
// of Type.
func declares(src, name string) bool {
	recv, name, isMethod := strings.Cut(name, ".")
	if !isMethod {
		name = recv
		q := regexp.QuoteMeta(name)
		return regexp.MustCompile(`(?m)^(func (\([^)]*\) )?` + q + `[\[(]|(type|const|var) ` + q + `\b|\t` + q + `( [^=]*)? =)`).MatchString(src)
	}
	return regexp.MustCompile(`(?m)^func \((\w+ )?\*?` + regexp.QuoteMeta(recv) + `(\[[^\]]*\])?\) ` + regexp.QuoteMeta(name) + `[\[(]`).MatchString(src)
}

// packageSource returns the non-test Go files of the directory dir, joined.
func packageSource(t *testing.T, dir string) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		all.WriteString("\n")
	}
	return all.String()
}

// TestReadmeNamesRealFiles: every file the README's rule index names
// exists, and every declaration it lists beside a file is declared there,
// so the index cannot drift from the code.
func TestReadmeNamesRealFiles(t *testing.T) {
	bullets := ruleIndex(t)
	if len(bullets) < 20 {
		t.Fatalf("the rule index has %d entries; want every rule listed", len(bullets))
	}
	files, names := 0, 0
	for _, bullet := range bullets {
		var file, src string
		for _, m := range readmeQuote.FindAllStringSubmatch(bullet, -1) {
			q := m[1]
			switch {
			case readmePath.MatchString(q):
				b, err := os.ReadFile(filepath.FromSlash(q))
				if err != nil {
					t.Errorf("README names %s, which does not exist", q)
					file, src = "", ""
					continue
				}
				file, src = q, string(b)
				files++
			case readmeName.MatchString(q) && file != "":
				names++
				if pkg, rest, ok := strings.Cut(q, "."); ok && isPackageDir(pkg) {
					if !declares(packageSource(t, pkg), rest) {
						t.Errorf("README lists %s beside %s; package %s does not declare %s", q, file, pkg, rest)
					}
					continue
				}
				if !declares(src, q) {
					t.Errorf("README lists %s beside %s, which does not declare it", q, file)
				}
			}
		}
	}
	if files == 0 || names == 0 {
		t.Fatalf("read %d files and %d names from the rule index", files, names)
	}
}

// isPackageDir reports whether name is a directory of the module holding
// Go files, as in a qualified name such as auth.Principal.
func isPackageDir(name string) bool {
	m, _ := filepath.Glob(filepath.Join(name, "*.go"))
	return len(m) > 0
}

// TestReadmeIndexChecksDeclarations: the index check tells a declared name
// from one that is not, so TestReadmeNamesRealFiles can fail.
func TestReadmeIndexChecksDeclarations(t *testing.T) {
	src := "package p\n\nconst (\n\tA = 1\n\tB Kind = 2\n)\n\ntype Kind int\n\nvar v = 1\n\nfunc F() {}\n\nfunc (k *Kind) M() {}\n\nfunc (Kind) N() {}\n\nfunc G[T any]() {}\n"
	for _, name := range []string{"A", "B", "Kind", "v", "F", "Kind.M", "Kind.N", "M", "G"} {
		if !declares(src, name) {
			t.Errorf("declares(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"C", "Kin", "Other.M", "Kind.F", "FF"} {
		if declares(src, name) {
			t.Errorf("declares(%q) = true, want false", name)
		}
	}
}

// storeFiles are the files each of memory/, postgres/ and storetest/ holds
// under the same name: one for each repository a Tx hands out (named for
// its accessor, SecurityGroups() as security_groups.go), one for each
// repository method or optional fast path given a file of its own, and
// the transaction.
var storeFiles = []string{
	"accounts", "security_groups", "sessions", "password_tokens", "passkeys",
	"recovery_codes", "audit", "people", "personnel_groups", "videos",
	"shares", "tickets", "referrals", "access_review", "holdings",
	"login_uses", "remove_login", "outstanding", "search",
	"referral_handover", "session_lookup", "tx",
}

// TestStoreFilesMatch: a store's code and its conformance cases sit under
// the same file name in memory/, postgres/ and storetest/.
func TestStoreFilesMatch(t *testing.T) {
	for _, name := range storeFiles {
		for _, dir := range []string{"memory", "postgres", "storetest"} {
			if _, err := os.Stat(filepath.Join(dir, name+".go")); err != nil {
				t.Errorf("%s/%s.go is missing: the stores and the suite name a repository's file alike", dir, name)
			}
		}
	}
}
