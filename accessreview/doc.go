// Package accessreview is the periodic review of who holds what, which
// HIPAA-style policies ask a CAC to run: every active login with its
// security groups, the permissions they grant, its portal switches, the
// video shares live for its person and when it last logged in. A reviewer
// filters the report (a group, a permission, a portal switch, logins idle
// since a day) and exports it as CSV for sign-off. The permissions listed
// are the SDK's and the host's own (auth.PermissionRegistry), as the
// registry of the auth service that authenticated the reviewer knows them;
// a reviewer built without one (the operator command) sees the SDK's.
//
// The package reads and never writes. It sits above auth, personnel and
// video because a login's holdings span all three; a store keeps the one
// read it needs, Repository.ActiveLogins.
package accessreview
