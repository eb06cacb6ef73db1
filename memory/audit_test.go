package memory_test

import (
	"testing"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/storetest"
)

// tamperable is the memory store with the suite's attacker.
type tamperable struct{ *memory.Store }

var _ storetest.AuditTamperer = tamperable{}

func (s tamperable) TruncateAudit(_ *testing.T, keep int64) {
	memory.TamperAudit(s.Store, func(ev []audit.Event) []audit.Event { return ev[:keep] }, nil)
}

func (s tamperable) AlterAudit(_ *testing.T, seq int64, targetID string) {
	memory.TamperAudit(s.Store, func(ev []audit.Event) []audit.Event {
		ev[seq-1].TargetID = targetID
		return ev
	}, nil)
}

func (s tamperable) SetAuditHead(_ *testing.T, h audit.Head) { memory.TamperAudit(s.Store, nil, &h) }

var _ storetest.Neighbors = tamperable{}

// Neighbor returns a second memory store: memory stores share nothing, and
// the suite checks that what one holds is not found in the other.
func (tamperable) Neighbor(t *testing.T) storetest.Store { return tamperable{memory.New()} }
