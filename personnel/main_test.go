package personnel_test

import (
	"os"
	"testing"

	"github.com/carenet-go/carenet/carenettest"
)

// TestMain runs the tests on the store carenettest.StoreEnv picks.
func TestMain(m *testing.M) { os.Exit(carenettest.Main(m)) }
