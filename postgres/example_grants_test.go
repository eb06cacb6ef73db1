package postgres_test

import (
	"fmt"
	"strings"

	"github.com/carenet-go/carenet/postgres"
)

// The statements that give the application's role what the SDK needs,
// here those on the audit log: it may append to it, never change it.
// Store.Grant runs them as the owner; "carenet grant -print" prints them.
func ExampleGrantStatements() {
	stmts, err := postgres.GrantStatements("carenet_app")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range stmts {
		if strings.Contains(s, ".audit_") {
			fmt.Println(s)
		}
	}
	// Output:
	// GRANT SELECT, INSERT, DELETE ON carenet.audit_pending TO "carenet_app"
	// GRANT SELECT, INSERT ON carenet.audit_events TO "carenet_app"
	// GRANT SELECT, UPDATE ON carenet.audit_head TO "carenet_app"
}
