package audit_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

var (
	signer = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{1}, ed25519.SeedSize))
	pubKey = signer.Public().(ed25519.PublicKey)
)

func TestCheckpoint_TextRoundTrip(t *testing.T) {
	head := audit.Head{Seq: 1234, Hash: strings.Repeat("ab", 32)}
	cp := audit.SignCheckpoint(head, time.Date(2026, 12, 1, 17, 0, 0, 123456789, time.UTC), signer)
	text, err := cp.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(text), "\n"), "\n")
	if len(lines) != 6 || lines[0] != "carenet-audit-checkpoint v1" || lines[1] != "seq 1234" ||
		lines[3] != "time 2026-12-01T17:00:00.123456Z" || lines[4] != "key "+audit.KeyID(pubKey) {
		t.Fatalf("text = %q", text)
	}
	got, err := audit.ParseCheckpoint(text)
	if err != nil {
		t.Fatal(err)
	}
	if got.Head() != head || !got.Time.Equal(cp.Time) || got.KeyID != cp.KeyID || !bytes.Equal(got.Signature, cp.Signature) {
		t.Errorf("parsed %+v, want %+v", got, cp)
	}
	if err := got.Verify(pubKey); err != nil {
		t.Errorf("Verify: %v", err)
	}
	crlf, _ := audit.ParseCheckpoint(bytes.ReplaceAll(text, []byte("\n"), []byte("\r\n")))
	if crlf.Verify(pubKey) != nil {
		t.Error("a checkpoint with CRLF line ends does not verify")
	}
}

func TestCheckpoint_AlteredOrForeignFailsVerification(t *testing.T) {
	cp := audit.SignCheckpoint(audit.Head{Seq: 10, Hash: strings.Repeat("0f", 32)}, time.Now(), signer)
	other := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{2}, ed25519.SeedSize))
	for name, c := range map[string]audit.Checkpoint{
		"seq changed":     func() audit.Checkpoint { c := cp; c.Seq = 9; return c }(),
		"hash changed":    func() audit.Checkpoint { c := cp; c.Hash = strings.Repeat("f0", 32); return c }(),
		"time changed":    func() audit.Checkpoint { c := cp; c.Time = c.Time.Add(time.Second); return c }(),
		"signed by other": audit.SignCheckpoint(cp.Head(), cp.Time, other),
		"key id swapped": func() audit.Checkpoint {
			c := audit.SignCheckpoint(cp.Head(), cp.Time, other)
			c.KeyID = cp.KeyID
			return c
		}(),
	} {
		err := c.Verify(pubKey)
		if !errors.Is(err, audit.ErrCheckpointSignature) || carenet.ErrorCode(err) != carenet.Invalid {
			t.Errorf("%s: Verify = %v, want ErrCheckpointSignature (Invalid)", name, err)
		}
	}
	if err := cp.Verify(ed25519.PublicKey{1, 2, 3}); !errors.Is(err, audit.ErrCheckpointSignature) {
		t.Errorf("a short public key: %v", err)
	}
}

func TestParseCheckpoint_NamesTheBadField(t *testing.T) {
	good, _ := audit.SignCheckpoint(audit.Head{Seq: 3, Hash: strings.Repeat("aa", 32)}, time.Now(), signer).MarshalText()
	lines := strings.Split(string(good), "\n")
	with := func(i int, line string) []byte {
		l := append([]string(nil), lines...)
		l[i] = line
		return []byte(strings.Join(l, "\n"))
	}
	tests := []struct {
		name  string
		text  []byte
		field string
	}{
		{"empty", nil, "checkpoint"},
		{"not a checkpoint", []byte("hello\n"), "checkpoint"},
		{"seq zero", with(1, "seq 0"), "checkpoint.seq"},
		{"seq not a number", with(1, "seq x"), "checkpoint.seq"},
		{"seq with a plus", with(1, "seq +3"), "checkpoint.seq"},
		{"seq line missing", with(1, "sequence 3"), "checkpoint.seq"},
		{"hash short", with(2, "hash abc"), "checkpoint.hash"},
		{"hash upper case", with(2, "hash "+strings.Repeat("AA", 32)), "checkpoint.hash"},
		{"time", with(3, "time yesterday"), "checkpoint.time"},
		{"key", with(4, "key zz"), "checkpoint.key"},
		{"signature", with(5, "signature !!"), "checkpoint.signature"},
		{"signature short", with(5, "signature AAAA"), "checkpoint.signature"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := audit.ParseCheckpoint(tt.text)
			if carenet.ErrorCode(err) != carenet.Invalid || !carenet.Validation(err).Has(tt.field, carenet.RuleFormat) && !carenet.Validation(err).Has(tt.field, carenet.RuleRequired) {
				t.Errorf("ParseCheckpoint = %v, want Invalid naming %s", err, tt.field)
			}
		})
	}
}

func TestKeys_RoundTrip(t *testing.T) {
	key, err := audit.ParsePrivateKey(audit.MarshalPrivateKey(signer))
	if err != nil || !key.Equal(signer) {
		t.Fatalf("ParsePrivateKey = %v", err)
	}
	pub, err := audit.ParsePublicKey(audit.MarshalPublicKey(pubKey))
	if err != nil || !pub.Equal(pubKey) {
		t.Fatalf("ParsePublicKey = %v", err)
	}
	if _, err := audit.ParsePrivateKey(audit.MarshalPublicKey(pubKey)); !carenet.Validation(err).Has("key", carenet.RuleFormat) {
		t.Errorf("a public key read as a signing key: %v", err)
	}
	if _, err := audit.ParsePublicKey([]byte("nonsense")); !carenet.Validation(err).Has("public_key", carenet.RuleFormat) {
		t.Errorf("nonsense read as a public key: %v", err)
	}
}

func TestVerifyAgainst(t *testing.T) {
	ctx := context.Background()
	s := newStore(t, 40)
	svc := audit.NewService(s)
	cp, _, err := svc.Checkpoint(ctx, signer, audit.VerifyOptions{})
	if err != nil || cp.Seq != 40 {
		t.Fatalf("Checkpoint = %+v, %v", cp, err)
	}
	appendEvents(t, s, 40, 60)
	if rep, err := audit.VerifyAgainst(ctx, svc, cp, pubKey); err != nil || rep.Head.Seq != 60 {
		t.Fatalf("VerifyAgainst a log that grew = %+v, %v", rep, err)
	}
	// Truncated and the record of the end rewritten: only the checkpoint
	// tells.
	s.events = s.events[:30]
	s.head = s.events[29].Head()
	if _, _, err := svc.Verify(ctx, audit.Head{}); err != nil {
		t.Fatalf("the store's own record was rewritten too; Verify: %v", err)
	}
	_, err = audit.VerifyAgainst(ctx, svc, cp, pubKey)
	chainErr(t, err, 31)
	// Rewritten from event 10 on and extended past the checkpoint.
	s = newStore(t, 60)
	s.events[9].ActorID = "u-mallory"
	reseal(s.events, 9)
	s.head = s.events[59].Head()
	_, err = audit.VerifyAgainst(ctx, audit.NewService(s), cp, pubKey)
	chainErr(t, err, 40)

	if _, _, err := audit.NewService(&memStore{}).Checkpoint(ctx, signer, audit.VerifyOptions{}); carenet.ErrorCode(err) != carenet.Conflict {
		t.Errorf("a checkpoint of an empty log: %v, want Conflict", err)
	}
}
