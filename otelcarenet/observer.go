package otelcarenet

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// ScopeName is the instrumentation scope of the tracer and meter.
const ScopeName = "github.com/carenet-go/carenet"

// CodeKey is the span attribute holding a failed operation's error code.
const CodeKey = attribute.Key("carenet.error.code")

// Observer is a carenet.Observer that reports to OpenTelemetry.
type Observer struct {
	tracer        trace.Tracer
	logins        metric.Int64Counter
	deactivations metric.Int64Counter
	shares        metric.Int64Counter
	ticketUses    metric.Int64Counter
}

var _ carenet.Observer = (*Observer)(nil)

// New returns an Observer whose spans go to tp and counters to mp. It
// fails only if mp refuses to create a counter.
func New(tp trace.TracerProvider, mp metric.MeterProvider) (*Observer, error) {
	m := mp.Meter(ScopeName)
	o := &Observer{tracer: tp.Tracer(ScopeName)}
	var err error
	for _, c := range []struct {
		dst        *metric.Int64Counter
		name, desc string
	}{
		{&o.logins, "carenet.logins", "Login attempts, by outcome: succeeded, failed, locked, refused."},
		{&o.deactivations, "carenet.deactivations", "Personnel profiles deactivated."},
		{&o.shares, "carenet.shares", "Videos shared with portal users, by mode."},
		{&o.ticketUses, "carenet.ticket_uses", "Video access tickets accepted, by action."},
	} {
		if *c.dst, err = m.Int64Counter(c.name, metric.WithDescription(c.desc), metric.WithUnit("{event}")); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// Start starts a span named op, a child of ctx's span; end sets its
// status and error code and ends it.
func (o *Observer) Start(ctx context.Context, op string) (context.Context, func(error)) {
	ctx, span := o.tracer.Start(ctx, op)
	return ctx, func(err error) {
		if err != nil {
			code := string(carenet.ErrorCode(err))
			span.SetAttributes(CodeKey.String(code))
			span.SetStatus(codes.Error, code)
		}
		span.End()
	}
}

// Outcome adds an event to the span in ctx and counts the outcome.
func (o *Observer) Outcome(ctx context.Context, out carenet.Outcome) {
	attrs := []attribute.KeyValue{
		attribute.String("carenet.actor", out.ActorID),
		attribute.String("carenet.target_type", out.TargetType),
		attribute.String("carenet.target_id", out.TargetID),
	}
	for k, v := range out.Details {
		attrs = append(attrs, attribute.String("carenet.detail."+k, v))
	}
	trace.SpanFromContext(ctx).AddEvent(out.Action, trace.WithAttributes(attrs...))
	if c, attr, ok := o.counter(out); ok {
		c.Add(ctx, 1, metric.WithAttributes(attr...))
	}
}

// counter says which counter an outcome adds to, with what attributes.
func (o *Observer) counter(out carenet.Outcome) (metric.Int64Counter, []attribute.KeyValue, bool) {
	switch audit.Action(out.Action) {
	case auth.EventLogin:
		return o.logins, outcome("succeeded"), true
	case auth.EventLoginFailed:
		if out.Details["reason"] == "locked" || out.Details["locked_until"] != "" {
			return o.logins, outcome("locked"), true
		}
		return o.logins, outcome("failed"), true
	case auth.EventLoginRefused:
		if out.Details["reason"] == "locked" {
			return o.logins, outcome("locked"), true
		}
		return o.logins, outcome("refused"), true
	case personnel.EventDeactivated:
		return o.deactivations, nil, true
	case video.EventShared:
		return o.shares, []attribute.KeyValue{attribute.String("mode", out.Details["mode"])}, true
	case video.EventViewServed:
		return o.ticketUses, []attribute.KeyValue{attribute.String("action", "view")}, true
	case video.EventDownloadServed:
		return o.ticketUses, []attribute.KeyValue{attribute.String("action", "download")}, true
	}
	return nil, nil, false
}

func outcome(v string) []attribute.KeyValue {
	return []attribute.KeyValue{attribute.String("outcome", v)}
}
