package carenet_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
)

func ExampleErrorCode() {
	notFound := carenet.Errorf(carenet.NotFound, "case %s not found", "c-17")
	wrapped := fmt.Errorf("loading the case: %w", notFound)
	timeout := carenet.E("cases.Get", carenet.Internal, "", context.DeadlineExceeded)
	driver := errors.New(`pq: password authentication failed for user "app"`)

	for _, err := range []error{nil, wrapped, timeout, driver} {
		fmt.Printf("%q %q\n", carenet.ErrorCode(err), carenet.ErrorMessage(err))
	}
	// Output:
	// "" ""
	// "not_found" "case c-17 not found"
	// "canceled" "the request was cancelled"
	// "internal" "internal error"
}

func ExampleProblems() {
	var p carenet.Problems
	p.Text("name", "   ", true, 100, false)
	p.Text("notes", "first line\nsecond line", false, 2000, true)
	p.Text(carenet.Path("children", 0, "name"), "Ann\u202eevil", true, 100, false)
	p.Text("nickname", "Bartholomew", false, 5, false)

	err := p.Err()
	fmt.Println(carenet.ErrorCode(err))
	for _, fe := range carenet.Validation(err).Problems {
		fmt.Printf("%s %s: %s\n", fe.Field, fe.Rule, fe.Message)
	}
	// Output:
	// invalid
	// name required: is required
	// children[0].name control_characters: must not contain control characters
	// nickname too_long: must be at most 5 characters
}

func ExamplePath() {
	fmt.Println(carenet.Path("children", 0, "date_of_birth"))
	fmt.Println(carenet.Path("households", 1, "members", 2, "name"))
	// Output:
	// children[0].date_of_birth
	// households[1].members[2].name
}

func ExampleManualClock() {
	clock := carenet.NewManualClock(time.Date(2025, 3, 1, 9, 0, 0, 999, time.FixedZone("EST", -5*60*60)))
	fmt.Println(clock.Now())
	clock.Advance(36 * time.Hour)
	fmt.Println(clock.Now())
	// Output:
	// 2025-03-01 14:00:00 +0000 UTC
	// 2025-03-03 02:00:00 +0000 UTC
}

func ExampleSequentialIDs() {
	ids := carenet.SequentialIDs("case")
	fmt.Println(ids.NewID(), ids.NewID())
	// Output: case-000001 case-000002
}
