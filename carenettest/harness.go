package carenettest

import (
	"fmt"
	"sync"
)

// Harness is a TB for code that is not a test: a runnable example, or a
// program that seeds a demonstration. Fatalf and Errorf panic with the
// message, FailNow with a fixed one: outside a test there is nothing to
// report a failure to later. Close runs the clean-ups registered, last
// first.
type Harness struct {
	mu       sync.Mutex
	cleanups []func()
}

// Helper does nothing: there are no test frames to hide.
func (*Harness) Helper() {}

// Fatalf panics with the formatted message.
func (*Harness) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// Errorf panics with the formatted message, as Fatalf does.
func (*Harness) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }

// FailNow panics.
func (*Harness) FailNow() { panic("carenettest: the harness failed") }

// Cleanup registers f to run at Close.
func (h *Harness) Cleanup(f func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cleanups = append(h.cleanups, f)
}

// Close runs the clean-ups, last registered first, and forgets them.
func (h *Harness) Close() {
	h.mu.Lock()
	fs := h.cleanups
	h.cleanups = nil
	h.mu.Unlock()
	for i := len(fs) - 1; i >= 0; i-- {
		fs[i]()
	}
}
