package testkit

import (
	"context"
	"errors"
	"testing"

	"github.com/carenet-go/carenet/audit"
)

type countingLog struct{ appends, lists int }

func (c *countingLog) Append(_ context.Context, e audit.Event) (audit.Event, error) {
	c.appends++
	return e, nil
}

func (c *countingLog) List(context.Context, audit.Filter) ([]audit.Event, error) {
	c.lists++
	return nil, nil
}

func TestFailingAuditRefusesAppendsOnlyWhileOn(t *testing.T) {
	ctx := context.Background()
	down := errors.New("down")
	inner := &countingLog{}
	f := &FailingAudit{Err: down}
	r := f.Wrap(inner)

	if _, err := r.Append(ctx, audit.Event{ID: "a"}); err != nil || inner.appends != 1 {
		t.Fatalf("off: Append = %v, %d appends; want it passed through", err, inner.appends)
	}
	f.Fail(true)
	if _, err := r.Append(ctx, audit.Event{ID: "b"}); !errors.Is(err, down) || inner.appends != 1 {
		t.Fatalf("on: Append = %v, %d appends; want Err and nothing appended", err, inner.appends)
	}
	if _, err := r.List(ctx, audit.Filter{}); err != nil || inner.lists != 1 {
		t.Fatalf("on: List = %v, %d lists; want it passed through", err, inner.lists)
	}
	f.Fail(false)
	if _, err := r.Append(ctx, audit.Event{ID: "c"}); err != nil || inner.appends != 2 {
		t.Fatalf("off again: Append = %v, %d appends; want it passed through", err, inner.appends)
	}
}

type fakeTransactor struct{}

func (fakeTransactor) Update(_ context.Context, fn func(string) error) error { return fn("update") }
func (fakeTransactor) View(_ context.Context, fn func(string) error) error   { return fn("view") }

func TestWrapTxWrapsUpdateAndView(t *testing.T) {
	ctx := context.Background()
	s := WrapTx[string](fakeTransactor{}, func(tx string) string { return "wrapped " + tx })
	var got []string
	record := func(tx string) error { got = append(got, tx); return nil }
	if err := s.Update(ctx, record); err != nil {
		t.Fatal(err)
	}
	if err := s.View(ctx, record); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "wrapped update" || got[1] != "wrapped view" {
		t.Fatalf("transactions seen = %q; want both wrapped", got)
	}
}
