package storetest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/csvsafe"
)

// AuditTamperer lets the suite play an attacker with write access to a
// store's storage, who changes the audit log behind the store's back. A
// store's test harness implements it beside Store (the memory store's
// tests through its internals, the PostgreSQL store's with triggers
// switched off); without it the suite skips the cases that need it.
type AuditTamperer interface {
	// TruncateAudit deletes the sealed events after keep and leaves the
	// record of the end of the chain as it is.
	TruncateAudit(t *testing.T, keep int64)
	// AlterAudit sets the target ID of the sealed event seq.
	AlterAudit(t *testing.T, seq int64, targetID string)
	// SetAuditHead overwrites the record of the end of the chain.
	SetAuditHead(t *testing.T, h audit.Head)
}

// appendN appends n events in transactions of at most 10, numbered from
// first, and seals them.
func appendN(t *testing.T, s Store, first, n int) {
	t.Helper()
	for i := 0; i < n; {
		update(t, s.Audit(), func(tx audit.Tx) error {
			for j := 0; j < 10 && i+j < n; j++ {
				k := first + i + j
				e := event(fmt.Sprintf("e-%04d", k), fmt.Sprintf("p-%d", k%3), audit.Action(fmt.Sprintf("test.kind%d", k%4)),
					"person", fmt.Sprintf("p-%d", k%5), time.Duration(k)*time.Second)
				e.Details = map[string]string{"k": fmt.Sprint(k)}
				if _, err := tx.Audit().Append(ctx, e); err != nil {
					return err
				}
			}
			return nil
		})
		i += 10
	}
	sealLog(t, s)
}

// chainBreak asserts err is a broken chain first found at seq.
func chainBreak(t *testing.T, err error, seq int64) {
	t.Helper()
	require.Error(t, err)
	requireCode(t, err, carenet.Internal)
	var ce *audit.ChainError
	require.ErrorAs(t, err, &ce)
	require.Equal(t, seq, ce.Seq, "%v", ce)
}

// testKey is the suite's checkpoint signing key.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func testAuditSealedWithoutBeingAsked(t *testing.T, s Store) {
	update(t, s.Audit(), func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, event("e-1", "p-1", "test.one", "person", "p-1", 0))
		return err
	})
	// No one calls Seal: the store seals at commit or in the background.
	// The deadline is far past audit.SealBound so a loaded machine does
	// not fail the test; it proves that sealing happens, not how fast.
	deadline := time.Now().Add(30 * time.Second)
	for {
		got := viewValue(t, s.Audit(), func(tx audit.Tx) ([]audit.Event, error) {
			return tx.Audit().List(ctx, audit.Filter{})
		})
		if len(got) == 1 {
			require.Equal(t, "e-1", got[0].ID)
			break
		}
		require.True(t, time.Now().Before(deadline), "a committed event was never sealed")
		time.Sleep(time.Millisecond)
	}
	rep, err := audit.NewService(s.Audit()).VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, int64(1), rep.Checked)
	require.Equal(t, int64(0), rep.Unsealed)
}

func testAuditStateRecordsTheEnd(t *testing.T, s Store) {
	svc := audit.NewService(s.Audit())
	st, err := svc.State(ctx)
	require.NoError(t, err)
	require.Equal(t, audit.State{}, st, "an empty log")
	appendN(t, s, 1, 3)
	rolledBack(t, s.Audit(), func(tx audit.Tx) error {
		_, err := tx.Audit().Append(ctx, event("e-lost", "p-1", "test.lost", "person", "p-1", 0))
		return err
	})
	sealLog(t, s)
	events := listEvents(t, s)
	require.Len(t, events, 3)
	st, err = svc.State(ctx)
	require.NoError(t, err)
	require.Equal(t, events[2].Head(), st.Head)
	require.Equal(t, int64(0), st.Unsealed)
}

func testAuditVerifyDetectsTampering(t *testing.T, s Store) {
	tam, ok := s.(AuditTamperer)
	if !ok {
		t.Skip("the store's harness is no AuditTamperer")
	}
	appendN(t, s, 1, 30)
	svc := audit.NewService(s.Audit())
	rep, err := svc.VerifyLog(ctx, audit.VerifyOptions{PageSize: 7})
	require.NoError(t, err)
	require.Equal(t, int64(30), rep.Checked)
	require.Equal(t, rep.Head, rep.Recorded)

	// An altered event is found where it is.
	events := listEvents(t, s)
	tam.AlterAudit(t, 12, "p-forged")
	rep, err = svc.VerifyLog(ctx, audit.VerifyOptions{PageSize: 7})
	chainBreak(t, err, 12)
	require.Equal(t, int64(11), rep.Head.Seq)
	tam.AlterAudit(t, 12, events[11].TargetID)
	_, err = svc.VerifyLog(ctx, audit.VerifyOptions{PageSize: 7})
	require.NoError(t, err)

	// The last events deleted, the record of the end left naming event
	// 30: the chain verifies up to 25 and then fails.
	tam.TruncateAudit(t, 25)
	rep, err = svc.VerifyLog(ctx, audit.VerifyOptions{PageSize: 7})
	chainBreak(t, err, 26)
	require.Equal(t, int64(25), rep.Checked)
	require.Equal(t, int64(30), rep.Recorded.Seq)

	// An event added past the record of the end is found too.
	tam.SetAuditHead(t, events[19].Head())
	_, err = svc.VerifyLog(ctx, audit.VerifyOptions{})
	chainBreak(t, err, 21)

	// The record rewritten as well: only a checkpoint kept elsewhere
	// tells (CheckpointDetectsRewrittenLog).
	tam.SetAuditHead(t, events[24].Head())
	_, err = svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
}

func testAuditCheckpointDetectsRewrittenLog(t *testing.T, s Store) {
	appendN(t, s, 1, 20)
	svc := audit.NewService(s.Audit())
	pub := testKey.Public().(ed25519.PublicKey)
	cp, rep, err := svc.Checkpoint(ctx, testKey, audit.VerifyOptions{})
	require.NoError(t, err)
	require.Equal(t, int64(20), cp.Seq)
	require.Equal(t, rep.Head, cp.Head())
	text, err := cp.MarshalText()
	require.NoError(t, err)
	parsed, err := audit.ParseCheckpoint(text)
	require.NoError(t, err)
	requireEqual(t, cp, parsed)

	appendN(t, s, 21, 5)
	rep, err = audit.VerifyAgainst(ctx, svc, parsed, pub)
	require.NoError(t, err)
	require.Equal(t, int64(25), rep.Head.Seq)
	require.Equal(t, int64(25), rep.Checked)
	rep, err = svc.VerifyCheckpoint(ctx, parsed, pub, audit.VerifyOptions{From: parsed.Head()})
	require.NoError(t, err)
	require.Equal(t, int64(5), rep.Checked, "resumed at the checkpoint")

	// Signed with another key.
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{8}, ed25519.SeedSize))
	_, err = audit.VerifyAgainst(ctx, svc, audit.SignCheckpoint(cp.Head(), cp.Time, other), pub)
	requireCode(t, err, carenet.Invalid)
	require.ErrorIs(t, err, audit.ErrCheckpointSignature)
	// A checkpoint for an event the log does not reach.
	_, err = audit.VerifyAgainst(ctx, svc, audit.SignCheckpoint(audit.Head{Seq: 40, Hash: cp.Hash}, cp.Time, testKey), pub)
	chainBreak(t, err, 26)

	tam, ok := s.(AuditTamperer)
	if !ok {
		return
	}
	// Truncated below the checkpoint and the record of the end rewritten
	// to match: the store verifies on its own, the checkpoint does not.
	events := listEvents(t, s)
	tam.TruncateAudit(t, 15)
	tam.SetAuditHead(t, events[14].Head())
	_, err = svc.VerifyLog(ctx, audit.VerifyOptions{})
	require.NoError(t, err)
	_, err = audit.VerifyAgainst(ctx, svc, parsed, pub)
	chainBreak(t, err, 16)
	_, err = svc.VerifyCheckpoint(ctx, parsed, pub, audit.VerifyOptions{From: parsed.Head()})
	chainBreak(t, err, 20)
}

func testAuditSearchFiltersAndPages(t *testing.T, s Store) {
	appendN(t, s, 1, 45)
	svc := audit.NewService(s.Audit())
	all := listEvents(t, s)
	q := audit.Query{Actions: []audit.Action{"test.kind1", "test.kind2"}, Since: at(5 * time.Second), Until: at(40 * time.Second), Limit: 4}
	var want []string
	for _, e := range all {
		if (e.Action == "test.kind1" || e.Action == "test.kind2") && !e.At.Before(q.Since) && e.At.Before(q.Until) {
			want = append(want, e.ID)
		}
	}
	require.NotEmpty(t, want)
	var got []string
	pages := 0
	for {
		p, err := svc.Search(ctx, q)
		require.NoError(t, err)
		for _, e := range p.Events {
			got = append(got, e.ID)
		}
		pages++
		if p.Next == "" {
			break
		}
		require.Len(t, p.Events, 4)
		q.Cursor = p.Next
	}
	require.Equal(t, want, got)
	require.Greater(t, pages, 2)

	byActor, err := svc.Search(ctx, audit.Query{ActorID: "p-1", TargetType: "person", TargetID: "p-2", Limit: 1000})
	require.NoError(t, err)
	for _, e := range byActor.Events {
		require.Equal(t, "p-1", e.ActorID)
		require.Equal(t, "p-2", e.TargetID)
	}
	require.NotEmpty(t, byActor.Events)
	require.Empty(t, byActor.Next)

	first, err := svc.Search(ctx, audit.Query{Limit: 2})
	require.NoError(t, err)
	for _, tc := range []struct {
		q     audit.Query
		field string
		rule  string
	}{
		{audit.Query{Cursor: "not-a-cursor"}, "cursor", carenet.RuleFormat},
		{audit.Query{Cursor: first.Next + "x"}, "cursor", carenet.RuleFormat},
		{audit.Query{Cursor: first.Next, ActorID: "p-1", Limit: 2}, "cursor", carenet.RuleFormat},
		{audit.Query{Since: at(time.Hour), Until: at(0)}, "until", carenet.RuleOrder},
		{audit.Query{Limit: -1}, "limit", carenet.RuleRange},
		{audit.Query{Limit: audit.DefaultLimit + 1}, "limit", carenet.RuleRange},
		{audit.Query{Actions: []audit.Action{"test.kind1", " "}}, "actions[1]", carenet.RuleRequired},
	} {
		_, err := svc.Search(ctx, tc.q)
		requireCode(t, err, carenet.Invalid)
		require.True(t, carenet.Validation(err).Has(tc.field, tc.rule), "%+v: %v", tc.q, err)
	}
	next, err := svc.Search(ctx, audit.Query{Cursor: first.Next, Limit: 2})
	require.NoError(t, err)
	require.Equal(t, all[2].ID, next.Events[0].ID, "the cursor of one search continues it")
}

func testAuditExportVerifiesOffline(t *testing.T, s Store) {
	hostile := []string{"=HYPERLINK(\"http://x\")", "+1", "-1", "@SUM(A1)", " \n=cmd|' /C calc'!A0", "＝1+1", "'=quoted", "\t=tab"}
	update(t, s.Audit(), func(tx audit.Tx) error {
		for i, h := range hostile {
			e := event(fmt.Sprintf("e-%d", i+1), h, audit.Action("test.export"), "person", h, time.Duration(i)*time.Second)
			e.Details = map[string]string{"reason": h, h: "key"}
			if _, err := tx.Audit().Append(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	appendN(t, s, 100, 5)
	// Each export would be in the next one (see testAuditExportIsARead).
	svc := audit.NewService(s.Audit(), audit.LogReads(audit.NoReads))
	pub := testKey.Public().(ed25519.PublicKey)
	cp, _, err := svc.Checkpoint(ctx, testKey, audit.VerifyOptions{})
	require.NoError(t, err)
	n := int64(len(hostile) + 5)

	for _, format := range []audit.Format{audit.CSV, audit.JSONLines} {
		var buf bytes.Buffer
		sum, err := svc.Export(ctx, &buf, format, audit.Query{})
		require.NoError(t, err)
		require.Equal(t, n, sum.Events)
		require.Equal(t, cp.Head(), sum.Last)
		if format == audit.CSV {
			records, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
			require.NoError(t, err)
			require.Len(t, records, int(n)+1)
			for _, rec := range records {
				for _, cell := range rec {
					require.False(t, csvsafe.Formula(cell), "a spreadsheet would evaluate %q", cell)
				}
			}
		}
		rep, err := audit.VerifyExport(bytes.NewReader(buf.Bytes()), format, &cp, pub)
		require.NoError(t, err, format)
		require.True(t, rep.Complete)
		require.Equal(t, n, rep.Rows)

		// One cell changed in the file.
		forged := strings.Replace(buf.String(), "p-0", "p-9", 1)
		_, err = audit.VerifyExport(strings.NewReader(forged), format, &cp, pub)
		requireCode(t, err, carenet.Internal)
		var ce *audit.ChainError
		require.ErrorAs(t, err, &ce, format)

		// A filtered export checks row by row but cannot vouch for a
		// checkpoint.
		buf.Reset()
		_, err = svc.Export(ctx, &buf, format, audit.Query{Actions: []audit.Action{"test.kind1"}})
		require.NoError(t, err)
		rep, err = audit.VerifyExport(bytes.NewReader(buf.Bytes()), format, nil, nil)
		require.NoError(t, err)
		require.False(t, rep.Complete)
		_, err = audit.VerifyExport(bytes.NewReader(buf.Bytes()), format, &cp, pub)
		requireCode(t, err, carenet.Internal)
	}
	_, err = svc.Export(ctx, &bytes.Buffer{}, "xlsx", audit.Query{})
	require.True(t, carenet.Validation(err).Has("format", carenet.RuleOneOf), "%v", err)
}

// testAuditFeedAcrossRestart follows the log while writers commit and roll
// back, stops the follower mid-way as a crash would (after delivering a
// batch, before storing its cursor) and starts it again from the stored
// cursor: every committed event is delivered, in order, and no rolled-back
// one.
func testAuditFeedAcrossRestart(t *testing.T, s Store) {
	const writers, perWriter = 4, 25
	svc := audit.NewService(s.Audit())
	var (
		mu        sync.Mutex
		cursor    int64
		delivered []audit.Event
	)
	follow := func(ctx context.Context, crashAfter int) error {
		batches := 0
		return svc.Follow(ctx, cursor, audit.FeedOptions{Poll: time.Millisecond, BatchSize: 7}, func(_ context.Context, b audit.Batch) error {
			mu.Lock()
			defer mu.Unlock()
			delivered = append(delivered, b.Events...)
			batches++
			if batches == crashAfter {
				return errCrash // delivered, cursor not stored
			}
			cursor = b.Cursor
			return nil
		})
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range perWriter {
				id := fmt.Sprintf("c-%d-%02d", w, i)
				if err := s.Audit().Update(ctx, func(tx audit.Tx) error {
					_, err := tx.Audit().Append(ctx, event(id, "p-1", "test.feed", "worker", fmt.Sprint(w), 0))
					return err
				}); err != nil {
					t.Errorf("append %s: %v", id, err)
					return
				}
				_ = s.Audit().Update(ctx, func(tx audit.Tx) error {
					if _, err := tx.Audit().Append(ctx, event("x-"+id, "p-1", "test.feed", "worker", fmt.Sprint(w), 0)); err != nil {
						return err
					}
					return errRollback
				})
			}
		})
	}
	// The first follower crashes after its third batch.
	err := follow(ctx, 3)
	require.ErrorIs(t, err, errCrash)
	wg.Wait()
	sealLog(t, s)
	st, err := svc.State(ctx)
	require.NoError(t, err)
	require.Equal(t, int64(writers*perWriter), st.Head.Seq)

	// The second starts from the stored cursor and stops once it has
	// caught up with the head.
	c, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- follow(c, -1) }()
	for {
		mu.Lock()
		caught := cursor == st.Head.Seq
		mu.Unlock()
		if caught {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("the follower stopped: %v", err)
		case <-time.After(time.Millisecond):
		}
	}
	cancel()
	requireCode(t, <-done, carenet.Canceled)

	seen := map[string]bool{}
	var last int64
	for _, e := range delivered {
		require.False(t, strings.HasPrefix(e.ID, "x-"), "a rolled-back event was delivered: %s", e.ID)
		if seen[e.ID] {
			continue // at least once: the crashed batch comes again
		}
		require.Greater(t, e.Seq, last, "events out of order")
		last = e.Seq
		seen[e.ID] = true
	}
	require.Len(t, seen, writers*perWriter, "a committed event was missed")
	require.Greater(t, len(delivered), len(seen), "the batch delivered before the crash was not delivered again")
}

var errCrash = errors.New("storetest: the follower crashed")
