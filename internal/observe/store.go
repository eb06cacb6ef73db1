package observe

import (
	"context"

	"github.com/carenet-go/carenet"
)

// Store wraps st so each transaction is an operation of h's observer
// ("pkg.store.Update", "pkg.store.View") and the audit events recorded in
// it are reported once it commits. On nil Hooks it returns st itself.
func Store[T any](h *Hooks, pkg string, st carenet.Transactor[T]) carenet.Transactor[T] {
	if h == nil || st == nil {
		return st
	}
	return &store[T]{h: h, inner: st, update: pkg + ".store.Update", view: pkg + ".store.View"}
}

type store[T any] struct {
	h            *Hooks
	inner        carenet.Transactor[T]
	update, view string
}

func (s *store[T]) Update(ctx context.Context, fn func(tx T) error) error {
	return s.run(ctx, s.update, s.inner.Update, fn)
}

func (s *store[T]) View(ctx context.Context, fn func(tx T) error) error {
	return s.run(ctx, s.view, s.inner.View, fn)
}

func (s *store[T]) run(ctx context.Context, op string, do func(context.Context, func(T) error) error, fn func(T) error) error {
	tctx, end := s.h.obs.Start(ctx, op)
	sc := scopeOf(ctx)
	if sc == nil {
		err := do(tctx, fn)
		end(err)
		return err
	}
	mark := sc.begin()
	err := do(tctx, func(tx T) error {
		sc.rewind(mark)
		return fn(tx)
	})
	end(err)
	s.h.report(ctx, sc.end(mark, err == nil))
	return err
}
