package observe

// safeKeys are the audit detail keys an Outcome keeps: each holds an ID, a
// count, a time, a state, a code or a flag, never a secret (a password, a
// token, a link, a TOTP secret) and never free text a person wrote (a
// referral's narrative, a message, a note, a name). A key not listed is
// left out, so a detail added to an event later stays out of logs and
// traces until someone adds it here.
var safeKeys = map[string]bool{
	// auth
	"failed_logins": true, "locked_until": true, "rehashed": true, "session": true,
	"sessions_revoked": true, "purpose": true, "expires_at": true, "source": true,
	"person": true, "username": true, "username_before": true, "username_after": true,
	"groups": true, "portal": true, "permissions": true, "permissions_before": true,
	"permissions_after": true, "was_enabled": true, "passkey": true, "factor": true,
	"sign_count": true, "stored_sign_count": true, "ceremony": true,
	"second_factor": true, "code_kind": true,
	"recovery_code_used": true, "recovery_codes_left": true, "recovery_codes": true,
	"recovery_codes_voided": true, "voided": true, "proof": true,
	"require_second_factor_before": true, "require_second_factor_after": true,
	// personnel
	"has_login": true, "account": true, "login_was_active": true, "password_replaced": true,
	"links_invalidated": true, "fields": true, "agency_kind": true, "state_before": true,
	"references": true, "count": true,
	// referral
	"from": true, "to": true, "kind": true, "case_id": true, "new_case": true, "into": true,
	"merged": true,
	// video
	"share": true, "grantee": true, "action": true, "mode": true, "starts_at": true,
	"ticket": true, "agreement": true, "first_open": true, "previous_expires_at": true,
	"use": true, "verified_by": true, "unrecorded_refusals": true, "case": true,
	"interviewer": true,
}

// codeKeys are detail keys that hold a code ("wrong_password") from the
// SDK or free text from a person (a deactivation's reason), depending on
// the event: their value is kept only when it reads as a code.
var codeKeys = map[string]bool{"reason": true}

// maxCode is the longest value that may read as a code.
const maxCode = 48

// SafeDetails returns the details an Outcome may carry: those of an
// allow-listed key, and a code-or-text key's value when it is a code
// (lowercase ASCII letters, digits and underscores). It returns nil when
// none is left.
func SafeDetails(d map[string]string) map[string]string {
	var out map[string]string
	for k, v := range d {
		if !safeKeys[k] && !(codeKeys[k] && isCode(v)) {
			continue
		}
		if out == nil {
			out = make(map[string]string, len(d))
		}
		out[k] = v
	}
	return out
}

func isCode(v string) bool {
	if v == "" || len(v) > maxCode {
		return false
	}
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}
