package carenettest

import (
	"errors"
	"sync"
)

// Race runs call(0) to call(n-1) at once, each in a goroutine of its own,
// none starting its call before every goroutine is launched, and returns
// their errors, in order, once every call has returned: for a test of what
// concurrent callers of one service may do.
func Race(n int, call func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			errs[i] = call(i)
		})
	}
	close(start)
	wg.Wait()
	return errs
}

// RequireOneWon fails t unless exactly one of errs, the errors of calls
// that raced (see Race), is nil and every other one is want (errors.Is):
// a change that only one of several concurrent callers may make.
func RequireOneWon(t TB, errs []error, want error) {
	t.Helper()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, want):
			t.Fatalf("carenettest: a call that raced failed with %v, want %v", err, want)
			return
		}
	}
	if won != 1 {
		t.Fatalf("carenettest: %d of %d calls that raced succeeded, want exactly one: %v", won, len(errs), errs)
	}
}
