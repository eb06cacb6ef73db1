package auth

import "github.com/carenet-go/carenet/audit"

// The audit events auth records, each with its target (see the audit
// package's Target constants) and its details. The actor is the person
// who acted, empty for the system or for someone not signed in.
const (
	// EventLogin: a login opened a session; target the account, details
	// "session", "cleared_failures" when it ended a run of failures,
	// "second_factor" "enrolment_required" for a session that may only
	// enrol one, "rehashed" when the password's hash was upgraded,
	// "passkey" when one signed it, "recovery_code_used" and
	// "recovery_codes_left" when a recovery code stood in for the code.
	EventLogin audit.Action = "auth.login"
	// EventLoginFailed: a failed attempt counted toward the lockout (a
	// wrong password or code, an unknown username); target the account,
	// or TargetLogin with no ID for an unknown username (never the name
	// typed), details "reason", "failed_logins", "locked_until" once
	// locked, "code_kind" for a recovery code, "source" (the rate
	// limiter's key) and "via" when it was not a sign-in (a current
	// password or code checked by another operation).
	EventLoginFailed audit.Action = "auth.login_failed"
	// EventLoginRefused: an attempt refused without counting (locked,
	// rate-limited, inactive); target and details as EventLoginFailed,
	// "reason" saying which.
	EventLoginRefused audit.Action = "auth.login_refused"
	// EventLoginCodeRequired: the right password, waiting for the
	// second factor; target the account, details "reason" and "factor"
	// "passkey" when a passkey ceremony was begun for it.
	EventLoginCodeRequired audit.Action = "auth.login_code_required"
	// EventLogout: a session ended by Logout; target the session.
	EventLogout audit.Action = "auth.logout"
	// EventSessionsRevoked: sessions of an account ended together;
	// target the account, details "count" and "kept" (the session left
	// open, for "sign out everywhere else").
	EventSessionsRevoked audit.Action = "auth.sessions_revoked"
	// EventSessionEnded: one session ended by its holder; target the
	// session, details "account" and "current" (whether it was the
	// caller's own).
	EventSessionEnded audit.Action = "auth.session_ended"
	// EventAccountCreated: a login created; target the account, details
	// "person", "username", "groups", "portal", "created_in_release"
	// and "older_release" for a login made for an older release.
	EventAccountCreated audit.Action = "auth.account_created"
	// EventAccountUpdated: a login enabled again ("active_before",
	// "active_after") or its security groups changed ("groups_before",
	// "groups_after"); target the account.
	EventAccountUpdated audit.Action = "auth.account_updated"
	// EventPasswordChanged: the holder changed their password; target
	// the account, details "sessions_revoked".
	EventPasswordChanged audit.Action = "auth.password_changed"
	// EventPasswordLinkIssued: a password link made; target the account,
	// details "purpose", "expires_at" and "delivery".
	EventPasswordLinkIssued audit.Action = "auth.password_link_issued"
	// EventPasswordSet: a password set through a link; target the
	// account, details "purpose" and "sessions_revoked".
	EventPasswordSet audit.Action = "auth.password_set"
	// EventPasswordLinkRefused: a link handed to an actor was presented
	// after its login came to reach more than that actor does; it is
	// used up and sets nothing. Target the account, details "purpose"
	// and "reason".
	EventPasswordLinkRefused audit.Action = "auth.password_link_refused"
	// EventTOTPEnrolStarted: a TOTP secret made, waiting for its first
	// code; target the account.
	EventTOTPEnrolStarted audit.Action = "auth.totp_enrolment_started"
	// EventTOTPEnabled: TOTP enrolment confirmed; target the account,
	// details "recovery_codes" and "sessions_revoked" (how many were
	// made and ended).
	EventTOTPEnabled audit.Action = "auth.totp_enabled"
	// EventTOTPDisabled: TOTP removed from a login; target the account,
	// details "was_enabled" and "recovery_codes_voided" with the last
	// second factor.
	EventTOTPDisabled audit.Action = "auth.totp_disabled"
	// EventRecoveryCodesGenerated: new recovery codes replaced the
	// account's old ones; target the account, details "count", "voided"
	// and "proof": what the caller proved, "current_password",
	// "totp_code" or "recovery_code".
	EventRecoveryCodesGenerated audit.Action = "auth.recovery_codes_generated"
	// EventTOTPResealed: a TOTP secret re-sealed under the key ring's
	// current key, with the system as actor; target the account,
	// details "key_before", "key_after".
	EventTOTPResealed audit.Action = "auth.totp_resealed"
	// EventPasskeyRegistered: a passkey added to a login; target the
	// passkey, details "account", and "recovery_codes" and
	// "sessions_revoked" when it is the login's first second factor.
	EventPasskeyRegistered audit.Action = "auth.passkey_registered"
	// EventPasskeyRenamed: a passkey renamed; target the passkey,
	// details "account".
	EventPasskeyRenamed audit.Action = "auth.passkey_renamed"
	// EventPasskeyRemoved: a passkey taken off its login; target the
	// passkey, details "account" and "recovery_codes_voided" with the
	// last second factor.
	EventPasskeyRemoved audit.Action = "auth.passkey_removed"
	// EventPasskeyUsed: a passkey signed a sign-in; target the passkey,
	// details "account", "factor" ("second_factor" or "sign_in") and
	// "sign_count", recorded with the attempt's EventLogin.
	EventPasskeyUsed audit.Action = "auth.passkey_used"
	// EventPasskeyRefused: an answer from a registered passkey, or a
	// registration, refused; target the passkey (the account for a
	// registration), details "reason": "invalid_assertion",
	// "possible_clone" when its sign count did not go up (with
	// "stored_sign_count"), "ceremony_unknown", "ceremony_expired",
	// "user_mismatch", "invalid_attestation"...; recorded with the
	// attempt's event.
	EventPasskeyRefused audit.Action = "auth.passkey_refused"
	// EventReauthenticated: a signed-in user gave their credentials
	// again in their session (Service.Reauthenticate), which renews the
	// session's AuthenticatedAt; target the account, details "session"
	// and "via". A failed attempt is recorded as a failed login is
	// (EventLoginFailed, EventLoginRefused, EventLoginCodeRequired), with
	// "via" "reauthenticate" and the session.
	EventReauthenticated audit.Action = "auth.reauthenticated"
	// EventSecurityGroupCreated: a security group defined; target the
	// group, details "name" and "permissions".
	EventSecurityGroupCreated audit.Action = "security_group.created"
	// EventSecurityGroupUpdated: a security group changed; target the
	// group, details the fields changed, before and after ("name_",
	// "permissions_", "require_second_factor_" + "before"/"after").
	EventSecurityGroupUpdated audit.Action = "security_group.updated"
	// EventSecurityGroupDeleted: a security group removed; target the
	// group, details "name".
	EventSecurityGroupDeleted audit.Action = "security_group.deleted"
)
