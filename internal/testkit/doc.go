// Package testkit holds the fault injection the SDK's own tests use to
// prove that an operation is all-or-nothing: an audit log that refuses
// appends on demand (FailingAudit) and a store whose transactions pass
// through a wrapper (WrapTx). It also holds the one complete referral
// form the referral service's tests, the stores' tests and the conformance
// suite all fill in (CompleteForm): the suite cannot import carenettest,
// which brings both stores with it. RequireInvalid checks the Invalid
// error, naming a field and a rule, that bad input gets. Everything else
// a test needs, a ready environment on either store included, is the
// public carenettest. Only tests import it.
package testkit
