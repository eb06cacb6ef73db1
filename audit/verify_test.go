package audit_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/carenet-go/carenet/audit"
)

// TestVerifyLog_FindsTheFirstBreak tampers with a stored chain in every
// way an attacker with write access could, the store's record of the end
// left as it was, and checks the break is reported at its sequence number.
func TestVerifyLog_FindsTheFirstBreak(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(s *memStore)
		want   int64
	}{
		{"altered", func(s *memStore) { s.events[40].Action = "personnel.delete" }, 41},
		{"removed in the middle", func(s *memStore) { s.events = slices.Delete(s.events, 40, 41) }, 41},
		{"inserted", func(s *memStore) {
			e := audit.Seal(sampleEvent(999), s.events[39].Head())
			s.events = slices.Insert(s.events, 40, e)
		}, 41},
		{"reordered", func(s *memStore) { s.events[40], s.events[41] = s.events[41], s.events[40] }, 41},
		{"last events removed, the record of the end left", func(s *memStore) { s.events = s.events[:45] }, 46},
		{"an event added past the record of the end", func(s *memStore) {
			s.events = append(s.events, audit.Seal(sampleEvent(50), s.events[49].Head()))
		}, 51},
		{"the tail re-sealed, the record of the end left", func(s *memStore) {
			s.events[30].TargetID = "p-forged"
			reseal(s.events, 30)
		}, 50},
		{"record of the end rewritten to a forged hash", func(s *memStore) { s.head.Hash = s.events[10].Hash }, 50},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t, 50)
			tt.tamper(s)
			rep, err := audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{PageSize: 9})
			chainErr(t, err, tt.want)
			if rep.Head.Seq > tt.want {
				t.Errorf("Report.Head = %d, past the break at %d", rep.Head.Seq, tt.want)
			}
		})
	}
}

// TestVerifyLog_TruncatedLogNoLongerPasses is the case of a log whose last
// events were deleted while the store's head still names event 18:
// verification without an anchor fails at event 16.
func TestVerifyLog_TruncatedLogNoLongerPasses(t *testing.T) {
	s := newStore(t, 18)
	s.events = s.events[:15]
	head, n, err := audit.NewService(s).Verify(context.Background(), audit.Head{})
	chainErr(t, err, 16)
	if head.Seq != 15 || n != 15 {
		t.Errorf("Verify = %d, %d; want the chain verified to 15", head.Seq, n)
	}
}

func TestVerifyLog_UnsealedPastTheBoundIsAFinding(t *testing.T) {
	s := newStore(t, 5)
	s.unsealed, s.waited = 3, 2*time.Second
	rep, err := audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{})
	chainErr(t, err, 6)
	if rep.Unsealed != 3 || rep.OldestUnsealed != 2*time.Second {
		t.Errorf("Report = %+v, want the waiting events", rep)
	}
	s.waited = audit.SealBound / 2
	if _, err := audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{}); err != nil {
		t.Errorf("events waiting within the bound: %v", err)
	}
}

func TestVerifyLog_Resume(t *testing.T) {
	s := newStore(t, 30)
	from := s.events[19].Head()
	rep, err := audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{From: from})
	if err != nil || rep.Checked != 10 || rep.Head != s.events[29].Head() || rep.From != from {
		t.Fatalf("VerifyLog(From 20) = %+v, %v; want 10 events checked to 30", rep, err)
	}
	// The event resumed from was rewritten since.
	s.events[19].ActorID = "u-mallory"
	reseal(s.events, 19)
	s.head = s.events[29].Head()
	_, err = audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{From: from})
	chainErr(t, err, 20)
	// The event resumed from is gone.
	s = newStore(t, 30)
	s.events = s.events[:10]
	s.head = s.events[9].Head()
	_, err = audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{From: from})
	chainErr(t, err, 20)
}

func TestVerifyLog_ReadsOnePageAtATime(t *testing.T) {
	s := newStore(t, 2500)
	var calls []audit.Progress
	rep, err := audit.NewService(s).VerifyLog(context.Background(), audit.VerifyOptions{PageSize: 100, Progress: func(p audit.Progress) {
		calls = append(calls, p)
	}})
	if err != nil || rep.Checked != 2500 {
		t.Fatalf("VerifyLog = %+v, %v", rep, err)
	}
	// 25 pages and the empty one that ends the walk.
	if got := s.lists.Load(); got != 26 {
		t.Errorf("List called %d times, want 26 pages of 100", got)
	}
	if len(calls) != 25 || calls[24].Checked != 2500 || calls[0].Target != 2500 || calls[0].Head.Seq != 100 {
		t.Errorf("progress calls = %d, last %+v", len(calls), calls[len(calls)-1])
	}
}
