// Package otelcarenet reports the SDK's work to OpenTelemetry: a span for
// every service call and store transaction, and counters of the outcomes
// a host watches (logins, deactivations, shares, ticket uses).
//
// It is the SDK's only package that imports OpenTelemetry, so a host that
// does not want it imports nothing of it: the services know only the
// small carenet.Observer interface, which New implements. Give the same
// Observer to every service's Config:
//
//	obs, err := otelcarenet.New(otel.GetTracerProvider(), otel.GetMeterProvider())
//	authSvc, err := auth.NewService(store.Auth(), auth.Config{Observer: obs})
//	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{Observer: obs})
//
// No store needs wrapping: each service observes its own transactions
// and reports them to the same Observer, so their spans nest under the
// call that opened them and the audited outcomes wait for the commit.
//
// Spans are named for the operation: "auth.Login" for a call,
// "auth.store.Update" for a transaction (a child of its call's span). A
// failed operation's span has status Error and the attribute
// carenet.error.code (invalid, forbidden, internal, ...); its message is
// never recorded, since it can quote what a caller typed.
//
// Counters derive from the audit events the services already write, once
// their transaction has committed, so what is counted is what the audit
// log holds and no counting code sits in the rules:
//
//   - carenet.logins, by outcome: succeeded (auth.login), failed
//     (auth.login_failed), locked (a login refused or failed against a
//     locked account, or the failure that locked it), refused (any other
//     auth.login_refused: an inactive account or person, a rate limit).
//   - carenet.deactivations (personnel.deactivated).
//   - carenet.shares (video.shared), by mode.
//   - carenet.ticket_uses (video.view_served, video.download_served), by
//     action.
//
// Every audited outcome is also an event on the span of the call that
// made it, with the outcome's allow-listed attributes.
package otelcarenet
