// Package auth holds logins and everything about who a caller is: accounts
// (the personnel profile's "Is User" box), security groups and their
// permissions, password hashing and policy, login, sessions, password set and
// reset links, an optional TOTP second factor, and the Principal that every
// other package asks "may this caller do that?".
//
// Accounts belong to personnel profiles; auth knows of the profile only what
// a login needs (Holder: is the person active, what are their names). Portal
// capabilities (package portal) are computed once per authentication and
// carried on the Principal.
//
// Login is built to be guessed at (see Service.Login and
// Config.MaxFailedLogins): every attempt is decided in its own write
// transaction against the stored lockout state, writes one audit event,
// and fails in the same way and at the same cost whether the username is
// unknown, the password wrong, the account locked or the client refused by
// the RateLimiter. Lockout backs off exponentially to a cap and, after 100
// failures in a row, leaves only the ways in a guesser cannot use: the
// right password with a valid one-time code, or a password link redeemed
// by the owner. The decision itself is a pure function of the facts
// (lockout.go), so it is tested apart from any store.
//
// The Service gathers facts through the repositories of one transaction
// (Tx), applies the pure rules of this package, and writes its changes and
// their audit events in the same transaction.
package auth
