package otelcarenet_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestCoreImportsNoOpenTelemetry checks that only this package (and what
// imports it) depends on OpenTelemetry, so a host that leaves it out
// builds none of it.
func TestCoreImportsNoOpenTelemetry(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps=false", "-f", `{{.ImportPath}} {{join .Deps " "}}`, "github.com/carenet-go/carenet/...").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		pkg, deps, _ := strings.Cut(line, " ")
		if strings.HasPrefix(pkg, "github.com/carenet-go/carenet/otelcarenet") {
			continue
		}
		require.NotContains(t, " "+deps+" ", " go.opentelemetry.io/", "%s depends on OpenTelemetry", pkg)
	}
}
