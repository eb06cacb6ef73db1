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
// The Service gathers facts through the repositories of one transaction
// (Tx), applies the pure rules of this package, and writes its changes and
// their audit events in the same transaction.
package auth
