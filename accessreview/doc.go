// Package accessreview is the periodic review of who holds what, which
// HIPAA-style policies ask a CAC to run: every active login with its
// security groups, the permissions they grant, its portal switches, the
// video shares live for its person and when it last logged in. A reviewer
// filters the report (a group, a permission, a portal switch, logins idle
// since a day) and exports it as CSV for sign-off.
//
// The package reads and never writes. It sits above auth, personnel and
// video because a login's holdings span all three; a store keeps the one
// read it needs, Repository.ActiveLogins.
package accessreview
