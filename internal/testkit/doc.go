// Package testkit holds the fault injection the SDK's own tests use to
// prove that an operation is all-or-nothing: an audit log that refuses
// appends on demand (FailingAudit) and a store whose transactions pass
// through a wrapper (WrapTx). Everything else a test needs, a ready
// environment on either store included, is the public carenettest. Only
// tests import it.
package testkit
