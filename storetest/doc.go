// Package storetest is the conformance suite for the SDK's stores: a host
// that writes its own store (over its own database) proves it keeps every
// repository contract by calling Run from a test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Store { return newTestStore(t) })
//	}
//
// The memory and PostgreSQL stores run it the same way.
//
// The suite reaches the store only through the SDK's interfaces: the
// transaction boundaries (Store) and the repositories of packages audit,
// auth, personnel, video, referral and accessreview, with the optional
// auth.SessionLooker when the store's auth boundary has it. It checks what
// each method's documentation promises (error codes, versions, ordering,
// filtering, personnel search and paging), that a failed transaction
// leaves no trace and a transaction sees a snapshot of its own, that
// values read back equal values written, that the store keeps no memory
// shared with its callers, and that the audit chain stays whole and every
// appended event is sealed or listed unsealed, under concurrent appends.
// A harness may offer more hooks beside Store: AuditTamperer for the cases
// of a tampered log, Neighbors for those of two stores that must keep
// apart; the suite skips the cases whose hook the harness lacks.
//
// It is a test helper: production packages never import it.
package storetest
