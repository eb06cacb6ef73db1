package memory

import "github.com/carenet-go/carenet/audit"

// TamperAudit lets the external tests play an attacker with write access
// to the store's memory: edit changes the events, head the record of the
// end (nil leaves it).
func TamperAudit(s *Store, edit func([]audit.Event) []audit.Event, head *audit.Head) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if edit != nil {
		s.st.events = edit(s.st.events)
	}
	if head != nil {
		s.st.auditHead = *head
	}
}
