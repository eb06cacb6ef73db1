// Package auth holds logins and everything about who a caller is: accounts
// (the personnel profile's "Is User" box), security groups and their
// permissions, password hashing and policy, login, sessions, password set and
// reset links, second factors (TOTP with recovery codes, passkeys),
// optional or required by security group, and the Principal that every
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
// (lockout_rules.go), so it is tested apart from any store.
//
// The default RateLimiter (NewRateLimiter) counts each attempt against
// its source as it begins, so attempts sent at once get no more than 20
// failures per source per 10 minutes between them. Past 500 failures in
// all per 10 minutes it refuses only sources that have themselves failed
// in that time: a spray from many addresses gets one failure per fresh
// address, and cannot keep out a user typing the right password from an
// address that has not failed.
//
// # Passkeys
//
// A passkey (a WebAuthn credential) is a second factor kind, and a sign-in
// of its own. A signed-in user adds passkeys (BeginPasskeyRegistration,
// FinishPasskeyRegistration), several per login, each with a name; lists,
// renames and removes them. Adding or removing one needs a recent
// sign-in (Principal.RequireRecentSignIn), and adding one the current
// password too, as enrolling a one-time code does: a session alone cannot
// put on the login a way in that outlives a password change. An account with a passkey has a second factor: after
// the right password Login answers a *SecondFactorRequired carrying an
// assertion ceremony, answered in LoginRequest.Passkey in place of the
// one-time code, and Reauthenticate does the same (ReauthRequest.Passkey).
// A passkey that gives a login its first second factor is an enrolment,
// as ConfirmTOTP is: FinishPasskeyRegistration returns the recovery codes
// and ends the login's other sessions; removing the last one voids the
// codes. PasskeySignIn takes a discoverable passkey alone, its
// user verified, no username typed (BeginPasskeySignIn gives the options).
//
// The Service keeps what the SDK answers for, in both stores: the
// credentials, the ceremonies in flight, their rules and their audit.
// A ceremony is stored by the hash of its challenge, bound to its login
// (none for a sign-in) and purpose, expires after PasskeyCeremonyLifetime
// and is deleted by the transaction that decides its answer, used or
// refused, so a challenge is accepted once. The answer is decided by the
// login policy (Config.MaxFailedLogins): a refusal from a registered
// passkey counts as a failed login of its account, a sign count that does
// not go up is refused and audited as a possible clone
// (SignCountAccepted), and a valid passkey opens an account that password
// guesses locked, as the right password with a valid code does. A passkey
// sign-in fails with ErrLoginFailed whatever the cause, so it never says
// whether an account exists. The WebAuthn protocol itself (options,
// client data, origins, RP ID, flags, attestation, signatures) is a
// PasskeyVerifier's, given as Config.Passkeys: package auth/passkey is
// one, over github.com/go-webauthn/webauthn, so this package does not
// depend on a WebAuthn library.
//
// # Recent sign-in (step-up)
//
// A session proves only that someone holds its token. Sensitive actions
// ask more: that the user gave their credentials recently
// (Principal.RequireRecentSignIn, the one rule; its list of actions is in
// recent_sign_in_rules.go). A principal's AuthenticatedAt is its session's sign-in, or
// its latest re-authentication, never the time of the call; past
// Config.ReauthWindow (10 minutes by default, an hour at most, and no way
// to switch it off) the action returns ErrReauthenticationRequired, code
// carenet.ReauthenticationRequired, having read and changed nothing. The
// host answers it by asking the user to sign in again and calling
// Reauthenticate with the session token, the password and, when the
// account has a second factor, what Login takes for it (a one-time code,
// a recovery code in its place, or a passkey, whose ceremony the first
// call's refusal carries): the same session, its sign-in renewed, its
// lifetime unchanged. A wrong password, code or passkey there counts
// toward the account's lockout and is audited exactly as at login; a
// locked account refuses. The system (sweeps, operators' tools with no
// principal) is not asked; a principal host code builds without a session
// counts from the AuthenticatedAt it is given (PrincipalFrom: its now),
// and one with none never passes.
//
// # Host permissions
//
// The SDK's permissions (Permission) gate what the SDK does. A host gates
// its own screens (client profiles, cases, calendar) with permissions it
// registers at start-up in a PermissionRegistry, given to the Service as
// Config.Permissions. Security groups hold SDK and host permissions alike,
// both stores keep them by name, and every rule below covers them: rank
// and reach, Administrator holding every one, the Referral User group
// none, and a user without CareNet access none (GrantedPermissions).
// Principal.Can checks either kind with one bit test.
//
// # Second factors
//
// A user enrols an authenticator app (BeginTOTP, ConfirmTOTP, each with
// the current password); from then on login needs a one-time code.
// Enrolment yields RecoveryCodeCount single-use recovery codes, shown once:
// Registering a first passkey yields them too (FinishPasskeyRegistration).
// Each stands in once for the second factor wherever a one-time code is
// accepted (Login, Reauthenticate, RegenerateRecoveryCodes), is told from a one-time code by its
// shape before anything is read, and counts toward the lockout like one
// when wrong. A code holds 120 random bits, so the stores keep a plain
// SHA-256 of it (NIST SP 800-63B look-up secrets: no salted slow hash is
// needed at that entropy), and a login compares the given code with every
// code of the account in constant time. RegenerateRecoveryCodes replaces
// them all; removing the second factor voids them; each use is audited
// and RecoveryCodesLeft says how many remain.
//
// A security group may require a second factor
// (SecurityGroup.RequireSecondFactor; a security-group change, under the
// rank rules and audited). A member without one is not shut out: they
// sign in to a restricted session (Principal.MustEnrolSecondFactor) that
// may enrol one and sign out, nothing else: no permission, no portal
// capability, and every other call, those on the caller's own records
// included, answers ErrEnrolSecondFactor, whose code a host maps to its
// enrolment page. The rule (EnrolmentRequired, over
// Account.HasSecondFactor) is evaluated at every Authenticate, so the
// restricted session becomes a full one at its first call after
// ConfirmTOTP; ConfirmTOTP ends the account's other sessions, which were
// opened with the password alone. The built-in groups take this one
// change: require it of Administrator (UpdateSecurityGroup with
// RequireSecondFactor), as every host should once a TOTP key is set.
//
// The Service gathers facts through the repositories of one transaction
// (Tx), applies the pure rules of this package, and writes its changes and
// their audit events in the same transaction.
//
// # Rank and reach
//
// No actor gets more than they hold. Two rules, in outrank_rules.go and
// reach_rules.go, carry that for every service:
//
//   - Rank (RequireGrantable, RequireOutrank): applying security groups,
//     and acting on another login (deactivating it, end-dating it,
//     switching its portal, ending or listing its sessions), needs every
//     permission those groups grant.
//   - Reach (Reach, RequireReach, RequireCredential): obtaining a way into
//     another login (a password link's token, a password one chose for
//     it, its second factor removed, its holder's email, phone or
//     username changed) needs
//     every staff permission that reaches what the login reaches: its
//     groups' permissions, its portal capabilities (videos.view for video
//     portal access, referrals.submit for referral portal access) and its
//     person's holdings (videos.view for live video shares, videos.share
//     too for those that allow download, referrals.review for referrals
//     written), counted by the store in the same transaction
//     (AccountRepository.Holdings). Rank counts staff permissions only; a
//     portal user holds none, so rank alone let a clerk take over a
//     prosecutor's shared interviews. A link returned to an actor is
//     checked again when it is redeemed: it works only while that actor
//     still reaches all the login reaches then. Giving a login portal
//     capabilities, one's own or a new one included, needs their reach
//     (RequirePortalReach). No one issues a link for their own login
//     (ErrOwnLink).
//
// The preferred way out of the reach rule is not to hand credentials to
// actors at all: a host that sets Config.Deliverer (a LinkDeliverer: email,
// SMS, letter) has every password link sent to its holder, and the actor's
// result holds no token, so reach does not arise; rank still does. The
// rule-checked path, links returned to the actor, stays for hosts without
// delivery and for operators' tools (a nil actor, the system). Each link's
// audit event says which way it went. The last standing administrator
// (StandingAdministrator) is never taken away (ErrLastAdministrator).
package auth
