// Package passkey is the WebAuthn (FIDO2) protocol for auth's passkeys, with
// github.com/go-webauthn/webauthn: a maintained implementation of the
// specification's attestation and assertion verification. A host that
// offers passkeys makes a RelyingParty and gives it to auth as
// Config.Passkeys; the rest of the SDK does not depend on it.
//
//	rp, err := passkey.New(passkey.Config{
//		RPID:          "carenet.example.org",
//		RPDisplayName: "CareNet",
//		Origins:       []string{"https://carenet.example.org"},
//	})
//	svc, err := auth.NewService(store.Auth(), auth.Config{Passkeys: rp, ...})
//
// The RelyingParty keeps nothing. auth.Service keeps the credentials of
// each login and the ceremonies in flight in the store, matches an answer
// to its ceremony by the challenge's hash (so a challenge is used once,
// by the login it was issued to, before it expires), applies the sign
// count rule and the login lockout, and audits each step. What this
// package checks is the protocol: the client data's type, challenge and
// origin (one of Config.Origins, never a cross-origin frame), the RP ID
// hash, the user's presence and, for a registration and a sign-in without
// a password, their verification, the flags, the attestation statement
// and the assertion's signature.
//
// Registration asks for a discoverable credential (a resident key) with
// its user verified and attestation "none": the SDK does not pin
// authenticator models, and a passkey then serves both as a second factor
// after the password and as a sign-in of its own.
package passkey
