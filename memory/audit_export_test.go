package memory

import (
	"slices"

	"github.com/carenet-go/carenet/audit"
)

// TamperAudit lets the external tests play an attacker with write access
// to the store's memory: edit changes the events, head the record of the
// end (nil leaves it). It publishes a new state, as a commit does, over a
// copy of the events: a reader of the old state sees the old events.
func TamperAudit(s *Store, edit func([]audit.Event) []audit.Event, head *audit.Head) {
	s.mu.Lock()
	defer s.mu.Unlock()
	next := *s.cur.Load()
	if edit != nil {
		next.events = edit(slices.Clone(next.events))
	}
	if head != nil {
		next.auditHead = *head
	}
	s.cur.Store(&next)
}
