// Package carenettest builds ready carenet environments for a host's
// tests: one call gives every service over an empty store (the memory
// store, or a PostgreSQL database it creates, migrates and drops), a
// manual clock, predictable IDs and a logged-in administrator; builders
// then set up a scenario in a few lines: staff, portal users of each
// designation, referrals in each status, videos and shares.
//
//	env := carenettest.New(t)
//	rita := env.PortalUser(portal.ReferralOnly)
//	r := env.Referral(rita, referral.StatusUnderReview)
//
// Every builder goes through the services' public API as a host would,
// so what it makes keeps every rule the SDK enforces and leaves its audit
// events behind; a builder whose call is refused fails the test with the
// service's error.
//
// The kit hashes passwords with tiny argon2id parameters so that tests that
// log in often stay fast, and signs video tickets with a fixed key: it is
// for tests only, never for a deployment.
package carenettest
