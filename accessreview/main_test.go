package accessreview_test

import (
	"os"
	"testing"

	"github.com/carenet-go/carenet/internal/testkit"
)

// TestMain runs the tests on the store testkit.StoreEnv picks.
func TestMain(m *testing.M) { os.Exit(testkit.Main(m)) }
