package passkey

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Config names the relying party: the site passkeys are registered for.
type Config struct {
	// RPID is the relying party's ID: the site's domain name, or a
	// registrable suffix of it ("carenet.example.org", or "localhost" in
	// development), without scheme, port or path. Passkeys are bound to
	// it: changing it later leaves every registered passkey unusable.
	RPID string
	// RPDisplayName is the name authenticators show ("CareNet").
	RPDisplayName string
	// Origins are the origins the browser may run the ceremonies on:
	// https://host[:port], with the host the RP ID or a name under it;
	// http only for localhost, which browsers treat as a secure context.
	Origins []string
}

// MaxDisplayNameLength is the most characters Config.RPDisplayName may
// have.
const MaxDisplayNameLength = 64

// Validate returns an Invalid error naming each field that is wrong and
// the rule it breaks, or nil.
func (c Config) Validate() error {
	var p carenet.Problems
	rpOK := true
	switch {
	case c.RPID == "":
		p.Add("RPID", carenet.RuleRequired, "is required: the site's domain name, such as carenet.example.org")
		rpOK = false
	case !validDomain(c.RPID):
		p.Add("RPID", carenet.RuleFormat, "must be a domain name in lower case, such as carenet.example.org, without scheme, port or path (not an IP address)")
		rpOK = false
	}
	p.Text("RPDisplayName", c.RPDisplayName, true, MaxDisplayNameLength, false)
	if len(c.Origins) == 0 {
		p.Add("Origins", carenet.RuleRequired, "must list at least one origin, such as https://carenet.example.org")
	}
	for i, o := range c.Origins {
		field := carenet.Path("Origins", i)
		if msg := checkOrigin(o, c.RPID, rpOK); msg != "" {
			p.Add(field, carenet.RuleFormat, msg)
		}
	}
	if err := p.Err(); err != nil {
		return carenet.E("passkey.Config", carenet.Invalid, "the passkey configuration is not valid", err)
	}
	return nil
}

// validDomain reports whether s is a domain name in lower case: labels of
// letters, digits and hyphens, not starting or ending with a hyphen, and
// not an IP address.
func validDomain(s string) bool {
	if len(s) > 253 || net.ParseIP(s) != nil {
		return false
	}
	for _, label := range strings.Split(s, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// checkOrigin says what is wrong with an origin for the RP ID ("" if
// nothing); rpOK says the RP ID itself is valid.
func checkOrigin(o, rpID string, rpOK bool) string {
	u, err := url.Parse(o)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "must be an origin such as https://carenet.example.org"
	}
	if u.User != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(o, "?") || strings.HasSuffix(o, "#") {
		return "must be an origin alone: scheme, host and port, with no path, query, fragment or user"
	}
	host := u.Hostname()
	if host != strings.ToLower(host) {
		return "must have its host in lower case"
	}
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return "must have a port from 1 to 65535"
		}
	}
	local := host == "localhost" || strings.HasSuffix(host, ".localhost")
	switch {
	case u.Scheme == "http" && !local:
		return "must use https (http only for localhost)"
	case u.Scheme != "https" && u.Scheme != "http":
		return "must use https"
	}
	if rpOK && host != rpID && !strings.HasSuffix(host, "."+rpID) {
		return "must be on the RP ID's domain (" + rpID + " or a name under it)"
	}
	return ""
}

// RelyingParty runs the WebAuthn ceremonies for auth.Service: it is an
// auth.PasskeyVerifier. It is safe for concurrent use.
type RelyingParty struct {
	wa *webauthn.WebAuthn
}

var _ auth.PasskeyVerifier = (*RelyingParty)(nil)

// New returns the RelyingParty of cfg, or an Invalid error naming each
// field of cfg that is wrong (see Config.Validate).
func New(cfg Config) (*RelyingParty, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	origins := make([]string, len(cfg.Origins))
	for i, o := range cfg.Origins {
		origins[i] = strings.TrimSuffix(o, "/")
	}
	wa, err := webauthn.New(&webauthn.Config{
		RPID:                  cfg.RPID,
		RPDisplayName:         cfg.RPDisplayName,
		RPOrigins:             origins,
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:        protocol.ResidentKeyRequirementRequired,
			RequireResidentKey: protocol.ResidentKeyRequired(),
			UserVerification:   protocol.VerificationRequired,
		},
		// The ceremony's lifetime is the SDK's, enforced by auth on its
		// own clock; the browser is told the same.
		Timeouts: webauthn.TimeoutsConfig{
			Login:        webauthn.TimeoutConfig{Timeout: auth.PasskeyCeremonyLifetime, TimeoutUVD: auth.PasskeyCeremonyLifetime},
			Registration: webauthn.TimeoutConfig{Timeout: auth.PasskeyCeremonyLifetime, TimeoutUVD: auth.PasskeyCeremonyLifetime},
		},
	})
	if err != nil {
		return nil, carenet.E("passkey.New", carenet.Invalid, "the passkey configuration is not valid", err)
	}
	return &RelyingParty{wa: wa}, nil
}

// user is a webauthn.User of one login and its credentials.
type user struct {
	u     auth.PasskeyUser
	creds []webauthn.Credential
}

// WebAuthnID is the user handle.
func (u user) WebAuthnID() []byte { return u.u.Handle }

// WebAuthnName is the user's name.
func (u user) WebAuthnName() string { return u.u.Name }

// WebAuthnDisplayName is the name shown.
func (u user) WebAuthnDisplayName() string { return u.u.DisplayName }

// WebAuthnCredentials are the credentials of the ceremony.
func (u user) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// credential is the webauthn.Credential of a stored passkey.
func credential(p auth.Passkey) webauthn.Credential {
	transports := make([]protocol.AuthenticatorTransport, len(p.Transports))
	for i, t := range p.Transports {
		transports[i] = protocol.AuthenticatorTransport(t)
	}
	return webauthn.Credential{
		ID:                p.CredentialID,
		PublicKey:         p.PublicKey,
		AttestationFormat: p.AttestationFormat,
		Transport:         transports,
		Flags: webauthn.CredentialFlags{
			UserPresent:    true,
			UserVerified:   p.UserVerified,
			BackupEligible: p.BackupEligible,
			BackupState:    p.BackupState,
		},
		Authenticator: webauthn.Authenticator{AAGUID: p.AAGUID, SignCount: p.SignCount},
	}
}

func descriptors(list []auth.Passkey) []protocol.CredentialDescriptor {
	out := make([]protocol.CredentialDescriptor, len(list))
	for i, p := range list {
		c := credential(p)
		out[i] = c.Descriptor()
	}
	return out
}

// RegistrationOptions returns the creation options for u (see
// auth.PasskeyVerifier), excluding the credentials given.
func (rp *RelyingParty) RegistrationOptions(u auth.PasskeyUser, exclude []auth.Passkey) ([]byte, []byte, error) {
	creation, session, err := rp.wa.BeginRegistration(user{u: u}, webauthn.WithExclusions(descriptors(exclude)))
	if err != nil {
		return nil, nil, err
	}
	return marshal(creation, session.Challenge)
}

// AssertionOptions returns the request options allowing the credentials
// given (none: any discoverable one), with user verification required or
// preferred.
func (rp *RelyingParty) AssertionOptions(allow []auth.Passkey, userVerification bool) ([]byte, []byte, error) {
	uv := protocol.VerificationPreferred
	if userVerification {
		uv = protocol.VerificationRequired
	}
	opts := []webauthn.LoginOption{webauthn.WithUserVerification(uv)}
	if len(allow) > 0 {
		opts = append(opts, webauthn.WithAllowedCredentials(descriptors(allow)))
	}
	assertion, session, err := rp.wa.BeginDiscoverableLogin(opts...)
	if err != nil {
		return nil, nil, err
	}
	return marshal(assertion, session.Challenge)
}

// marshal returns the JSON of options and the challenge decoded.
func marshal(options any, challenge string) ([]byte, []byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(challenge)
	if err != nil {
		return nil, nil, err
	}
	b, err := json.Marshal(options)
	return b, raw, err
}

// ParseRegistration parses the JSON of a PublicKeyCredential from
// navigator.credentials.create.
func (rp *RelyingParty) ParseRegistration(response []byte) (auth.PasskeyResponse, error) {
	p, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return auth.PasskeyResponse{}, err
	}
	ch, err := challengeOf(p.Response.CollectedClientData.Challenge)
	if err != nil {
		return auth.PasskeyResponse{}, err
	}
	return auth.PasskeyResponse{Challenge: ch, CredentialID: p.RawID, Parsed: p}, nil
}

// ParseAssertion parses the JSON of a PublicKeyCredential from
// navigator.credentials.get.
func (rp *RelyingParty) ParseAssertion(response []byte) (auth.PasskeyResponse, error) {
	p, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return auth.PasskeyResponse{}, err
	}
	ch, err := challengeOf(p.Response.CollectedClientData.Challenge)
	if err != nil {
		return auth.PasskeyResponse{}, err
	}
	return auth.PasskeyResponse{Challenge: ch, CredentialID: p.RawID, UserHandle: p.Response.UserHandle, Parsed: p}, nil
}

// challengeOf decodes the challenge of client data.
func challengeOf(s string) ([]byte, error) {
	ch, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(ch) < protocol.MinimumChallengeLength {
		return nil, errors.New("passkey: the client data holds no challenge")
	}
	return ch, nil
}

// errNotParsed is the error for a response that this RelyingParty did not
// parse.
var errNotParsed = errors.New("passkey: the response was not parsed by this relying party")

// VerifyRegistration checks an attestation response for u against the
// challenge it carries, which auth has matched to a ceremony it issued,
// and returns the new credential.
func (rp *RelyingParty) VerifyRegistration(u auth.PasskeyUser, r auth.PasskeyResponse) (auth.Passkey, error) {
	p, ok := r.Parsed.(*protocol.ParsedCredentialCreationData)
	if !ok {
		return auth.Passkey{}, errNotParsed
	}
	session := webauthn.SessionData{
		Challenge:        protocol.URLEncodedBase64(r.Challenge).String(),
		RelyingPartyID:   rp.wa.Config.RPID,
		UserID:           u.Handle,
		UserVerification: protocol.VerificationRequired,
		CredParams:       webauthn.CredentialParametersDefault(),
	}
	c, err := rp.wa.CreateCredential(user{u: u}, session, p)
	if err != nil {
		return auth.Passkey{}, err
	}
	transports := make([]string, len(c.Transport))
	for i, t := range c.Transport {
		transports[i] = string(t)
	}
	return auth.Passkey{
		CredentialID:      c.ID,
		PublicKey:         c.PublicKey,
		SignCount:         c.Authenticator.SignCount,
		AAGUID:            c.Authenticator.AAGUID,
		Transports:        transports,
		UserVerified:      c.Flags.UserVerified,
		BackupEligible:    c.Flags.BackupEligible,
		BackupState:       c.Flags.BackupState,
		AttestationFormat: c.AttestationFormat,
	}, nil
}

// VerifyAssertion checks an assertion of the passkey p of u against the
// challenge it carries, which auth has matched to a ceremony it issued. It
// leaves the sign count to auth (auth.SignCountAccepted).
func (rp *RelyingParty) VerifyAssertion(u auth.PasskeyUser, p auth.Passkey, r auth.PasskeyResponse, userVerification bool) (auth.PasskeyAssertion, error) {
	parsed, ok := r.Parsed.(*protocol.ParsedCredentialAssertionData)
	if !ok {
		return auth.PasskeyAssertion{}, errNotParsed
	}
	uv := protocol.VerificationPreferred
	if userVerification {
		uv = protocol.VerificationRequired
	}
	session := webauthn.SessionData{
		Challenge:            protocol.URLEncodedBase64(r.Challenge).String(),
		RelyingPartyID:       rp.wa.Config.RPID,
		UserID:               u.Handle,
		AllowedCredentialIDs: [][]byte{p.CredentialID},
		UserVerification:     uv,
		Expires:              time.Time{},
	}
	if _, err := rp.wa.ValidateLogin(user{u: u, creds: []webauthn.Credential{credential(p)}}, session, parsed); err != nil {
		return auth.PasskeyAssertion{}, err
	}
	f := parsed.Response.AuthenticatorData.Flags
	return auth.PasskeyAssertion{
		SignCount:      parsed.Response.AuthenticatorData.Counter,
		UserVerified:   f.HasUserVerified(),
		BackupEligible: f.HasBackupEligible(),
		BackupState:    f.HasBackupState(),
	}, nil
}
