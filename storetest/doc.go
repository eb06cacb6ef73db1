// Package storetest is the conformance suite for the SDK's stores: a host
// that writes its own store (over its own database) proves it keeps every
// repository contract by calling Run from a test:
//
//	func TestStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Store { return newTestStore(t) })
//	}
//
// The suite reaches the store only through the SDK's interfaces: the
// transaction boundaries and the repositories of packages audit, auth and
// personnel. It checks what each method's documentation promises (error
// codes, versions, ordering, filtering), that a failed transaction leaves no
// trace, that values read back equal values written, that the store keeps no
// memory shared with its callers, and that the audit chain stays whole under
// concurrent appends.
//
// It is a test helper: production packages never import it.
package storetest
