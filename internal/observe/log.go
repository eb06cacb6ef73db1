package observe

import (
	"context"
	"log/slog"
	"slices"
	"strings"

	"github.com/carenet-go/carenet"
)

// logObserver logs to a *slog.Logger: each audited outcome at Info
// (message "carenet: audited"); each failed service call ("carenet: call
// failed") at a level by its code (Error for internal, the store's
// failures; Info for forbidden and unauthenticated, a refusal the caller
// may be probing with; Debug for the rest). A failure's message is logged
// only for internal errors, whose cause is the store's; other errors can
// quote what a caller typed, so only their code is.
type logObserver struct{ log *slog.Logger }

func (l logObserver) Start(ctx context.Context, op string) (context.Context, func(error)) {
	if strings.Contains(op, ".store.") {
		// A failed transaction fails its call, which logs it once.
		return ctx, func(error) {}
	}
	return ctx, func(err error) {
		if err == nil {
			return
		}
		code := carenet.ErrorCode(err)
		attrs := []slog.Attr{slog.String("op", op), slog.String("code", string(code))}
		level := slog.LevelDebug
		switch code {
		case carenet.Internal:
			level = slog.LevelError
			attrs = append(attrs, slog.String("error", err.Error()))
		case carenet.Forbidden, carenet.Unauthenticated, carenet.ReauthenticationRequired, carenet.SecondFactorEnrolmentRequired:
			level = slog.LevelInfo
		}
		l.log.LogAttrs(ctx, level, "carenet: call failed", attrs...)
	}
}

func (l logObserver) Outcome(ctx context.Context, o carenet.Outcome) {
	attrs := []slog.Attr{
		slog.String("action", o.Action),
		slog.String("actor", o.ActorID),
		slog.String("target_type", o.TargetType),
		slog.String("target_id", o.TargetID),
	}
	if len(o.Details) > 0 {
		keys := make([]string, 0, len(o.Details))
		for k := range o.Details {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		d := make([]any, len(keys))
		for i, k := range keys {
			d[i] = slog.String(k, o.Details[k])
		}
		attrs = append(attrs, slog.Group("details", d...))
	}
	l.log.LogAttrs(ctx, slog.LevelInfo, "carenet: audited", attrs...)
}
