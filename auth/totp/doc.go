// Package totp implements the time-based one-time passwords of RFC 6238
// (TOTP), and the HMAC-based one-time passwords of RFC 4226 (HOTP) they
// build on, for an optional second login factor.
//
// A user enrols by scanning the otpauth:// URI of KeyURI, made from a secret
// of NewSecret, into an authenticator app; each login then carries the code
// the app shows, which Validate checks against the secret and the time. The
// secret is stored only sealed with Seal (AES-256-GCM under a key the host
// keeps apart from the store) and opened with Open when a code is checked.
//
// Only the standard library's cryptography is used. No function panics on
// any input: bad input is an error of code carenet.Invalid, or, for
// Validate, a code that does not match.
package totp
