// Package carenet is an embeddable SDK for the rules of a Children's
// Advocacy Center (CAC) case system: staff and partner profiles and their
// offboarding, logins and permission sets, the partner portal, LE/CPS
// referrals, and the sharing of forensic interview videos with outside
// partners. Host applications import it and plug in their own storage and
// transport (HTTP, gRPC, a command line).
//
// # Packages
//
//   - carenet (this package): what every package shares: the error type and
//     its codes (ErrorCode, ErrorMessage), validation errors that name every
//     field at fault, the injectable Clock and IDGenerator, and the
//     Transactor a store implements so a service runs several repository
//     calls all-or-nothing.
//   - audit: the append-only, hash-chained event log. Every
//     security-relevant change writes its event in the same transaction.
//   - auth: logins (accounts), security groups and permissions, password
//     hashing (argon2id, with bcrypt hashes verified and replaced) and
//     policy, login with lockout and a bound on concurrent hashing,
//     sessions, password links, TOTP second factors, and the Principal
//     every service checks. Subpackages auth/password and auth/totp hold
//     the hashing and policy, and RFC 6238 codes.
//   - portal: the partner portal's access matrix (pure policy): the four
//     switches, the setup rules, the designations, and Compute, which turns
//     a user's facts into where they land, the tabs they see and what they
//     may do; Require is the one check every package and host asks.
//   - personnel: profiles, the personnel search, deactivation and
//     reactivation, the guarded delete, personnel groups, applying security
//     groups and portal access.
//   - referral: client, LE, CPS and combined referrals from the portal to
//     the intake queue: Validate (every problem at once, by field path),
//     the status machine (Transition), idempotent submission, My Referrals
//     (a submitter sees only their own) and the reviewers' queue, whose
//     accept step calls the host's duplicate-client check.
//   - video: forensic interview videos' metadata and their shares with
//     portal users: Decide (may this principal view or download now?),
//     short-lived HMAC access tickets the host's storage proxy verifies,
//     and the chain of custody of every reach, exportable as CSV.
//   - memory: the embedded in-memory store; postgres: the PostgreSQL
//     store; storetest: the conformance suite every store passes.
//
// # Wiring a host
//
// A host picks a store, makes the services over it, and maps the SDK's
// error codes to its transport in one place:
//
//	store := memory.New() // or a PostgreSQL store
//	authSvc, err := auth.NewService(store.Auth(), auth.Config{})
//	if err != nil { ... }
//	people := personnel.NewService(store.Personnel(), authSvc, personnel.Config{})
//
//	// An operator creates the first administrator.
//	_, err = people.CreateAdministrator(ctx, personnel.NewPerson{
//		Fields: personnel.Fields{GivenName: "Ada", FamilyName: "Admin", AgencyKind: personnel.AgencyCAC},
//		Login:  &auth.LoginSpec{Username: "admin", Password: "a long passphrase of yours"},
//	})
//
//	// Each request: log in once, then authenticate the session token.
//	res, err := authSvc.Login(ctx, auth.LoginRequest{Username: "admin", Password: pw})
//	me, err := authSvc.Authenticate(ctx, res.Token)
//
//	// Offboarding: one call, one transaction, audited.
//	d, err := people.Deactivate(ctx, me, personID, "internship ended")
//
//	// Referrals and videos are services over the same store.
//	referrals := referral.NewService(store.Referral(), referral.Config{Intake: myIntakeHook})
//	videos, err := video.NewService(store.Video(), video.Config{Tickets: myTicketKeys})
//
//	// Errors carry codes; ErrorMessage is safe to show a user.
//	switch carenet.ErrorCode(err) {
//	case carenet.Invalid:         // 400 with carenet.Validation(err).Problems
//	case carenet.Unauthenticated: // 401
//	case carenet.ReauthenticationRequired: // 401: "sign in again" (auth.Service.Reauthenticate), then retry
//	case carenet.Forbidden:       // 403
//	case carenet.SecondFactorEnrolmentRequired: // 403, and a page to enrol one
//	case carenet.NotFound:        // 404
//	case carenet.Conflict, carenet.InUse: // 409
//	}
//
// See examples/quickstart for the whole story, and docs/ARCHITECTURE.md for
// the layout, the transaction boundary and how errors travel.
package carenet

// Release is the product release this SDK implements. New accounts record it
// (auth.Account.CreatedInRelease); portal rules compare against it.
const Release = "2.27.0"
