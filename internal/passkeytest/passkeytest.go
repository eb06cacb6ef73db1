// Package passkeytest is a software authenticator for tests: it answers the
// WebAuthn options a service hands out as a browser with a platform
// authenticator would, with an ES256 key per credential, "none"
// attestation, authenticator data with its flags and signature counter,
// and client data naming the origin. Tests change what it sends (the
// origin, the RP ID, the flags, the counter, the challenge) to see each
// check refuse. Only tests import it.
package passkeytest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/go-webauthn/webauthn/protocol/webauthncbor"
)

// The flags of authenticator data.
const (
	FlagUserPresent    byte = 0x01
	FlagUserVerified   byte = 0x04
	FlagBackupEligible byte = 0x08
	FlagBackupState    byte = 0x10
	FlagAttestedData   byte = 0x40
)

var b64 = base64.RawURLEncoding

// Credential is a key pair the authenticator holds for one relying party
// and user.
type Credential struct {
	// ID is the credential ID.
	ID []byte
	// Key is its ES256 private key.
	Key *ecdsa.PrivateKey
	// RPID is the relying party it was made for.
	RPID string
	// UserHandle is the user it was made for, which assertions carry.
	UserHandle []byte
	// SignCount is the counter the next assertion increments and sends;
	// with NoCounter the authenticator sends 0 every time.
	SignCount uint32
	NoCounter bool
}

// Authenticator is a software authenticator behind a browser on Origin.
// Its zero value is not usable; call New.
type Authenticator struct {
	// Origin is the origin the browser puts in the client data.
	Origin string
	// Flags are the flags of the authenticator data it makes (user
	// present and verified by default); the attested-data flag is added
	// at registration.
	Flags byte
	creds []*Credential
}

// New returns an authenticator behind a browser on origin.
func New(origin string) *Authenticator {
	return &Authenticator{Origin: origin, Flags: FlagUserPresent | FlagUserVerified}
}

// Credentials are the credentials the authenticator holds, oldest first.
func (a *Authenticator) Credentials() []*Credential { return a.creds }

// Tweaks change one answer: what the browser or the authenticator would
// never send, for tests of the checks.
type Tweaks struct {
	// Origin, RPID and Type replace the client data's origin, the RP ID
	// whose hash is signed, and the client data's type.
	Origin, RPID, Type string
	// Challenge replaces the challenge answered.
	Challenge []byte
	// Flags, when set, replace the authenticator's flags.
	Flags byte
	// SignCount, when set, is sent instead of the next counter value.
	SignCount *uint32
	// UserHandle, when set, replaces the credential's user handle.
	UserHandle []byte
	// CorruptSignature flips a bit of the signature.
	CorruptSignature bool
	// CredentialID, at registration, is the new credential's ID instead
	// of a random one.
	CredentialID []byte
}

// options is what the authenticator reads of creation or request options.
type options struct {
	PublicKey struct {
		Challenge string `json:"challenge"`
		RP        struct {
			ID string `json:"id"`
		} `json:"rp"`
		RPID string `json:"rpId"`
		User struct {
			ID string `json:"id"`
		} `json:"user"`
		Exclude []descriptor `json:"excludeCredentials"`
		Allow   []descriptor `json:"allowCredentials"`
	} `json:"publicKey"`
}

type descriptor struct {
	ID string `json:"id"`
}

func parseOptions(raw []byte) (options, []byte, error) {
	var o options
	if err := json.Unmarshal(raw, &o); err != nil {
		return o, nil, err
	}
	ch, err := b64.DecodeString(o.PublicKey.Challenge)
	if err != nil || len(ch) == 0 {
		return o, nil, errors.New("passkeytest: the options hold no challenge")
	}
	return o, ch, nil
}

// ErrExcluded is Register's error when the options exclude a credential
// the authenticator holds (the browser's InvalidStateError).
var ErrExcluded = errors.New("passkeytest: the authenticator holds an excluded credential")

// Register answers creation options: it makes a credential and returns the
// JSON of the PublicKeyCredential a browser would send.
func (a *Authenticator) Register(opts []byte, tw Tweaks) ([]byte, *Credential, error) {
	o, challenge, err := parseOptions(opts)
	if err != nil {
		return nil, nil, err
	}
	rpID := o.PublicKey.RP.ID
	for _, d := range o.PublicKey.Exclude {
		for _, c := range a.creds {
			if d.ID == b64.EncodeToString(c.ID) && c.RPID == rpID {
				return nil, nil, ErrExcluded
			}
		}
	}
	user, err := b64.DecodeString(o.PublicKey.User.ID)
	if err != nil {
		return nil, nil, err
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, nil, err
	}
	id := tw.CredentialID
	if id == nil {
		id = make([]byte, 16)
		_, _ = rand.Read(id)
	}
	c := &Credential{ID: id, Key: key, RPID: rpID, UserHandle: user}
	cose, err := coseKey(&key.PublicKey)
	if err != nil {
		return nil, nil, err
	}
	attested := make([]byte, 0, 18+len(id)+len(cose))
	attested = append(attested, make([]byte, 16)...) // AAGUID: none
	attested = binary.BigEndian.AppendUint16(attested, uint16(len(id)))
	attested = append(attested, id...)
	attested = append(attested, cose...)
	flags := a.Flags
	if tw.Flags != 0 {
		flags = tw.Flags
	}
	authData := authenticatorData(pick(tw.RPID, rpID), flags|FlagAttestedData, counter(c, tw, false), attested)
	attObj, err := webauthncbor.Marshal(map[string]any{"fmt": "none", "attStmt": map[string]any{}, "authData": authData})
	if err != nil {
		return nil, nil, err
	}
	clientData := a.clientData(pick(tw.Type, "webauthn.create"), challenge, tw)
	resp := map[string]any{
		"id": b64.EncodeToString(id), "rawId": b64.EncodeToString(id), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"attestationObject": b64.EncodeToString(attObj),
			"transports":        []string{"internal"},
		},
	}
	out, err := json.Marshal(resp)
	if err != nil {
		return nil, nil, err
	}
	a.creds = append(a.creds, c)
	return out, c, nil
}

// Assert answers request options with the credential c (nil: the first
// one the options allow, or, allowing any, the first for their RP ID) and
// returns the JSON of the PublicKeyCredential a browser would send.
func (a *Authenticator) Assert(opts []byte, c *Credential, tw Tweaks) ([]byte, error) {
	o, challenge, err := parseOptions(opts)
	if err != nil {
		return nil, err
	}
	if c == nil {
		if c = a.find(o); c == nil {
			return nil, errors.New("passkeytest: no credential for these options")
		}
	}
	flags := a.Flags
	if tw.Flags != 0 {
		flags = tw.Flags
	}
	authData := authenticatorData(pick(tw.RPID, c.RPID), flags, counter(c, tw, true), nil)
	clientData := a.clientData(pick(tw.Type, "webauthn.get"), challenge, tw)
	sum := sha256.Sum256(clientData)
	digest := sha256.Sum256(append(bytes.Clone(authData), sum[:]...))
	sig, err := ecdsa.SignASN1(rand.Reader, c.Key, digest[:])
	if err != nil {
		return nil, err
	}
	if tw.CorruptSignature {
		sig[len(sig)-1] ^= 1
	}
	handle := c.UserHandle
	if tw.UserHandle != nil {
		handle = tw.UserHandle
	}
	resp := map[string]any{
		"id": b64.EncodeToString(c.ID), "rawId": b64.EncodeToString(c.ID), "type": "public-key",
		"authenticatorAttachment": "platform", "clientExtensionResults": map[string]any{},
		"response": map[string]any{
			"clientDataJSON":    b64.EncodeToString(clientData),
			"authenticatorData": b64.EncodeToString(authData),
			"signature":         b64.EncodeToString(sig),
			"userHandle":        b64.EncodeToString(handle),
		},
	}
	return json.Marshal(resp)
}

// find picks the credential an authenticator would use for options.
func (a *Authenticator) find(o options) *Credential {
	rpID := o.PublicKey.RPID
	for _, c := range a.creds {
		if len(o.PublicKey.Allow) == 0 && c.RPID == rpID {
			return c
		}
		for _, d := range o.PublicKey.Allow {
			if d.ID == b64.EncodeToString(c.ID) {
				return c
			}
		}
	}
	return nil
}

// counter is the signature counter to send for c, advancing it for an
// assertion (advance).
func counter(c *Credential, tw Tweaks, advance bool) uint32 {
	if tw.SignCount != nil {
		return *tw.SignCount
	}
	if c.NoCounter {
		return 0
	}
	if advance {
		c.SignCount++
	}
	return c.SignCount
}

func (a *Authenticator) clientData(typ string, challenge []byte, tw Tweaks) []byte {
	if tw.Challenge != nil {
		challenge = tw.Challenge
	}
	b, _ := json.Marshal(map[string]any{
		"type":        typ,
		"challenge":   b64.EncodeToString(challenge),
		"origin":      pick(tw.Origin, a.Origin),
		"crossOrigin": false,
	})
	return b
}

func authenticatorData(rpID string, flags byte, count uint32, attested []byte) []byte {
	h := sha256.Sum256([]byte(rpID))
	out := append(h[:], flags)
	out = binary.BigEndian.AppendUint32(out, count)
	return append(out, attested...)
}

// coseKey is the COSE_Key of an ES256 public key.
func coseKey(k *ecdsa.PublicKey) ([]byte, error) {
	raw, err := k.Bytes()
	if err != nil {
		return nil, err
	}
	if len(raw) != 65 || raw[0] != 4 {
		return nil, fmt.Errorf("passkeytest: unexpected public key encoding")
	}
	return webauthncbor.Marshal(map[int]any{1: 2, 3: -7, -1: 1, -2: raw[1:33], -3: raw[33:]})
}

func pick(s, def string) string {
	if s != "" {
		return s
	}
	return def
}
