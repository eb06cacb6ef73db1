package audit

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"time"
)

// Seal completes e as the event after prev (the zero Head for the first
// event): it sets Seq and PrevHash and computes Hash. Stores call it while
// holding the head of the chain.
func Seal(e Event, prev Head) Event {
	e.Seq = prev.Seq + 1
	e.PrevHash = prev.Hash
	e.At = e.At.UTC().Truncate(time.Microsecond)
	e.Hash = hashOf(e)
	return e
}

// hashOf is SHA-256 over an unambiguous encoding of every field but Hash:
// each field is length-prefixed, details sorted by key.
func hashOf(e Event) string {
	h := sha256.New()
	var n [8]byte
	field := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	field("carenet.audit.v1")
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	field(e.ID)
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(e.ActorID)
	field(string(e.Action))
	field(e.TargetType)
	field(e.TargetID)
	keys := make([]string, 0, len(e.Details))
	for k := range e.Details {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	binary.BigEndian.PutUint64(n[:], uint64(len(keys)))
	h.Write(n[:])
	for _, k := range keys {
		field(k)
		field(e.Details[k])
	}
	field(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// ChainError says where a chain is broken and how.
type ChainError struct {
	// Seq is the sequence number at which the break was found.
	Seq int64
	// Reason is what is wrong there.
	Reason string
}

// Error names the event and the reason.
func (e *ChainError) Error() string {
	return fmt.Sprintf("audit chain broken at event %d: %s", e.Seq, e.Reason)
}

// Verifier checks a chain one event at a time, in order, so a log of any
// length is verified without holding it in memory. The zero value expects
// the chain from its first event.
type Verifier struct {
	head Head
	n    int64
}

// Resume returns a Verifier that continues after a Head verified before.
func Resume(h Head) *Verifier { return &Verifier{head: h} }

// Next checks e as the event that follows those seen so far.
func (v *Verifier) Next(e Event) error {
	want := v.head.Seq + 1
	switch {
	case e.Seq < want:
		return &ChainError{Seq: e.Seq, Reason: "sequence number repeats or goes back"}
	case e.Seq > want:
		return &ChainError{Seq: want, Reason: fmt.Sprintf("event %d is missing", want)}
	case subtle.ConstantTimeCompare([]byte(e.PrevHash), []byte(v.head.Hash)) != 1:
		return &ChainError{Seq: e.Seq, Reason: "does not follow the event before it (an event was removed, inserted or altered)"}
	case subtle.ConstantTimeCompare([]byte(hashOf(e)), []byte(e.Hash)) != 1:
		return &ChainError{Seq: e.Seq, Reason: "its content does not match its hash (the event was altered)"}
	}
	v.head = e.Head()
	v.n++
	return nil
}

// Head is the last event verified.
func (v *Verifier) Head() Head { return v.head }

// Count is how many events were verified.
func (v *Verifier) Count() int64 { return v.n }

// Verify checks a whole chain held in memory, from its first event, and
// returns its head.
func Verify(events []Event) (Head, error) {
	var v Verifier
	for _, e := range events {
		if err := v.Next(e); err != nil {
			return v.Head(), err
		}
	}
	return v.Head(), nil
}
