package auth

import "github.com/carenet-go/carenet/audit"

// Audit actions auth records. Target types are "account", "session",
// "security_group" and "passkey".
const (
	ActionLogin              audit.Action = "auth.login"
	ActionLoginFailed        audit.Action = "auth.login_failed"
	ActionLoginRefused       audit.Action = "auth.login_refused"
	ActionLoginCodeRequired  audit.Action = "auth.login_code_required"
	ActionLogout             audit.Action = "auth.logout"
	ActionSessionsRevoked    audit.Action = "auth.sessions_revoked"
	ActionSessionEnded       audit.Action = "auth.session_ended"
	ActionAccountCreated     audit.Action = "auth.account_created"
	ActionAccountUpdated     audit.Action = "auth.account_updated"
	ActionPasswordChanged    audit.Action = "auth.password_changed"
	ActionPasswordLinkIssued audit.Action = "auth.password_link_issued"
	ActionPasswordSet        audit.Action = "auth.password_set"
	// ActionPasswordLinkRefused: a link handed to an actor was presented
	// after its login came to reach more than that actor does; it is used
	// up and sets nothing.
	ActionPasswordLinkRefused audit.Action = "auth.password_link_refused"
	ActionTOTPEnrolStarted    audit.Action = "auth.totp_enrolment_started"
	ActionTOTPEnabled         audit.Action = "auth.totp_enabled"
	ActionTOTPDisabled        audit.Action = "auth.totp_disabled"
	// ActionRecoveryCodesGenerated: new recovery codes replaced the
	// account's old ones (details "count", "voided" and "proof": what the
	// caller proved, "current_password", "totp_code" or "recovery_code").
	ActionRecoveryCodesGenerated audit.Action = "auth.recovery_codes_generated"
	// ActionTOTPResealed: a TOTP secret re-sealed under the key ring's
	// current key (details "key_before", "key_after").
	ActionTOTPResealed audit.Action = "auth.totp_resealed"
	// ActionPasskeyRegistered: a passkey added to a login (target the
	// passkey; details "account").
	ActionPasskeyRegistered audit.Action = "auth.passkey_registered"
	// ActionPasskeyRenamed and ActionPasskeyRemoved: a passkey renamed,
	// or taken off its login (details "account").
	ActionPasskeyRenamed audit.Action = "auth.passkey_renamed"
	ActionPasskeyRemoved audit.Action = "auth.passkey_removed"
	// ActionPasskeyUsed: a passkey signed a sign-in (details "account",
	// "factor": "second_factor" or "sign_in", "sign_count"), recorded
	// with the attempt's auth.login.
	ActionPasskeyUsed audit.Action = "auth.passkey_used"
	// ActionPasskeyRefused: an answer from a registered passkey, or a
	// registration, refused (details "reason": "invalid_assertion",
	// "possible_clone" when its sign count did not go up,
	// "ceremony_unknown", "ceremony_expired", "user_mismatch",
	// "invalid_attestation"...), recorded with the attempt's event.
	ActionPasskeyRefused audit.Action = "auth.passkey_refused"
	ActionGroupCreated   audit.Action = "security_group.created"
	ActionGroupUpdated   audit.Action = "security_group.updated"
	ActionGroupDeleted   audit.Action = "security_group.deleted"
)
