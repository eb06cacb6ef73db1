package carenet_test

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/carenet-go/carenet"
)

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestRandomIDs_Format(t *testing.T) {
	for range 1000 {
		id := carenet.RandomIDs.NewID()
		if !uuidV4.MatchString(id) {
			t.Fatalf("NewID() = %q, not a lowercase version-4 UUID", id)
		}
		b, err := hex.DecodeString(strings.ReplaceAll(id, "-", ""))
		if err != nil || len(b) != 16 {
			t.Fatalf("NewID() = %q does not decode to 16 bytes: %v", id, err)
		}
		if v := b[6] >> 4; v != 4 {
			t.Fatalf("NewID() = %q has version %d, want 4", id, v)
		}
		if variant := b[8] >> 6; variant != 0b10 {
			t.Fatalf("NewID() = %q has variant bits %02b, want 10", id, variant)
		}
	}
}

func TestRandomIDs_Unique(t *testing.T) {
	const n = 10000
	seen := make(map[string]bool, n)
	for range n {
		id := carenet.RandomIDs.NewID()
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestRandomIDs_Concurrent(t *testing.T) {
	const workers, each = 16, 500
	ids := make(chan string, workers*each)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for range each {
				ids <- carenet.RandomIDs.NewID()
			}
		})
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool, workers*each)
	for id := range ids {
		if seen[id] {
			t.Fatalf("NewID() repeated %q", id)
		}
		seen[id] = true
	}
}

func TestSequentialIDs(t *testing.T) {
	tests := []struct {
		name   string
		prefix string
		want   []string
	}{
		{"prefix", "case", []string{"case-000001", "case-000002", "case-000003"}},
		{"empty prefix", "", []string{"-000001", "-000002"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids := carenet.SequentialIDs(tt.prefix)
			for i, want := range tt.want {
				if got := ids.NewID(); got != want {
					t.Errorf("NewID() #%d = %q, want %q", i+1, got, want)
				}
			}
		})
	}
}

func TestSequentialIDs_Independent(t *testing.T) {
	a, b := carenet.SequentialIDs("a"), carenet.SequentialIDs("a")
	a.NewID()
	a.NewID()
	if got := b.NewID(); got != "a-000001" {
		t.Errorf("second generator started at %q, want a-000001", got)
	}
	if got := a.NewID(); got != "a-000003" {
		t.Errorf("first generator continued at %q, want a-000003", got)
	}
}

func TestSequentialIDs_BeyondSixDigits(t *testing.T) {
	ids := carenet.SequentialIDs("x")
	var last string
	for range 1000001 {
		last = ids.NewID()
	}
	if last != "x-1000001" {
		t.Errorf("NewID() #1000001 = %q, want x-1000001", last)
	}
}

func TestSequentialIDs_Concurrent(t *testing.T) {
	const workers, each = 32, 300
	gen := carenet.SequentialIDs("ev")
	var (
		mu   sync.Mutex
		seen = make(map[string]bool, workers*each)
		wg   sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			local := make([]string, 0, each)
			for range each {
				local = append(local, gen.NewID())
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range local {
				if seen[id] {
					t.Errorf("NewID() repeated %q", id)
				}
				seen[id] = true
			}
		})
	}
	wg.Wait()
	for i := 1; i <= workers*each; i++ {
		if id := fmt.Sprintf("ev-%06d", i); !seen[id] {
			t.Fatalf("%q was never issued; the sequence has a gap", id)
		}
	}
}

func TestIDFunc(t *testing.T) {
	var g carenet.IDGenerator = carenet.IDFunc(func() string { return "fixed" })
	if got := g.NewID(); got != "fixed" {
		t.Errorf("NewID() = %q, want fixed", got)
	}
}
