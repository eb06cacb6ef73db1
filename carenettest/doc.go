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
// # Tests of the rules
//
// A test of a rule itself names exactly what it needs instead: Group
// makes a security group holding the permissions given, User a login with
// the username, password and groups given, Person a contact, and LoginAs
// signs in with a username and password. Events, Actions and Reads read
// the audit log about a target, RequireRead checks the access event a
// read left, and VerifyAudit checks the hash chain. Options change the
// services' configurations (WithAuthConfig, WithPersonnelConfig,
// WithVideoConfig, WithReferralConfig) and what a deactivation does
// (WithReferences, WithDeactivateHook, WithoutShareRevocation). Env.Clock
// is a manual clock: Advance it to let time pass. SearchCases are the
// personnel search bar's cases every store must pass: AddSearchPeople
// makes the people they search among and SearchNames runs one, so a host
// that writes its own store proves its search through the service too
// (OnStore runs an Env on it). TakeOverByLink plays a password link
// delivered to someone other than its owner; Race runs calls at once and
// RequireOneWon checks that exactly one of them got through.
//
// # Services a caller wires itself
//
// A runnable example shows how a host builds its services, so it builds
// them itself instead of taking an Env's; a Harness stands in for the test
// (it panics on a refused step). StaffServices wires auth and personnel
// over a store with the first administrator signed in, FirstAdministrator
// creates and signs in that administrator over services already built,
// and SignIn logs in anyone else.
//
// # Both stores from one set of tests
//
// Unless OnPostgres, OnMemory or OnStore says, New runs on the store
// StoreEnv (CARENET_TEST_STORE) names: the memory store by default, or with
// "postgres" a new migrated database on the server DatabaseURLEnv
// (CARENET_TEST_DATABASE_URL) names, so
//
//	CARENET_TEST_STORE=postgres go test ./...
//
// proves a host's rules on PostgreSQL too. With Main in TestMain, each of
// those databases is a copy of one template migrated at the start of the
// run, which is several times faster. NewStore gives an empty store of
// the same kind for a test that wires services of its own.
//
// The kit hashes passwords with tiny argon2id parameters (FastHasher) so
// that tests that log in often stay fast, and signs video tickets with a
// fixed key: it is for tests only, never for a deployment.
package carenettest
