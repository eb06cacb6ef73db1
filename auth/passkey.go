package auth

import (
	"encoding/json"
	"time"
)

// Passkeys (WebAuthn, FIDO2 credentials) are a second factor kind, and a
// sign-in of their own. The Service keeps everything the SDK answers for:
// the credentials of each login, the ceremonies (challenges) in flight, the
// rules (one use per challenge, the sign count, the lockout, who may list,
// rename or remove a passkey) and their audit, in both stores. The WebAuthn
// protocol itself (the options a browser takes, the attestation and the
// assertion signature, origins and the RP ID) is a PasskeyVerifier's, which
// the host gives as Config.Passkeys: package auth/passkey is one, so the
// core of the SDK does not depend on a WebAuthn library.

// Passkey is a WebAuthn credential registered for a login. Nothing in it is
// a secret: the private key never leaves the authenticator.
type Passkey struct {
	// ID is the SDK's own identifier of the passkey.
	ID string
	// AccountID is the login the passkey belongs to.
	AccountID string
	// Name is the user's own name for it ("YubiKey on my keyring").
	Name string
	// CredentialID is the WebAuthn credential ID, unique in the store.
	CredentialID []byte
	// PublicKey is the credential's public key, COSE-encoded.
	PublicKey []byte
	// SignCount is the signature counter last accepted; 0 for an
	// authenticator that keeps no counter (see SignCountAccepted).
	SignCount uint32
	// AAGUID names the authenticator's model (16 bytes; zero when it does
	// not say).
	AAGUID []byte
	// Transports are the ways the browser reached the authenticator
	// ("usb", "internal", "hybrid"...), as hints for later ceremonies.
	Transports []string
	// UserVerified says the authenticator verified its user (PIN,
	// biometrics) at registration.
	UserVerified bool
	// BackupEligible is the BE flag: the credential may be synced.
	BackupEligible bool
	// BackupState is the BS flag: the credential is synced.
	BackupState bool
	// AttestationFormat is the attestation statement's format ("none",
	// "packed", ...).
	AttestationFormat string
	// CreatedAt is when the passkey was registered.
	CreatedAt time.Time
	// LastUsedAt is when it last signed a sign-in; nil if never.
	LastUsedAt *time.Time
}

// PasskeyPurpose says what a ceremony is for.
type PasskeyPurpose string

// The purposes of passkey ceremonies.
const (
	// PasskeyRegister: a signed-in user adds a passkey to their login.
	PasskeyRegister PasskeyPurpose = "register"
	// PasskeySecondFactor: a passkey in place of the one-time code, after
	// the right password (Login).
	PasskeySecondFactor PasskeyPurpose = "second_factor"
	// PasskeySignIn: a passkey alone, with its user verified, no username
	// typed (PasskeySignIn).
	PasskeySignIn PasskeyPurpose = "sign_in"
)

// PasskeyCeremony is a ceremony in flight, as stored: the hash of its
// challenge, what it is for, the login it is bound to (none for a sign-in,
// whose user is known only from the answer) and when it expires. A
// ceremony is used at most once: the answer's transaction deletes it.
type PasskeyCeremony struct {
	// ChallengeHash is the hex SHA-256 of the challenge.
	ChallengeHash string
	// Purpose is what the ceremony is for.
	Purpose PasskeyPurpose
	// AccountID is the login the ceremony is bound to; empty for
	// PasskeySignIn.
	AccountID string
	// CreatedAt is when it began; ExpiresAt when its answer is no longer
	// accepted.
	CreatedAt time.Time
	ExpiresAt time.Time
}

// PasskeyCeremonyLifetime is how long a ceremony can be answered.
const PasskeyCeremonyLifetime = 5 * time.Minute

// MaxPasskeys is the most passkeys one login may hold.
const MaxPasskeys = 20

// MaxPasskeyNameLength is the most characters a passkey's name may have.
const MaxPasskeyNameLength = 64

// MaxPasskeyResponseBytes is the largest authenticator response accepted
// (attestation objects with certificate chains stay well below it).
const MaxPasskeyResponseBytes = 64 << 10

// PasskeyOptions is a ceremony begun: what the browser's
// navigator.credentials.create (registration) or .get (assertion) takes,
// and until when the answer is accepted.
type PasskeyOptions struct {
	// Options is the JSON of {"publicKey": {...}}, binary values in
	// base64url, as the WebAuthn JSON forms have them.
	Options json.RawMessage
	// ExpiresAt is when the answer is no longer accepted.
	ExpiresAt time.Time
}

// PasskeyUser is the WebAuthn user entity of a login: its user handle (the
// account ID's bytes, opaque to the authenticator and naming no one) and
// the names an authenticator shows.
type PasskeyUser struct {
	// Handle is the user handle (user.id).
	Handle []byte
	// Name and DisplayName are the names an authenticator shows: the
	// username.
	Name        string
	DisplayName string
}

// passkeyUser is the WebAuthn user of an account.
func passkeyUser(a Account) PasskeyUser {
	return PasskeyUser{Handle: []byte(a.ID), Name: a.Username, DisplayName: a.Username}
}

// PasskeyResponse is an authenticator's answer, parsed by the
// PasskeyVerifier: the challenge it signed (from its clientDataJSON), the
// credential and the user handle it names, and the verifier's own parse,
// which the Service hands back to it to verify.
type PasskeyResponse struct {
	// Challenge is the challenge the client data names, decoded.
	Challenge []byte
	// CredentialID is the credential that answered.
	CredentialID []byte
	// UserHandle is the user handle an assertion of a discoverable
	// credential carries; empty otherwise.
	UserHandle []byte
	// Parsed is the verifier's own form of the response.
	Parsed any
}

// PasskeyAssertion is what a verified assertion tells of the authenticator:
// its signature counter and flags.
type PasskeyAssertion struct {
	// SignCount is the authenticator's signature counter.
	SignCount uint32
	// UserVerified, BackupEligible and BackupState are the UV, BE and BS
	// flags of its authenticator data.
	UserVerified   bool
	BackupEligible bool
	BackupState    bool
}

// PasskeyVerifier runs the WebAuthn protocol for the Service: it builds the
// options a browser takes and checks what the authenticator answered
// (client data type, challenge, origin, RP ID hash, user presence and
// verification, flags, attestation statement, signature). It keeps
// nothing: the Service stores the ceremonies and credentials, matches an
// answer to its ceremony by the challenge's hash, and applies the sign
// count and the lockout. It must be safe for concurrent use. Package
// auth/passkey implements it with go-webauthn.
type PasskeyVerifier interface {
	// RegistrationOptions returns the creation options for user, with a
	// fresh challenge of at least 16 random bytes (returned too),
	// excluding the credentials the login holds already, asking for a
	// discoverable credential with its user verified.
	RegistrationOptions(user PasskeyUser, exclude []Passkey) (options, challenge []byte, err error)
	// AssertionOptions returns the request options with a fresh challenge
	// (returned too): allowing the credentials given (none: any
	// discoverable credential of the RP), with user verification required
	// or preferred.
	AssertionOptions(allow []Passkey, userVerification bool) (options, challenge []byte, err error)
	// ParseRegistration and ParseAssertion parse a response as the
	// browser sent it (the JSON of a PublicKeyCredential); an error means
	// it is malformed.
	ParseRegistration(response []byte) (PasskeyResponse, error)
	ParseAssertion(response []byte) (PasskeyResponse, error)
	// VerifyRegistration checks a parsed attestation response for user,
	// against the challenge it carries (the Service has matched it to a
	// stored ceremony), and returns the new credential's fields: its
	// credential ID, public key, sign count, AAGUID, transports, flags
	// and attestation format.
	VerifyRegistration(user PasskeyUser, r PasskeyResponse) (Passkey, error)
	// VerifyAssertion checks a parsed assertion of the credential p of
	// user, against the challenge it carries, requiring user verification
	// when userVerification is set. It does not judge the sign count.
	VerifyAssertion(user PasskeyUser, p Passkey, r PasskeyResponse, userVerification bool) (PasskeyAssertion, error)
}
