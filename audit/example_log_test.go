package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/memory"
)

// record appends n events to store, one transaction each.
func record(store *memory.Store, n int) {
	rec := audit.Recorder{Clock: carenet.NewManualClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)), IDs: carenet.SequentialIDs("ev")}
	for i := range n {
		_ = store.Audit().Update(context.Background(), func(tx audit.Tx) error {
			action := audit.Action("video.shared")
			if i%2 == 1 {
				action = "referral.submitted"
			}
			_, err := rec.Record(context.Background(), tx.Audit(), audit.Event{ActorID: "u-ann", Action: action, TargetType: audit.TargetVideo, TargetID: fmt.Sprintf("v-%d", i)})
			return err
		})
	}
}

// A host signs a checkpoint now and then and keeps it where the
// database's users cannot change it; VerifyAgainst later proves the log
// still holds it.
func ExampleVerifyAgainst() {
	ctx := context.Background()
	store := memory.New()
	record(store, 3)
	log := audit.NewService(store.Audit())

	key := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{42}, ed25519.SeedSize)) // the host's key
	cp, _, err := log.Checkpoint(ctx, key, audit.VerifyOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	text, _ := cp.MarshalText() // write it to a file, an object store, a transparency log
	fmt.Println(strings.SplitN(string(text), "\n", 2)[0])

	record(store, 2) // the log grows
	kept, _ := audit.ParseCheckpoint(text)
	rep, err := audit.VerifyAgainst(ctx, log, kept, key.Public().(ed25519.PublicKey))
	fmt.Println(rep.Checked, "events verified, checkpoint at", kept.Seq, err)
	// Output:
	// carenet-audit-checkpoint v1
	// 5 events verified, checkpoint at 3 <nil>
}

// A host follows the log from the cursor it stored and sends a
// notification for each share.
func ExampleService_Follow() {
	store := memory.New()
	record(store, 4)
	log := audit.NewService(store.Audit())

	ctx, stop := context.WithCancel(context.Background())
	var cursor int64 // the host loads it from its own storage
	feed := audit.FeedOptions{Query: audit.Query{Actions: []audit.Action{"video.shared"}}}
	_ = log.Follow(ctx, cursor, feed, func(ctx context.Context, b audit.Batch) error {
		for _, e := range b.Events {
			fmt.Printf("notify: %s %s (event %d)\n", e.Action, e.TargetID, e.Seq)
		}
		cursor = b.Cursor // and stores it, once the batch is sent
		if cursor == 4 {
			stop()
		}
		return nil
	})
	fmt.Println("cursor", cursor)
	// Output:
	// notify: video.shared v-0 (event 1)
	// notify: video.shared v-2 (event 3)
	// cursor 4
}

// Export streams the log as CSV or JSON Lines; VerifyExport checks the
// file offline.
func ExampleService_Export() {
	store := memory.New()
	record(store, 2)
	var file bytes.Buffer
	sum, err := audit.NewService(store.Audit()).Export(context.Background(), &file, audit.JSONLines, audit.Query{})
	fmt.Println(sum.Events, err)
	rep, err := audit.VerifyExport(&file, audit.JSONLines, nil, nil)
	fmt.Println(rep.Rows, rep.Complete, err)
	// Output:
	// 2 <nil>
	// 2 true <nil>
}

// Search pages through the events a filter selects with an opaque cursor.
func ExampleService_Search() {
	store := memory.New()
	record(store, 5)
	log := audit.NewService(store.Audit())
	q := audit.Query{Actions: []audit.Action{"video.shared"}, ActorID: "u-ann", Limit: 2}
	for {
		page, err := log.Search(context.Background(), q)
		if err != nil {
			fmt.Println(err)
			return
		}
		for _, e := range page.Events {
			fmt.Println(e.Seq, e.Action, e.TargetID)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	_, err := log.Search(context.Background(), audit.Query{Cursor: "forged"})
	fmt.Println(err)
	// Output:
	// 1 video.shared v-0
	// 3 video.shared v-2
	// 5 video.shared v-4
	// audit.Search: the search is not valid: cursor: is not a cursor this search returned
}
