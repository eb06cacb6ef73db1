package audit

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// Checkpoint is a signed statement that the chain reached Seq with Hash at
// Time. A host signs one now and then with a key the database's users do
// not hold and writes it where they cannot change it (a file, an object
// store with retention, a transparency log); VerifyAgainst then detects a
// log cut short or rewritten after it, even when whoever did it also
// rewrote the store's record of the end.
type Checkpoint struct {
	// Seq and Hash are the head of the chain that was verified.
	Seq  int64
	Hash string
	// Time is when the checkpoint was made (UTC, microseconds).
	Time time.Time
	// KeyID names the signing key: KeyID of its public key.
	KeyID string
	// Signature is the Ed25519 signature of the checkpoint's signed text
	// (every line of its encoding before the signature line).
	Signature []byte
}

// checkpointMagic is the first line of a checkpoint's text encoding.
const checkpointMagic = "carenet-audit-checkpoint v1"

// ErrCheckpointSignature is the cause of the error of a checkpoint whose
// signature does not verify with the public key given.
var ErrCheckpointSignature = errors.New("the checkpoint's signature does not verify with the public key")

// Head returns the head the checkpoint vouches for.
func (c Checkpoint) Head() Head { return Head{Seq: c.Seq, Hash: c.Hash} }

// signed is the text the signature covers.
func (c Checkpoint) signed() []byte {
	return fmt.Appendf(nil, "%s\nseq %d\nhash %s\ntime %s\nkey %s\n",
		checkpointMagic, c.Seq, c.Hash, c.Time.UTC().Format(checkpointTime), c.KeyID)
}

// checkpointTime is the layout of a checkpoint's time: fixed width, so the
// signed text of a checkpoint is one string.
const checkpointTime = "2006-01-02T15:04:05.000000Z"

// SignCheckpoint signs head as reached at t with key.
func SignCheckpoint(head Head, t time.Time, key ed25519.PrivateKey) Checkpoint {
	c := Checkpoint{Seq: head.Seq, Hash: head.Hash, Time: carenet.Timestamp(t),
		KeyID: KeyID(key.Public().(ed25519.PublicKey))}
	c.Signature = ed25519.Sign(key, c.signed())
	return c
}

// KeyID names a public key: the first 8 bytes of its SHA-256, in hex.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:8])
}

// MarshalText encodes the checkpoint as six lines of text:
//
//	carenet-audit-checkpoint v1
//	seq 1234
//	hash <64 hex digits>
//	time 2026-12-01T17:00:00.000000Z
//	key <16 hex digits>
//	signature <base64 of 64 bytes>
//
// The signature covers the first five lines, newlines included.
func (c Checkpoint) MarshalText() ([]byte, error) {
	b := c.signed()
	b = append(b, "signature "...)
	b = base64.StdEncoding.AppendEncode(b, c.Signature)
	return append(b, '\n'), nil
}

// ParseCheckpoint decodes a checkpoint's text encoding. A malformed one is
// an Invalid error naming each bad field ("checkpoint.seq", ...). It does
// not check the signature: Verify does.
func ParseCheckpoint(text []byte) (Checkpoint, error) {
	const op = "audit.ParseCheckpoint"
	var p carenet.Problems
	lines := strings.Split(strings.TrimSuffix(strings.ReplaceAll(string(text), "\r\n", "\n"), "\n"), "\n")
	if len(lines) != 6 || lines[0] != checkpointMagic {
		p.Add("checkpoint", carenet.RuleFormat, "is not a carenet audit checkpoint (six lines, the first \""+checkpointMagic+"\")")
		return Checkpoint{}, carenet.E(op, carenet.Invalid, "the checkpoint is not valid", p.Err())
	}
	field := func(i int, name string) string {
		v, ok := strings.CutPrefix(lines[i], name+" ")
		if !ok {
			p.Add("checkpoint."+name, carenet.RuleRequired, "line "+strconv.Itoa(i+1)+" must be \""+name+" ...\"")
		}
		return v
	}
	var c Checkpoint
	if v := field(1, "seq"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1 || strconv.FormatInt(n, 10) != v {
			p.Add("checkpoint.seq", carenet.RuleFormat, "must be a sequence number from 1")
		}
		c.Seq = n
	}
	if v := field(2, "hash"); v != "" {
		if !isHash(v) {
			p.Add("checkpoint.hash", carenet.RuleFormat, "must be 64 lowercase hex digits")
		}
		c.Hash = v
	}
	if v := field(3, "time"); v != "" {
		t, err := time.Parse(checkpointTime, v)
		if err != nil {
			p.Add("checkpoint.time", carenet.RuleFormat, "must be a UTC time as "+checkpointTime)
		}
		c.Time = t
	}
	if v := field(4, "key"); v != "" {
		if len(v) != 16 || !isHex(v) {
			p.Add("checkpoint.key", carenet.RuleFormat, "must be 16 lowercase hex digits")
		}
		c.KeyID = v
	}
	if v := field(5, "signature"); v != "" {
		sig, err := base64.StdEncoding.DecodeString(v)
		if err != nil || len(sig) != ed25519.SignatureSize {
			p.Add("checkpoint.signature", carenet.RuleFormat, "must be the base64 of a 64-byte Ed25519 signature")
		}
		c.Signature = sig
	}
	if err := p.Err(); err != nil {
		return Checkpoint{}, carenet.E(op, carenet.Invalid, "the checkpoint is not valid", err)
	}
	return c, nil
}

// Verify checks the checkpoint's signature with pub. A checkpoint signed
// with another key, or altered since, is an Invalid error wrapping
// ErrCheckpointSignature.
func (c Checkpoint) Verify(pub ed25519.PublicKey) error {
	if len(pub) != ed25519.PublicKeySize || c.KeyID != KeyID(pub) || !ed25519.Verify(pub, c.signed(), c.Signature) {
		msg := "the checkpoint's signature does not verify with the public key"
		if len(pub) == ed25519.PublicKeySize && c.KeyID != KeyID(pub) {
			msg = "the checkpoint was signed with key " + c.KeyID + ", not with key " + KeyID(pub)
		}
		return carenet.E("audit.Checkpoint.Verify", carenet.Invalid, msg, ErrCheckpointSignature)
	}
	return nil
}

// Checkpoint verifies the log (from opts.From, a head verified before, when
// given) and signs its head with key. An empty log has nothing to vouch
// for: Conflict. The returned Report is the verification's.
func (s *Service) Checkpoint(ctx context.Context, key ed25519.PrivateKey, opts VerifyOptions) (Checkpoint, Report, error) {
	if len(key) != ed25519.PrivateKeySize {
		return Checkpoint{}, Report{}, carenet.E("audit.Checkpoint", carenet.Invalid, "the signing key is not an Ed25519 private key", nil)
	}
	if err := s.seal(ctx); err != nil {
		return Checkpoint{}, Report{}, err
	}
	rep, err := s.VerifyLog(ctx, opts)
	if err != nil {
		return Checkpoint{}, rep, err
	}
	if rep.Head.Seq == 0 {
		return Checkpoint{}, rep, carenet.E("audit.Checkpoint", carenet.Conflict, "the audit log is empty: there is nothing to sign", nil)
	}
	return SignCheckpoint(rep.Head, carenet.SystemClock.Now(), key), rep, nil
}

// VerifyAgainst verifies the log and that it holds the checkpoint: its
// signature must verify with pub, and the chain must reach cp.Seq with
// cp.Hash there. A log cut short or rewritten since the checkpoint fails,
// whatever the store's own record of its end says. A bad signature is an
// Invalid error wrapping ErrCheckpointSignature; a log that does not hold
// the checkpoint an Internal error wrapping a *ChainError.
func VerifyAgainst(ctx context.Context, log *Service, cp Checkpoint, pub ed25519.PublicKey) (Report, error) {
	return log.VerifyCheckpoint(ctx, cp, pub, VerifyOptions{})
}

// VerifyCheckpoint is VerifyAgainst with options. Set opts.From to
// cp.Head() to resume at the checkpoint instead of the first event (the
// events up to it were verified when it was signed), so a long log is
// checked in the time its new events take.
func (s *Service) VerifyCheckpoint(ctx context.Context, cp Checkpoint, pub ed25519.PublicKey, opts VerifyOptions) (Report, error) {
	if err := cp.Verify(pub); err != nil {
		return Report{}, err
	}
	opts.Anchor = cp.Head()
	return s.VerifyLog(ctx, opts)
}

// Keys are stored as one line of text: "ed25519-private " or
// "ed25519-public " and the base64 of the 32-byte seed or public key.
const (
	privateKeyPrefix = "carenet-audit-ed25519-private "
	publicKeyPrefix  = "carenet-audit-ed25519-public "
)

// MarshalPrivateKey encodes a signing key as one line of text. Keep it
// where the database's users cannot read it.
func MarshalPrivateKey(key ed25519.PrivateKey) []byte {
	return append(base64.StdEncoding.AppendEncode([]byte(privateKeyPrefix), key.Seed()), '\n')
}

// MarshalPublicKey encodes a public key as one line of text.
func MarshalPublicKey(pub ed25519.PublicKey) []byte {
	return append(base64.StdEncoding.AppendEncode([]byte(publicKeyPrefix), pub), '\n')
}

// ParsePrivateKey decodes MarshalPrivateKey's text; anything else is
// Invalid naming the field "key".
func ParsePrivateKey(text []byte) (ed25519.PrivateKey, error) {
	seed, err := parseKey(text, privateKeyPrefix, ed25519.SeedSize)
	if err != nil {
		return nil, err
	}
	return ed25519.NewKeyFromSeed(seed), nil
}

// ParsePublicKey decodes MarshalPublicKey's text; anything else is Invalid
// naming the field "public_key".
func ParsePublicKey(text []byte) (ed25519.PublicKey, error) {
	b, err := parseKey(text, publicKeyPrefix, ed25519.PublicKeySize)
	return ed25519.PublicKey(b), err
}

func parseKey(text []byte, prefix string, size int) ([]byte, error) {
	field := "key"
	if prefix == publicKeyPrefix {
		field = "public_key"
	}
	rest, ok := bytes.CutPrefix(bytes.TrimSpace(text), []byte(prefix))
	var b []byte
	var err error
	if ok {
		b, err = base64.StdEncoding.DecodeString(string(rest))
	}
	if !ok || err != nil || len(b) != size {
		var p carenet.Problems
		p.Add(field, carenet.RuleFormat, "must be one line \""+prefix+"<base64>\" as the SDK writes it")
		return nil, carenet.E("audit.ParseKey", carenet.Invalid, "the key is not valid", p.Err())
	}
	return b, nil
}

func isHash(s string) bool { return len(s) == 64 && isHex(s) }

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
