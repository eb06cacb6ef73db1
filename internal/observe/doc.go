// Package observe wires a service to its host's logger and Observer: the
// span of each service call and store transaction, and the report of each
// audited outcome once it has committed.
//
// A service calls it in three places, so no telemetry code is scattered
// through the rules:
//
//   - NewService builds Hooks from its Config (New), wraps its store
//     (Store) and hands Hooks.Recorded to its audit.Recorder.
//   - Each exported method begins with one line,
//     defer s.obs.Call(&ctx, "pkg.Method")(&callErr), which starts the
//     call, carries it in ctx and ends it with the method's error.
//   - Nothing else: an outcome is the audit event the service already
//     writes, so what is logged and counted is what the audit log holds,
//     with the same names.
//
// Events recorded inside a transaction are held until it commits and
// dropped if it rolls back or is retried, so an observer never hears of
// something that did not happen. Details pass an allow-list of keys known
// to hold no secret and no free text (details.go).
package observe
