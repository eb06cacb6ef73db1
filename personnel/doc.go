// Package personnel keeps staff and partner profiles: creating and editing
// them, the personnel search, deactivating someone who leaves (and
// reactivating them), the guard that refuses to delete a profile that was
// ever used, personnel groups, and applying security groups (permission
// sets) to a person's login.
//
// A Person may or may not be a system user. With a login (an auth.Account)
// they can sign in; without one they are a contact that appears in pick
// lists. Deactivation follows CAC CareNet's help article "Deactivating a
// Personnel Profile" as one call: the profile becomes "Inactive Person",
// the login goes inactive, its password is replaced by an unusable random
// secret and every session is revoked, in one transaction with its audit
// event. The portal switches and designations follow its article "Referral
// & Video User Setup (Portal)" (see package portal).
//
// Every change to another person's login respects rank (auth.RequireOutrank,
// in rank_rules.go): deactivating, end-dating (an end date is a deactivation, see
// EndDateNeeds), switching the portal of, applying groups to or deleting a
// login whose groups grant a permission the actor lacks is
// auth.ErrOutranked. Whoever acts, the last standing administrator is never
// taken away (auth.ErrLastAdministrator). Links that bring a login in go
// through auth's rules for credentials (see auth.Service.IssueLinkTx).
//
// # What ends with a login
//
// Deactivate, DisableLogin, RemoveLogin and SweepDormantLogins end a
// person's login by one rule, in the transaction of the change: the login
// goes inactive, its password is replaced by an unusable random secret,
// every session is revoked and every password link invalidated; and every
// access Config.OnDeactivate ends ends (with video.Service there, every
// video share the person holds as grantee is revoked, so every ticket for
// one stops). RemoveLogin then deletes the account. None of it comes back
// with a login: EnableLogin and Reactivate bring a login back only through
// a fresh set-password link, and they and GiveLogin run the hooks again
// first, so access left live by an end made before a hook was configured
// ends then. What the person holds as author or creator stays for someone
// to take over: the referrals they submitted (referral.Service.HandOver
// hands them on), the video shares they created for others, their
// personnel groups and the host's records (Deactivation.Outstanding). A
// login given to the person later reaches their referrals again, so
// GiveLogin, and a change of the person's email or phone, need the reach
// of what they hold. The result of any refused or failed call is zero.
package personnel
