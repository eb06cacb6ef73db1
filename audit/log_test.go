package audit_test

import (
	"context"
	"errors"
	"maps"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

func TestService_Verify(t *testing.T) {
	tests := []struct {
		name      string
		events    int
		wantLists int64
	}{
		// Reading stops at the first empty page.
		{"empty log", 0, 1},
		{"one event", 1, 2},
		{"one short page", audit.DefaultLimit - 1, 2},
		{"exactly one page", audit.DefaultLimit, 2},
		{"one page and one event", audit.DefaultLimit + 1, 3},
		{"several pages", 2500, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t, tt.events)
			head, n, err := audit.NewService(store).Verify(context.Background(), audit.Head{})
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			var want audit.Head
			if tt.events > 0 {
				want = store.events[tt.events-1].Head()
			}
			if head != want || n != int64(tt.events) {
				t.Errorf("Verify = %+v, %d; want %+v, %d", head, n, want, tt.events)
			}
			if got := store.lists.Load(); got != tt.wantLists {
				t.Errorf("List called %d times, want %d", got, tt.wantLists)
			}
		})
	}
}

func TestService_VerifyBrokenChain(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(ev []audit.Event) []audit.Event
		wantSeq  int64
		wantHead int64
	}{
		{"altered on the first page", func(ev []audit.Event) []audit.Event {
			ev[10].TargetID = "p-forged"
			return ev
		}, 11, 10},
		{"altered on the last page", func(ev []audit.Event) []audit.Event {
			ev[2400].Details = map[string]string{"n": "forged"}
			return ev
		}, 2401, 2400},
		{"removed at a page boundary", func(ev []audit.Event) []audit.Event {
			return slices.Delete(ev, audit.DefaultLimit, audit.DefaultLimit+1)
		}, audit.DefaultLimit + 1, audit.DefaultLimit},
		{"removed first event", func(ev []audit.Event) []audit.Event {
			return ev[1:]
		}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t, 2500)
			store.events = tt.tamper(store.events)
			head, n, err := audit.NewService(store).Verify(context.Background(), audit.Head{})
			chainErr(t, err, tt.wantSeq)
			if head.Seq != tt.wantHead || n != tt.wantHead {
				t.Errorf("head.Seq, count = %d, %d; want %d, %d", head.Seq, n, tt.wantHead, tt.wantHead)
			}
		})
	}
}

func TestService_VerifyAnchor(t *testing.T) {
	t.Run("anchors that match", func(t *testing.T) {
		store := newStore(t, 2500)
		svc := audit.NewService(store)
		for _, i := range []int{0, 999, 1000, 1200, 2499} {
			anchor := store.events[i].Head()
			head, n, err := svc.Verify(context.Background(), anchor)
			if err != nil || n != 2500 || head != store.events[2499].Head() {
				t.Errorf("Verify(anchor %d) = %+v, %d, %v; want the head of 2500", anchor.Seq, head, n, err)
			}
		}
	})

	t.Run("anchor taken before the log grew", func(t *testing.T) {
		store := newStore(t, 1200)
		anchor := store.events[1199].Head()
		appendEvents(t, store, 1200, 1300)
		head, n, err := audit.NewService(store).Verify(context.Background(), anchor)
		if err != nil || n != 1300 || head.Seq != 1300 {
			t.Errorf("Verify = %+v, %d, %v; want 1300 events and no error", head, n, err)
		}
	})

	t.Run("re-sealed tail differs from the anchor", func(t *testing.T) {
		store := newStore(t, 2500)
		anchor := store.events[1499].Head()
		store.events[700].ActorID = "u-mallory"
		reseal(store.events, 700)
		store.head = store.events[2499].Head() // and the record of the end
		svc := audit.NewService(store)

		if _, _, err := svc.Verify(context.Background(), audit.Head{}); err != nil {
			t.Fatalf("without an anchor a re-sealed chain verifies; Verify: %v", err)
		}
		head, n, err := svc.Verify(context.Background(), anchor)
		chainErr(t, err, 1500)
		if head.Seq != 1500 || n != 1500 {
			t.Errorf("head.Seq, count = %d, %d; want 1500, 1500", head.Seq, n)
		}
	})

	t.Run("anchor with a forged hash", func(t *testing.T) {
		store := newStore(t, 10)
		anchor := audit.Head{Seq: 5, Hash: store.events[3].Hash}
		_, _, err := audit.NewService(store).Verify(context.Background(), anchor)
		chainErr(t, err, 5)
	})

	t.Run("truncated and extended past the anchor", func(t *testing.T) {
		store := newStore(t, 2500)
		anchor := store.events[2499].Head()
		store.events = store.events[:2000]
		err := store.Update(context.Background(), func(tx audit.Tx) error {
			for i := range 600 {
				e := sampleEvent(i)
				e.ID = "replacement"
				if _, err := tx.Audit().Append(context.Background(), e); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = audit.NewService(store).Verify(context.Background(), anchor)
		chainErr(t, err, 2500)
	})

	truncated := []struct {
		name     string
		keep     int
		anchorAt int
	}{
		{"chain truncated before the anchor", 2000, 2500},
		{"chain truncated at a page boundary", audit.DefaultLimit, audit.DefaultLimit + 1},
		{"chain truncated to nothing", 0, 1},
	}
	for _, tt := range truncated {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t, tt.anchorAt)
			anchor := store.events[tt.anchorAt-1].Head()
			store.events = store.events[:tt.keep]
			head, n, err := audit.NewService(store).Verify(context.Background(), anchor)
			chainErr(t, err, int64(tt.keep)+1)
			if head.Seq != int64(tt.keep) || n != int64(tt.keep) {
				t.Errorf("head.Seq, count = %d, %d; want %d", head.Seq, n, tt.keep)
			}
		})
	}
}

func TestService_VerifyStoreError(t *testing.T) {
	foreign := errors.New(`pq: password authentication failed for user "x"`)
	tests := []struct {
		name     string
		err      error
		failOn   int64
		wantCode carenet.Code
		wantSeq  int64
	}{
		{"foreign error on the first page", foreign, 1, carenet.Internal, 0},
		{"coded error on the first page", carenet.Errorf(carenet.Forbidden, "no"), 1, carenet.Forbidden, 0},
		{"error on the third page", foreign, 3, carenet.Internal, 2000},
		{"cancellation", carenet.E("store", carenet.Canceled, "", context.Canceled), 2, carenet.Canceled, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := newStore(t, 2500)
			store.listErr, store.failOnList = tt.err, tt.failOn
			head, n, err := audit.NewService(store).Verify(context.Background(), audit.Head{})
			if !errors.Is(err, tt.err) {
				t.Fatalf("Verify err = %v, want the store's error", err)
			}
			if got := carenet.ErrorCode(err); got != tt.wantCode {
				t.Errorf("ErrorCode = %q, want %q", got, tt.wantCode)
			}
			var ce *audit.ChainError
			if errors.As(err, &ce) {
				t.Errorf("a store error is reported as a broken chain: %v", ce)
			}
			if head.Seq != tt.wantSeq || n != tt.wantSeq {
				t.Errorf("head.Seq, count = %d, %d; want %d", head.Seq, n, tt.wantSeq)
			}
		})
	}
}

func TestService_VerifyCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := audit.NewService(newStore(t, 5)).Verify(ctx, audit.Head{})
	if got := carenet.ErrorCode(err); got != carenet.Canceled {
		t.Errorf("ErrorCode = %q, want %q", got, carenet.Canceled)
	}
}

func seqs(events []audit.Event) []int64 {
	out := make([]int64, len(events))
	for i, e := range events {
		out[i] = e.Seq
	}
	return out
}

func seqRange(from, to int64) []int64 {
	var out []int64
	for s := from; s <= to; s++ {
		out = append(out, s)
	}
	return out
}

func TestService_List(t *testing.T) {
	store := newStore(t, 2500)
	svc := audit.NewService(store)
	// sampleEvent(i) has Seq i+1, ActorID actors[i%3], TargetType kinds[i%3]
	// and TargetID "t-<i%5>".
	tests := []struct {
		name string
		f    audit.Filter
		want []int64
	}{
		{"default limit", audit.Filter{}, seqRange(1, audit.DefaultLimit)},
		{"second page", audit.Filter{AfterSeq: audit.DefaultLimit}, seqRange(audit.DefaultLimit+1, 2*audit.DefaultLimit)},
		{"last page", audit.Filter{AfterSeq: 2000}, seqRange(2001, 2500)},
		{"after the end", audit.Filter{AfterSeq: 2500}, nil},
		{"limit", audit.Filter{AfterSeq: 10, Limit: 5}, seqRange(11, 15)},
		{"limit above default", audit.Filter{Limit: 2500}, seqRange(1, 2500)},
		{"actor", audit.Filter{ActorID: "u-bob", Limit: 4}, []int64{2, 5, 8, 11}},
		{"target type", audit.Filter{TargetType: audit.TargetAccount, AfterSeq: 100, Limit: 3}, []int64{102, 105, 108}},
		{"target id", audit.Filter{TargetID: "t-0", Limit: 3}, []int64{1, 6, 11}},
		{"target type and id", audit.Filter{TargetType: audit.TargetPerson, TargetID: "t-0", Limit: 3}, []int64{1, 16, 31}},
		{"actor, type and id", audit.Filter{ActorID: "u-ann", TargetType: audit.TargetPerson, TargetID: "t-3", Limit: 2}, []int64{4, 19}},
		{"no match", audit.Filter{ActorID: "u-nobody"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := svc.List(context.Background(), tt.f)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if !slices.Equal(seqs(got), tt.want) {
				t.Errorf("List(%+v) seqs = %v, want %v", tt.f, seqs(got), tt.want)
			}
			for _, e := range got {
				if !tt.f.Matches(e) {
					t.Errorf("List returned an event the filter does not match: %+v", e)
				}
			}
		})
	}
}

func TestService_ListPagesThroughTheLog(t *testing.T) {
	store := newStore(t, 2500)
	svc := audit.NewService(store)
	var all []audit.Event
	var after int64
	for {
		page, err := svc.List(context.Background(), audit.Filter{AfterSeq: after})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = page[len(page)-1].Seq
	}
	if !slices.Equal(seqs(all), seqRange(1, 2500)) {
		t.Errorf("paging returned %d events, want 1..2500", len(all))
	}
	if _, err := audit.Verify(all); err != nil {
		t.Errorf("the paged events do not verify: %v", err)
	}
}

func TestService_ListStoreError(t *testing.T) {
	store := newStore(t, 3)
	store.listErr = carenet.Errorf(carenet.Forbidden, "no")
	got, err := audit.NewService(store).List(context.Background(), audit.Filter{})
	if !errors.Is(err, store.listErr) || carenet.ErrorCode(err) != carenet.Forbidden {
		t.Errorf("List err = %v, want the store's error", err)
	}
	if got != nil {
		t.Errorf("List returned events with an error: %v", got)
	}
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRecorder_Record(t *testing.T) {
	start := time.Date(2025, 4, 1, 9, 0, 0, 123456789, time.FixedZone("CET", 60*60))
	clock := carenet.NewManualClock(start)
	rec := audit.Recorder{Clock: clock, IDs: carenet.SequentialIDs("ev")}
	store := &memStore{}
	details := map[string]string{"reason": "left the agency"}

	var got []audit.Event
	err := store.Update(context.Background(), func(tx audit.Tx) error {
		e, err := rec.Record(context.Background(), tx.Audit(), audit.Event{ActorID: "u-ann", Action: "personnel.deactivate", TargetType: audit.TargetPerson, TargetID: "p-7", Details: details})
		if err != nil {
			return err
		}
		got = append(got, e)
		clock.Advance(time.Minute)
		e, err = rec.Record(context.Background(), tx.Audit(), audit.Event{Action: "auth.sweep", TargetType: audit.TargetSession})
		got = append(got, e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	want := []audit.Event{
		{Seq: 1, ID: "ev-000001", At: time.Date(2025, 4, 1, 8, 0, 0, 123456000, time.UTC), ActorID: "u-ann",
			Action: "personnel.deactivate", TargetType: audit.TargetPerson, TargetID: "p-7", Details: details},
		{Seq: 2, ID: "ev-000002", At: time.Date(2025, 4, 1, 8, 1, 0, 123456000, time.UTC),
			Action: "auth.sweep", TargetType: audit.TargetSession},
	}
	for i := range want {
		want[i].Hash, want[i].PrevHash = got[i].Hash, got[i].PrevHash
		if !equalEvents(got[i], want[i]) {
			t.Errorf("event %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
	if got[1].PrevHash != got[0].Hash {
		t.Error("the second event does not follow the first")
	}
	if !slices.EqualFunc(got, store.events, equalEvents) {
		t.Errorf("Record returned %+v, the store holds %+v", got, store.events)
	}
	if _, err := audit.Verify(store.events); err != nil {
		t.Errorf("recorded events do not verify: %v", err)
	}
}

func TestRecorder_RecordDefaults(t *testing.T) {
	store := &memStore{}
	before := time.Now().Add(-time.Microsecond)
	var e audit.Event
	err := store.Update(context.Background(), func(tx audit.Tx) error {
		var err error
		e, err = audit.Recorder{}.Record(context.Background(), tx.Audit(), audit.Event{ActorID: "u-ann", Action: "auth.login", TargetType: audit.TargetAccount, TargetID: "a-1"})
		return err
	})
	after := time.Now()
	if err != nil {
		t.Fatal(err)
	}
	if !uuidV4.MatchString(e.ID) {
		t.Errorf("ID = %q, want a random UUID", e.ID)
	}
	if e.At.Location() != time.UTC || e.At.Nanosecond()%1000 != 0 || e.At.Before(before) || e.At.After(after) {
		t.Errorf("At = %v, want the current UTC time to the microsecond", e.At)
	}
}

// failingRepo is a Repository whose Append fails.
type failingRepo struct{ err error }

func (r failingRepo) Append(context.Context, audit.Event) (audit.Event, error) {
	return audit.Event{}, r.err
}

func (r failingRepo) List(context.Context, audit.Filter) ([]audit.Event, error) { return nil, r.err }

func TestRecorder_RecordAppendError(t *testing.T) {
	want := carenet.Errorf(carenet.Conflict, "the chain moved")
	_, err := audit.Recorder{}.Record(context.Background(), failingRepo{want}, audit.Event{ActorID: "u", Action: "a.b", TargetType: "t", TargetID: "1"})
	if !errors.Is(err, want) || carenet.ErrorCode(err) != carenet.Conflict {
		t.Errorf("Record err = %v, want the repository's error", err)
	}
}

func TestFilter_Matches(t *testing.T) {
	e := audit.Event{Seq: 7, ActorID: "u-ann", TargetType: audit.TargetPerson, TargetID: "p-1"}
	system := audit.Event{Seq: 8, TargetType: audit.TargetSession, TargetID: "s-1"}
	tests := []struct {
		name  string
		f     audit.Filter
		event audit.Event
		want  bool
	}{
		{"zero filter", audit.Filter{}, e, true},
		{"zero filter, system event", audit.Filter{}, system, true},
		{"actor", audit.Filter{ActorID: "u-ann"}, e, true},
		{"other actor", audit.Filter{ActorID: "u-bob"}, e, false},
		{"actor is exact", audit.Filter{ActorID: "u-an"}, e, false},
		{"actor is case-sensitive", audit.Filter{ActorID: "U-ANN"}, e, false},
		{"actor on a system event", audit.Filter{ActorID: "u-ann"}, system, false},
		{"target type", audit.Filter{TargetType: audit.TargetPerson}, e, true},
		{"other target type", audit.Filter{TargetType: "case"}, e, false},
		{"target id", audit.Filter{TargetID: "p-1"}, e, true},
		{"other target id", audit.Filter{TargetID: "p-2"}, e, false},
		{"all fields", audit.Filter{ActorID: "u-ann", TargetType: audit.TargetPerson, TargetID: "p-1"}, e, true},
		{"all fields, one wrong", audit.Filter{ActorID: "u-ann", TargetType: audit.TargetPerson, TargetID: "p-2"}, e, false},
		{"type right, id of another type", audit.Filter{TargetType: audit.TargetSession, TargetID: "p-1"}, e, false},
		{"AfterSeq ignored", audit.Filter{AfterSeq: 100}, e, true},
		{"Limit ignored", audit.Filter{Limit: 1}, e, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f.Matches(tt.event); got != tt.want {
				t.Errorf("%+v.Matches(%+v) = %v, want %v", tt.f, tt.event, got, tt.want)
			}
		})
	}
}

func equalEvents(a, b audit.Event) bool {
	return a.Seq == b.Seq && a.ID == b.ID && a.At.Equal(b.At) && a.At.Location() == b.At.Location() &&
		a.ActorID == b.ActorID && a.Action == b.Action && a.TargetType == b.TargetType &&
		a.TargetID == b.TargetID && maps.Equal(a.Details, b.Details) &&
		a.PrevHash == b.PrevHash && a.Hash == b.Hash
}

func TestRecorder_RecordInAppendsInATransactionOfItsOwn(t *testing.T) {
	store := newStore(t, 2)
	rec := audit.Recorder{Clock: carenet.NewManualClock(t0), IDs: carenet.SequentialIDs("read")}
	if _, err := rec.RecordIn(context.Background(), store, audit.Event{ActorID: "u-ann", Action: "video.info_viewed", TargetType: audit.TargetVideo, TargetID: "v-1"}); err != nil {
		t.Fatal(err)
	}
	events, err := audit.NewService(store).List(context.Background(), audit.Filter{AfterSeq: 2})
	if err != nil || len(events) != 1 || events[0].Action != "video.info_viewed" || events[0].ActorID != "u-ann" {
		t.Fatalf("after RecordIn: %+v, %v", events, err)
	}
}
