package audit_test

import (
	"errors"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/carenet-go/carenet/audit"
)

var hexSHA256 = regexp.MustCompile(`^[0-9a-f]{64}$`)

func baseEvent() audit.Event {
	return audit.Event{
		ID:         "ev-1",
		At:         time.Date(2025, 4, 1, 8, 0, 0, 123456000, time.UTC),
		ActorID:    "u-ann",
		Action:     "personnel.deactivate",
		TargetType: audit.TargetPerson,
		TargetID:   "p-7",
		Details:    map[string]string{"reason": "left the agency", "before": "active", "after": "inactive"},
	}
}

var prevHead = audit.Head{Seq: 41, Hash: strings.Repeat("ab", 32)}

func TestSeal(t *testing.T) {
	t.Run("first event", func(t *testing.T) {
		e := audit.Seal(baseEvent(), audit.Head{})
		if e.Seq != 1 || e.PrevHash != "" {
			t.Errorf("Seq, PrevHash = %d, %q; want 1, empty", e.Seq, e.PrevHash)
		}
		if !hexSHA256.MatchString(e.Hash) {
			t.Errorf("Hash = %q, want 64 lowercase hex digits", e.Hash)
		}
	})
	t.Run("after a head", func(t *testing.T) {
		e := audit.Seal(baseEvent(), prevHead)
		if e.Seq != 42 || e.PrevHash != prevHead.Hash {
			t.Errorf("Seq, PrevHash = %d, %q; want 42, %q", e.Seq, e.PrevHash, prevHead.Hash)
		}
		if got := e.Head(); got != (audit.Head{Seq: 42, Hash: e.Hash}) {
			t.Errorf("Head() = %+v", got)
		}
	})
	t.Run("keeps the other fields", func(t *testing.T) {
		in := baseEvent()
		e := audit.Seal(in, prevHead)
		e.Seq, e.PrevHash, e.Hash = 0, "", ""
		in.Seq, in.PrevHash, in.Hash = 0, "", ""
		if !e.At.Equal(in.At) || e.ID != in.ID || e.ActorID != in.ActorID || e.Action != in.Action ||
			e.TargetType != in.TargetType || e.TargetID != in.TargetID || !maps.Equal(e.Details, in.Details) {
			t.Errorf("Seal changed the event: got %+v, want %+v", e, in)
		}
	})
	t.Run("deterministic", func(t *testing.T) {
		if a, b := audit.Seal(baseEvent(), prevHead), audit.Seal(baseEvent(), prevHead); a.Hash != b.Hash {
			t.Errorf("two seals of the same event differ: %s, %s", a.Hash, b.Hash)
		}
	})
	t.Run("ignores incoming Seq, PrevHash and Hash", func(t *testing.T) {
		in := baseEvent()
		in.Seq, in.PrevHash, in.Hash = 99, "forged", "forged"
		if got, want := audit.Seal(in, prevHead), audit.Seal(baseEvent(), prevHead); got.Hash != want.Hash || got.Seq != want.Seq || got.PrevHash != want.PrevHash {
			t.Errorf("Seal used stale fields: got %+v, want %+v", got, want)
		}
	})
}

func TestSeal_HashCoversEveryField(t *testing.T) {
	base := audit.Seal(baseEvent(), prevHead).Hash
	tests := []struct {
		name   string
		change func(e *audit.Event, prev *audit.Head)
	}{
		{"ID", func(e *audit.Event, _ *audit.Head) { e.ID = "ev-2" }},
		{"At by a microsecond", func(e *audit.Event, _ *audit.Head) { e.At = e.At.Add(time.Microsecond) }},
		{"At by a year", func(e *audit.Event, _ *audit.Head) { e.At = e.At.AddDate(1, 0, 0) }},
		{"ActorID", func(e *audit.Event, _ *audit.Head) { e.ActorID = "u-bob" }},
		{"ActorID emptied", func(e *audit.Event, _ *audit.Head) { e.ActorID = "" }},
		{"Action", func(e *audit.Event, _ *audit.Head) { e.Action = "personnel.reactivate" }},
		{"TargetType", func(e *audit.Event, _ *audit.Head) { e.TargetType = "account" }},
		{"TargetID", func(e *audit.Event, _ *audit.Head) { e.TargetID = "p-8" }},
		{"detail key", func(e *audit.Event, _ *audit.Head) {
			e.Details["why"] = e.Details["reason"]
			delete(e.Details, "reason")
		}},
		{"detail value", func(e *audit.Event, _ *audit.Head) { e.Details["after"] = "active" }},
		{"detail added", func(e *audit.Event, _ *audit.Head) { e.Details["note"] = "" }},
		{"detail removed", func(e *audit.Event, _ *audit.Head) { delete(e.Details, "before") }},
		{"details emptied", func(e *audit.Event, _ *audit.Head) { e.Details = nil }},
		{"PrevHash", func(_ *audit.Event, prev *audit.Head) { prev.Hash = strings.Repeat("cd", 32) }},
		{"PrevHash emptied", func(_ *audit.Event, prev *audit.Head) { prev.Hash = "" }},
		{"Seq", func(_ *audit.Event, prev *audit.Head) { prev.Seq++ }},
	}
	seen := map[string]string{base: "base"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, prev := baseEvent(), prevHead
			tt.change(&e, &prev)
			got := audit.Seal(e, prev).Hash
			if other, dup := seen[got]; dup {
				t.Errorf("hash after changing %s equals the hash of %s", tt.name, other)
			}
			seen[got] = tt.name
		})
	}
}

func TestSeal_DetailsOrderIndependent(t *testing.T) {
	keys := make([]string, 50)
	for i := range keys {
		keys[i] = string(rune('a'+i%26)) + strings.Repeat("k", i/26)
	}
	forward, backward := map[string]string{}, map[string]string{}
	for _, k := range keys {
		forward[k] = "v-" + k
	}
	for _, k := range slices.Backward(keys) {
		backward[k] = "v-" + k
	}
	e1, e2 := baseEvent(), baseEvent()
	e1.Details, e2.Details = forward, backward
	want := audit.Seal(e1, prevHead).Hash
	for range 20 {
		if got := audit.Seal(e2, prevHead).Hash; got != want {
			t.Fatalf("hash depends on map order: %s != %s", got, want)
		}
	}
}

func TestSeal_NilAndEmptyDetailsHashAlike(t *testing.T) {
	a, b := baseEvent(), baseEvent()
	a.Details, b.Details = nil, map[string]string{}
	if audit.Seal(a, prevHead).Hash != audit.Seal(b, prevHead).Hash {
		t.Error("a store that reads empty details back as nil would fail verification")
	}
}

func TestSeal_FieldBoundaries(t *testing.T) {
	tests := []struct {
		name string
		a, b func(e *audit.Event)
	}{
		{"ActorID and Action",
			func(e *audit.Event) { e.ActorID, e.Action = "ab", "c" },
			func(e *audit.Event) { e.ActorID, e.Action = "a", "bc" }},
		{"ID and ActorID",
			func(e *audit.Event) { e.ID, e.ActorID = "ev-1u", "x" },
			func(e *audit.Event) { e.ID, e.ActorID = "ev-1", "ux" }},
		{"TargetType and TargetID",
			func(e *audit.Event) { e.TargetType, e.TargetID = "person", "1" },
			func(e *audit.Event) { e.TargetType, e.TargetID = "person1", "" }},
		{"detail key and value",
			func(e *audit.Event) { e.Details = map[string]string{"ab": "c"} },
			func(e *audit.Event) { e.Details = map[string]string{"a": "bc"} }},
		{"one detail or two",
			func(e *audit.Event) { e.Details = map[string]string{"a": "b", "c": "d"} },
			func(e *audit.Event) { e.Details = map[string]string{"a": "bcd"} }},
		{"empty detail or none",
			func(e *audit.Event) { e.Details = map[string]string{"": ""} },
			func(e *audit.Event) { e.Details = nil }},
		{"last detail and TargetID",
			func(e *audit.Event) { e.TargetID, e.Details = "p", map[string]string{"k": "v"} },
			func(e *audit.Event) { e.TargetID, e.Details = "pk", map[string]string{"": "v"} }},
		{"separator characters in a value",
			func(e *audit.Event) { e.ActorID, e.Action = "a\x00b", "" },
			func(e *audit.Event) { e.ActorID, e.Action = "a", "\x00b" }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := baseEvent(), baseEvent()
			tt.a(&a)
			tt.b(&b)
			if audit.Seal(a, prevHead).Hash == audit.Seal(b, prevHead).Hash {
				t.Errorf("%+v and %+v hash alike", a, b)
			}
		})
	}
}

func TestSeal_Time(t *testing.T) {
	utc := time.Date(2025, 4, 1, 8, 0, 0, 123456000, time.UTC)
	want := audit.Seal(audit.Event{ID: "e", At: utc}, audit.Head{})
	tests := []struct {
		name string
		at   time.Time
	}{
		{"same", utc},
		{"nanoseconds", utc.Add(789 * time.Nanosecond)},
		{"other zone", utc.In(time.FixedZone("EST", -5*60*60))},
		{"other zone and nanoseconds", utc.Add(999 * time.Nanosecond).In(time.FixedZone("IST", 5*60*60+30*60))},
		{"local with monotonic reading", utc.Local()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := audit.Seal(audit.Event{ID: "e", At: tt.at}, audit.Head{})
			if got.Hash != want.Hash {
				t.Errorf("hash differs for %v", tt.at)
			}
			if got.At != utc {
				t.Errorf("At = %v (%v), want %v UTC", got.At, got.At.Location(), utc)
			}
		})
	}
}

func TestVerify_GoodChain(t *testing.T) {
	for _, n := range []int{0, 1, 2, 100} {
		t.Run(fmt.Sprintf("%d events", n), func(t *testing.T) {
			events := chain(n)
			head, err := audit.Verify(events)
			if err != nil {
				t.Fatalf("Verify: %v", err)
			}
			var want audit.Head
			if n > 0 {
				want = events[n-1].Head()
			}
			if head != want || head.Seq != int64(n) {
				t.Errorf("head = %+v, want %+v", head, want)
			}

			var v audit.Verifier
			for _, e := range events {
				if err := v.Next(e); err != nil {
					t.Fatalf("Next(%d): %v", e.Seq, err)
				}
			}
			if v.Count() != int64(n) || v.Head() != want {
				t.Errorf("Count, Head = %d, %+v; want %d, %+v", v.Count(), v.Head(), n, want)
			}
		})
	}
}

func TestVerify_ReadBackInOtherZone(t *testing.T) {
	events := chain(3)
	for i := range events {
		events[i].At = events[i].At.In(time.FixedZone("PST", -8*60*60))
	}
	if _, err := audit.Verify(events); err != nil {
		t.Errorf("Verify of times read back in another zone: %v", err)
	}
}

func TestVerify_DetectsTampering(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(events []audit.Event) []audit.Event
		wantSeq  int64 // where the break is reported
		wantHead int64 // the last event accepted before it
	}{
		{"altered detail", func(ev []audit.Event) []audit.Event {
			ev[41].Details = map[string]string{"n": "tampered"}
			return ev
		}, 42, 41},
		{"added detail", func(ev []audit.Event) []audit.Event {
			ev[41].Details = maps.Clone(ev[41].Details)
			ev[41].Details["x"] = "y"
			return ev
		}, 42, 41},
		{"altered time", func(ev []audit.Event) []audit.Event {
			ev[9].At = ev[9].At.Add(-time.Hour)
			return ev
		}, 10, 9},
		{"altered actor", func(ev []audit.Event) []audit.Event {
			ev[0].ActorID = "u-mallory"
			return ev
		}, 1, 0},
		{"altered action of the last event", func(ev []audit.Event) []audit.Event {
			ev[99].Action = "auth.login"
			return ev
		}, 100, 99},
		{"altered hash", func(ev []audit.Event) []audit.Event {
			ev[59].Hash = strings.Repeat("0", 64)
			return ev
		}, 60, 59},
		{"altered event re-hashed in place", func(ev []audit.Event) []audit.Event {
			ev[59].TargetID = "p-forged"
			ev[59] = audit.Seal(ev[59], ev[58].Head())
			return ev
		}, 61, 60},
		{"removed middle event", func(ev []audit.Event) []audit.Event {
			return slices.Delete(ev, 49, 50)
		}, 50, 49},
		{"removed first event", func(ev []audit.Event) []audit.Event {
			return ev[1:]
		}, 1, 0},
		{"removed middle event, tail renumbered", func(ev []audit.Event) []audit.Event {
			ev = slices.Delete(ev, 49, 50)
			for i := 49; i < len(ev); i++ {
				ev[i].Seq--
			}
			return ev
		}, 50, 49},
		{"inserted forged event", func(ev []audit.Event) []audit.Event {
			forged := audit.Event{ID: "forged", At: ev[49].At, Action: "auth.grant", Hash: strings.Repeat("f", 64), PrevHash: ev[48].Hash, Seq: 50}
			return slices.Insert(ev, 49, forged)
		}, 50, 49},
		{"inserted forged event sealed by the attacker", func(ev []audit.Event) []audit.Event {
			forged := audit.Seal(audit.Event{ID: "forged", At: ev[49].At, Action: "auth.grant"}, ev[48].Head())
			return slices.Insert(ev, 49, forged)
		}, 50, 50},
		{"inserted sealed forged event, tail renumbered", func(ev []audit.Event) []audit.Event {
			forged := audit.Seal(audit.Event{ID: "forged", At: ev[49].At, Action: "auth.grant"}, ev[48].Head())
			ev = slices.Insert(ev, 49, forged)
			for i := 50; i < len(ev); i++ {
				ev[i].Seq++
			}
			return ev
		}, 51, 50},
		{"inserted sealed forged event, tail renumbered and relinked", func(ev []audit.Event) []audit.Event {
			forged := audit.Seal(audit.Event{ID: "forged", At: ev[49].At, Action: "auth.grant"}, ev[48].Head())
			ev = slices.Insert(ev, 49, forged)
			for i := 50; i < len(ev); i++ {
				ev[i].Seq++
			}
			ev[50].PrevHash = forged.Hash
			return ev
		}, 51, 50},
		{"swapped order", func(ev []audit.Event) []audit.Event {
			ev[29], ev[30] = ev[30], ev[29]
			return ev
		}, 30, 29},
		{"swapped content, sequence numbers kept", func(ev []audit.Event) []audit.Event {
			ev[29], ev[30] = ev[30], ev[29]
			ev[29].Seq, ev[30].Seq = 30, 31
			return ev
		}, 30, 29},
		{"duplicated event", func(ev []audit.Event) []audit.Event {
			return slices.Insert(ev, 20, ev[19])
		}, 20, 20},
		{"duplicated last event", func(ev []audit.Event) []audit.Event {
			return append(ev, ev[99])
		}, 100, 100},
		{"event sealed after the head with an earlier sequence number", func(ev []audit.Event) []audit.Event {
			forged := audit.Seal(audit.Event{ID: "forged", Action: "auth.grant"}, audit.Head{Seq: 49, Hash: ev[99].Hash})
			return append(ev, forged)
		}, 50, 100},
		{"first event with a PrevHash", func(ev []audit.Event) []audit.Event {
			ev[0].PrevHash = strings.Repeat("a", 64)
			return ev
		}, 1, 0},
		{"sequence starting at zero", func(ev []audit.Event) []audit.Event {
			ev[0].Seq = 0
			return ev
		}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			events := tt.tamper(chain(100))
			head, err := audit.Verify(events)
			var ce *audit.ChainError
			if !errors.As(err, &ce) {
				t.Fatalf("Verify err = %v, want a *ChainError", err)
			}
			if ce.Seq != tt.wantSeq {
				t.Errorf("ChainError.Seq = %d, want %d (%v)", ce.Seq, tt.wantSeq, ce)
			}
			if head.Seq != tt.wantHead {
				t.Errorf("head.Seq = %d, want %d", head.Seq, tt.wantHead)
			}
			if ce.Reason == "" {
				t.Error("ChainError.Reason is empty")
			}
		})
	}
}

func TestVerify_ResealedTailNeedsAnAnchor(t *testing.T) {
	original := chain(100)
	events := slices.Clone(original)
	events[59].Details = map[string]string{"n": "rewritten"}
	reseal(events, 59)

	head, err := audit.Verify(events)
	if err != nil {
		t.Fatalf("a fully re-sealed chain is self-consistent; Verify: %v", err)
	}
	if head.Seq != 100 || head == original[99].Head() {
		t.Errorf("head = %+v; want seq 100 with a hash other than the original head's", head)
	}
}

func TestVerify_TruncatedTailNeedsAnAnchor(t *testing.T) {
	events := chain(100)
	head, err := audit.Verify(events[:70])
	if err != nil || head != events[69].Head() {
		t.Errorf("Verify(truncated) = %+v, %v; want the head of event 70", head, err)
	}
}

func TestVerifier_StopsAtTheBreak(t *testing.T) {
	events := chain(10)
	var v audit.Verifier
	for _, e := range events[:4] {
		if err := v.Next(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Next(events[5]); err == nil {
		t.Fatal("Next accepted a gap")
	}
	if v.Head() != events[3].Head() || v.Count() != 4 {
		t.Errorf("after a failed Next: Head, Count = %+v, %d; want event 4, 4", v.Head(), v.Count())
	}
	if err := v.Next(events[4]); err != nil {
		t.Errorf("Next(the right event) after a failure: %v", err)
	}
}

func TestResume(t *testing.T) {
	events := chain(100)
	first, err := audit.Verify(events[:40])
	if err != nil {
		t.Fatal(err)
	}

	t.Run("continues from a head", func(t *testing.T) {
		v := audit.Resume(first)
		for _, e := range events[40:] {
			if err := v.Next(e); err != nil {
				t.Fatalf("Next(%d): %v", e.Seq, err)
			}
		}
		if v.Count() != 60 || v.Head() != events[99].Head() {
			t.Errorf("Count, Head = %d, %+v; want 60, %+v", v.Count(), v.Head(), events[99].Head())
		}
	})
	t.Run("zero head is the start", func(t *testing.T) {
		v := audit.Resume(audit.Head{})
		if err := v.Next(events[0]); err != nil {
			t.Errorf("Next(first): %v", err)
		}
	})
	tests := []struct {
		name    string
		head    audit.Head
		next    audit.Event
		wantSeq int64
	}{
		{"head with another hash", audit.Head{Seq: 40, Hash: events[0].Hash}, events[40], 41},
		{"event already verified", first, events[39], 40},
		{"event after a gap", first, events[41], 41},
		{"chain that was re-sealed since", first, func() audit.Event {
			ev := slices.Clone(events)
			ev[10].ActorID = "u-mallory"
			reseal(ev, 10)
			return ev[40]
		}(), 41},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := audit.Resume(tt.head).Next(tt.next)
			var ce *audit.ChainError
			if !errors.As(err, &ce) || ce.Seq != tt.wantSeq {
				t.Errorf("Next = %v, want a *ChainError at %d", err, tt.wantSeq)
			}
		})
	}
}

func TestChainError_Error(t *testing.T) {
	err := &audit.ChainError{Seq: 42, Reason: "its content does not match its hash"}
	if got, want := err.Error(), "audit chain broken at event 42: its content does not match its hash"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
