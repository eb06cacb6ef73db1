// Package personnel keeps staff and partner profiles: creating and editing
// them, the personnel search, deactivating someone who leaves (and
// reactivating them), the guard that refuses to delete a profile that was
// ever used, personnel groups, and applying security groups (permission
// sets) to a person's login.
//
// A Person may or may not be a system user. With a login (an auth.Account)
// they can sign in; without one they are a contact that appears in pick
// lists. Deactivation follows CAC CareNet's article as one call: the profile
// becomes "Inactive Person", the login goes inactive, its password is
// replaced by an unusable random secret and every session is revoked, in one
// transaction with its audit event.
//
// Every change to another person's login respects rank (auth.RequireOutrank,
// in rank.go): deactivating, end-dating (an end date is a deactivation, see
// EndDateNeeds), switching the portal of, applying groups to or deleting a
// login whose groups grant a permission the actor lacks is
// auth.ErrOutranked. Whoever acts, the last standing administrator is never
// taken away (auth.ErrLastAdministrator). Links that bring a login in go
// through auth's rules for credentials (see auth.Service.IssueLinkTx).
package personnel
