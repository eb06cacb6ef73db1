package main

import (
	"log/slog"

	"github.com/carenet-go/carenet"
)

// option changes how the story's services are set up.
type option func(*cast)

// withLogger has every service log what it audits, and its failures, to
// l: a host passes its own logger in each service's Config the same way.
func withLogger(l *slog.Logger) option { return func(c *cast) { c.logger = l } }

// withObserver has every service report its calls, transactions and
// audited outcomes to o (otelcarenet.New gives one for OpenTelemetry).
func withObserver(o carenet.Observer) option { return func(c *cast) { c.observer = o } }
