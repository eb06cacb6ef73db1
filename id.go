package carenet

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync/atomic"
)

// IDGenerator makes identifiers for new records. Services take one so tests
// get predictable IDs.
type IDGenerator interface {
	NewID() string
}

// IDFunc adapts a function to IDGenerator.
type IDFunc func() string

// NewID calls f.
func (f IDFunc) NewID() string { return f() }

// RandomIDs makes random version-4 UUIDs from crypto/rand. It is the default.
var RandomIDs IDGenerator = IDFunc(newUUID)

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("carenet: crypto/rand failed: " + err.Error())
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}

// SequentialIDs returns a generator of "prefix-000001", "prefix-000002", ...;
// for tests and examples. It is safe for concurrent use.
func SequentialIDs(prefix string) IDGenerator {
	var n atomic.Int64
	return IDFunc(func() string { return fmt.Sprintf("%s-%06d", prefix, n.Add(1)) })
}
