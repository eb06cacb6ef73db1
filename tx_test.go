package carenet_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/carenet-go/carenet"
)

// counter is a one-value store: its transaction handle is a pointer to a
// copy of the value, kept when the transaction commits. The first
// conflicts attempts of each Update fail as a serialization failure would
// after fn returns, so the store runs fn again.
type counter struct {
	value     int
	conflicts int
	attempts  int
}

func (c *counter) Update(_ context.Context, fn func(tx *int) error) error {
	for left := c.conflicts; ; left-- {
		c.attempts++
		v := c.value
		if err := fn(&v); err != nil {
			return err
		}
		if left > 0 {
			continue // undone: run fn again on the stored value
		}
		c.value = v
		return nil
	}
}

func (c *counter) View(_ context.Context, fn func(tx *int) error) error {
	v := c.value
	return fn(&v)
}

var _ carenet.Transactor[*int] = (*counter)(nil)

// TestUpdateReturnsTheCommittedAttempt proves a retried Update returns the
// value of the attempt that committed, not one of an attempt undone.
func TestUpdateReturnsTheCommittedAttempt(t *testing.T) {
	st := &counter{value: 10, conflicts: 2}
	n := 0
	got, err := carenet.Update(context.Background(), carenet.Transactor[*int](st), func(tx *int) (string, error) {
		n++
		*tx += 5
		return fmt.Sprintf("attempt %d saw %d", n, *tx), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st.attempts != 3 || n != 3 {
		t.Fatalf("attempts = %d, fn runs = %d, want 3 and 3", st.attempts, n)
	}
	if got != "attempt 3 saw 15" {
		t.Fatalf("Update returned %q, want the last attempt's %q", got, "attempt 3 saw 15")
	}
	if st.value != 15 {
		t.Fatalf("stored %d, want 15 (one committed write)", st.value)
	}
}

// TestUpdateReturnsZeroOnError proves that when the last attempt fails,
// Update returns the zero value, not the value of an earlier attempt that
// returned one before being undone, nor the failing attempt's.
func TestUpdateReturnsZeroOnError(t *testing.T) {
	st := &counter{value: 1, conflicts: 1}
	boom := errors.New("boom")
	n := 0
	got, err := carenet.Update(context.Background(), carenet.Transactor[*int](st), func(tx *int) (*int, error) {
		n++
		*tx = 99
		if n == 2 {
			return tx, boom
		}
		return tx, nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want boom", err)
	}
	if got != nil {
		t.Fatalf("Update returned %v with an error, want nil", *got)
	}
	if st.value != 1 {
		t.Fatalf("stored %d, want 1 (nothing committed)", st.value)
	}
}

// TestUpdateRefusalCommits proves a Refusal commits the function's writes,
// returns the refusal's error unwrapped and the zero value, and that a
// refusal of an undone attempt does not outlive the attempt.
func TestUpdateRefusalCommits(t *testing.T) {
	refused := errors.New("refused")
	st := &counter{value: 0, conflicts: 1}
	got, err := carenet.Update(context.Background(), carenet.Transactor[*int](st), func(tx *int) (int, error) {
		*tx++
		return *tx, carenet.Refusal(refused)
	})
	if err != refused || got != 0 {
		t.Fatalf("Update = %d, %v; want 0, the refusal itself", got, err)
	}
	if st.value != 1 {
		t.Fatalf("stored %d, want 1 (the refusal's write committed)", st.value)
	}

	// A first attempt refuses, the retry goes through: no refusal left.
	st = &counter{value: 0, conflicts: 1}
	n := 0
	got, err = carenet.Update(context.Background(), carenet.Transactor[*int](st), func(tx *int) (int, error) {
		n++
		*tx += 10
		if n == 1 {
			return 0, carenet.Refusal(refused)
		}
		return *tx, nil
	})
	if err != nil || got != 10 {
		t.Fatalf("Update = %d, %v; want 10, nil (the committed attempt's)", got, err)
	}
	if carenet.Refusal(nil) != nil {
		t.Fatal("Refusal(nil) is not nil")
	}
}

// TestViewDoesNotLeakOnError proves View returns the zero value when the
// function fails, even though the function built a value before failing.
func TestViewDoesNotLeakOnError(t *testing.T) {
	st := &counter{value: 7}
	boom := errors.New("boom")
	got, err := carenet.View(context.Background(), carenet.Transactor[*int](st), func(tx *int) ([]int, error) {
		return []int{*tx}, boom
	})
	if !errors.Is(err, boom) || got != nil {
		t.Fatalf("View = %v, %v; want nil, boom", got, err)
	}
	got, err = carenet.View(context.Background(), carenet.Transactor[*int](st), func(tx *int) ([]int, error) {
		return []int{*tx}, carenet.Refusal(boom)
	})
	if err != boom || got != nil {
		t.Fatalf("View with a refusal = %v, %v; want nil, boom itself", got, err)
	}
	got, err = carenet.View(context.Background(), carenet.Transactor[*int](st), func(tx *int) ([]int, error) {
		return []int{*tx}, nil
	})
	if err != nil || len(got) != 1 || got[0] != 7 {
		t.Fatalf("View = %v, %v; want [7], nil", got, err)
	}
}

// ExampleUpdate shows a value computed in a transaction returned from it:
// the store below undoes the first attempt, and the value returned is the
// one of the attempt that committed.
func ExampleUpdate() {
	st := &counter{value: 41, conflicts: 1}
	attempt := 0
	msg, err := carenet.Update(context.Background(), carenet.Transactor[*int](st), func(tx *int) (string, error) {
		attempt++
		*tx++
		return fmt.Sprintf("attempt %d stored %d", attempt, *tx), nil
	})
	fmt.Println(msg, err)

	total, err := carenet.View(context.Background(), carenet.Transactor[*int](st), func(tx *int) (int, error) {
		return *tx, nil
	})
	fmt.Println(total, err)
	// Output:
	// attempt 2 stored 42 <nil>
	// 42 <nil>
}
