package video

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/carenet-go/carenet"
)

// Ticket limits and defaults.
const (
	// MinKeyLength is the shortest ticket signing key accepted, in bytes.
	MinKeyLength = 32
	// MaxKeyIDLength is the longest key ID; key IDs use the characters
	// A-Z, a-z, 0-9, "_" and "-".
	MaxKeyIDLength = 32
	// DefaultTicketTTL is how long a ticket works when TicketConfig.TTL is 0.
	DefaultTicketTTL = 5 * time.Minute
	// MaxTicketTTL is the longest TicketConfig.TTL accepted.
	MaxTicketTTL = time.Hour
)

// TicketConfig holds the keys that sign access tickets. To rotate, add a
// new key, make it current, and remove the old one once every ticket it
// signed has expired (after TTL): tickets signed with any key still in Keys
// verify; tickets signed with a removed key do not.
type TicketConfig struct {
	// KeyID names the key new tickets are signed with; it must be in Keys.
	KeyID string
	// Keys are the signing keys by ID, each at least MinKeyLength random
	// bytes. Keep them secret: anyone holding one can mint tickets.
	Keys map[string][]byte
	// TTL is how long a ticket works: DefaultTicketTTL when 0, at most
	// MaxTicketTTL.
	TTL time.Duration
}

// Claims are what a ticket says: who may do what with which share and
// video, until when.
type Claims struct {
	// TicketID identifies the ticket; the audit event of the access that
	// issued it records it.
	TicketID  string
	ShareID   string
	VideoID   string
	GranteeID string
	Action    Action
	// ExpiresAt is when the ticket stops working, to the second.
	ExpiresAt time.Time
	// KeyID names the key that signed the ticket.
	KeyID string
}

// Ticket verification errors. They are shared values: compare them with
// errors.Is. Malformed, unknown-key and signature failures say nothing
// about the ticket's content and are Unauthenticated; so is an expired
// ticket, and one already used as often as it may be (Service.VerifyTicket
// alone tells). A ticket for another action or another user is Forbidden.
var (
	ErrTicketMalformed   = &carenet.Error{Code: carenet.Unauthenticated, Op: "video.VerifyTicket", Message: "the video access ticket is malformed"}
	ErrTicketUnknownKey  = &carenet.Error{Code: carenet.Unauthenticated, Op: "video.VerifyTicket", Message: "the video access ticket was signed with an unknown key"}
	ErrTicketSignature   = &carenet.Error{Code: carenet.Unauthenticated, Op: "video.VerifyTicket", Message: "the video access ticket's signature is not valid"}
	ErrTicketExpired     = &carenet.Error{Code: carenet.Unauthenticated, Op: "video.VerifyTicket", Message: "the video access ticket has expired; open the video again"}
	ErrTicketWrongAction = &carenet.Error{Code: carenet.Forbidden, Op: "video.VerifyTicket", Message: "the video access ticket is for another action"}
	ErrTicketWrongUser   = &carenet.Error{Code: carenet.Forbidden, Op: "video.VerifyTicket", Message: "the video access ticket belongs to another user"}
	ErrTicketUsed        = &carenet.Error{Code: carenet.Unauthenticated, Op: "video.VerifyTicket", Message: "the video access ticket was already used; open the video again"}
)

// Ticketer issues and verifies access tickets. It is safe for concurrent
// use. It checks a ticket's signature, expiry and action only; the use of
// a ticket, and its place in the chain of custody, is Service.VerifyTicket's.
type Ticketer struct {
	current string
	keys    map[string]*ticketKey
	ttl     time.Duration
}

// ticketKey is one signing key with a pool of keyed HMACs, so signing and
// verifying do not re-derive the key's pads each time.
type ticketKey struct {
	pool sync.Pool
}

func newTicketKey(secret []byte) *ticketKey {
	secret = append([]byte(nil), secret...)
	k := &ticketKey{}
	k.pool.New = func() any { return hmac.New(sha256.New, secret) }
	return k
}

// mac returns the HMAC-SHA256 of s.
func (k *ticketKey) mac(s string) [sha256.Size]byte {
	h := k.pool.Get().(hash.Hash)
	h.Reset()
	_, _ = io.WriteString(h, s)
	var out [sha256.Size]byte
	h.Sum(out[:0])
	k.pool.Put(h)
	return out
}

// NewTicketer checks cfg and returns a Ticketer. A missing or unknown
// current key, a key shorter than MinKeyLength, a malformed key ID or a TTL
// out of range is an Invalid error naming the field.
func NewTicketer(cfg TicketConfig) (*Ticketer, error) {
	var p carenet.Problems
	checkTicketConfig(cfg, "", &p)
	if err := p.Err(); err != nil {
		return nil, carenet.E("video.NewTicketer", carenet.Invalid, "", err)
	}
	t := &Ticketer{current: cfg.KeyID, keys: make(map[string]*ticketKey, len(cfg.Keys)), ttl: cfg.TTL}
	if t.ttl == 0 {
		t.ttl = DefaultTicketTTL
	}
	for id, k := range cfg.Keys {
		t.keys[id] = newTicketKey(k)
	}
	return t, nil
}

func checkTicketConfig(cfg TicketConfig, prefix string, p *carenet.Problems) {
	switch {
	case cfg.KeyID == "":
		p.Add(prefix+"KeyID", carenet.RuleRequired, "is required")
	case cfg.Keys[cfg.KeyID] == nil:
		p.Add(prefix+"KeyID", carenet.RuleOneOf, "must name one of Keys")
	}
	if len(cfg.Keys) == 0 {
		p.Add(prefix+"Keys", carenet.RuleRequired, "at least one key is required")
	}
	for id, k := range cfg.Keys {
		if !validKeyID(id) {
			p.Add(prefix+"Keys["+id+"]", carenet.RuleFormat, "key IDs are 1 to 32 letters, digits, _ or -")
		}
		if len(k) < MinKeyLength {
			p.Add(prefix+"Keys["+id+"]", carenet.RuleTooShort, "must be at least 32 bytes")
		}
	}
	if cfg.TTL < 0 || cfg.TTL > MaxTicketTTL {
		p.Add(prefix+"TTL", carenet.RuleRange, "must be between 0 (the default of 5 minutes) and 1 hour")
	} else if cfg.TTL != 0 && cfg.TTL < time.Second {
		p.Add(prefix+"TTL", carenet.RuleRange, "must be at least a second")
	}
}

func validKeyID(id string) bool {
	if id == "" || len(id) > MaxKeyIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// TTL is how long the tickets it issues work.
func (t *Ticketer) TTL() time.Duration { return t.ttl }

// Issue signs a ticket with the current key for c's ticket, share, video,
// grantee and action. The ticket expires TTL after now, or at c.ExpiresAt
// if that is set and earlier (a share's expiry), to the second. It returns
// the ticket and its claims as Verify will read them. The IDs are at most
// 255 bytes each and the action View or Download; anything else is an
// Invalid error.
func (t *Ticketer) Issue(c Claims, now time.Time) (string, Claims, error) {
	exp := now.Add(t.ttl)
	if !c.ExpiresAt.IsZero() && c.ExpiresAt.Before(exp) {
		exp = c.ExpiresAt
	}
	c.ExpiresAt = time.Unix(exp.Unix(), 0).UTC()
	c.KeyID = t.current
	payload, err := encodeClaims(c)
	if err != nil {
		return "", Claims{}, err
	}
	var b strings.Builder
	b.Grow(len(ticketVersion) + 1 + len(c.KeyID) + 1 + len(payload) + 1 + macTextLen)
	b.WriteString(ticketVersion)
	b.WriteByte('.')
	b.WriteString(c.KeyID)
	b.WriteByte('.')
	b.WriteString(payload)
	mac := t.keys[t.current].mac(b.String())
	b.WriteByte('.')
	b.WriteString(b64.EncodeToString(mac[:]))
	return b.String(), c, nil
}

// Verify checks a ticket for the action want at now and returns its claims.
// It refuses, with one of the ErrTicket errors: a ticket that is malformed
// or truncated (ErrTicketMalformed), signed with a key not in the config
// (ErrTicketUnknownKey), whose signature does not match its content, as
// after any change to it (ErrTicketSignature), that has expired
// (ErrTicketExpired) or that is for another action (ErrTicketWrongAction).
// The signature is compared in constant time. When the signature is valid
// but the ticket is refused, the claims are returned with the error.
//
// Verify knows nothing of earlier uses and records nothing: a storage
// proxy that streams on Verify alone leaves the reach out of the video's
// chain of custody and lets a download ticket be used again until it
// expires. Stream only what Service.VerifyTicket accepted, which records
// every use and makes a download ticket single-use. A caller that knows
// who is asking should use VerifyFor.
func (t *Ticketer) Verify(ticket string, want Action, now time.Time) (Claims, error) {
	if len(ticket) > maxTicketLen {
		return Claims{}, ErrTicketMalformed
	}
	rest, ok := strings.CutPrefix(ticket, ticketVersion+".")
	if !ok {
		return Claims{}, ErrTicketMalformed
	}
	kid, rest, ok1 := strings.Cut(rest, ".")
	payload, macText, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || kid == "" || payload == "" || len(macText) != macTextLen {
		return Claims{}, ErrTicketMalformed
	}
	var got [sha256.Size]byte
	if n, err := b64.Decode(got[:], []byte(macText)); err != nil || n != len(got) {
		return Claims{}, ErrTicketMalformed
	}
	key := t.keys[kid]
	if key == nil {
		return Claims{}, ErrTicketUnknownKey
	}
	want0 := key.mac(ticket[:len(ticket)-len(macText)-1])
	if !hmac.Equal(got[:], want0[:]) {
		return Claims{}, ErrTicketSignature
	}
	c, err := decodeClaims(payload)
	if err != nil {
		// Only a holder of the key could have signed it: a bug, not an
		// attack, but refused all the same.
		return Claims{}, ErrTicketMalformed
	}
	c.KeyID = kid
	switch {
	case !now.Before(c.ExpiresAt):
		return c, ErrTicketExpired
	case c.Action != want:
		return c, ErrTicketWrongAction
	}
	return c, nil
}

// VerifyFor is Verify for a caller who knows who is asking: it also
// refuses a ticket issued to anyone but granteeID (ErrTicketWrongUser).
func (t *Ticketer) VerifyFor(ticket string, want Action, granteeID string, now time.Time) (Claims, error) {
	c, err := t.Verify(ticket, want, now)
	if err != nil {
		return c, err
	}
	if granteeID == "" || c.GranteeID != granteeID {
		return c, ErrTicketWrongUser
	}
	return c, nil
}
