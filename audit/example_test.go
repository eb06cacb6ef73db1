package audit_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/carenet-go/carenet/audit"
)

func ExampleVerify() {
	at := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	var (
		events []audit.Event
		head   audit.Head
	)
	for i, action := range []audit.Action{"auth.login", "personnel.deactivate", "auth.logout"} {
		e := audit.Seal(audit.Event{
			ID:         fmt.Sprintf("ev-%d", i+1),
			At:         at.Add(time.Duration(i) * time.Minute),
			ActorID:    "u-ann",
			Action:     action,
			TargetType: audit.TargetPerson,
			TargetID:   "p-7",
		}, head)
		events = append(events, e)
		head = e.Head()
	}

	head, err := audit.Verify(events)
	fmt.Println(head.Seq, err)

	events[1].TargetID = "p-8" // someone edits the stored log
	head, err = audit.Verify(events)
	fmt.Println(head.Seq, err)

	var ce *audit.ChainError
	if errors.As(err, &ce) {
		fmt.Println("first bad event:", ce.Seq)
	}
	// Output:
	// 3 <nil>
	// 1 audit chain broken at event 2: its content does not match its hash (the event was altered)
	// first bad event: 2
}

func ExampleVerifier() {
	var (
		events []audit.Event
		head   audit.Head
	)
	for i := range 5 {
		e := audit.Seal(audit.Event{ID: fmt.Sprintf("ev-%d", i+1), Action: "auth.login", ActorID: "u-ann"}, head)
		events = append(events, e)
		head = e.Head()
	}

	// Verify the log as it stood yesterday and keep its head.
	yesterday, _ := audit.Verify(events[:3])

	// Today, check only what was appended since.
	v := audit.Resume(yesterday)
	for _, e := range events[3:] {
		if err := v.Next(e); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println(v.Count(), "new events; head at", v.Head().Seq)
	// Output: 2 new events; head at 5
}
