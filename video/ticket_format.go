package video

import (
	"encoding/base64"
	"encoding/binary"
	"time"

	"github.com/carenet-go/carenet"
)

// The ticket format, version 1:
//
//	v1.<key id>.<payload>.<mac>
//
// payload is the unpadded base64url encoding of
//
//	action (1 byte) | expiry (8 bytes, big-endian Unix seconds) |
//	ticket ID | share ID | video ID | grantee ID
//
// each ID as a length byte followed by its bytes; mac is the unpadded
// base64url HMAC-SHA256, under the key named by key id, of everything
// before the last ".". Every part is URL-safe, so a ticket travels in a
// query string or a path segment as it is.
const (
	ticketVersion = "v1"
	maxIDBytes    = 255
	// maxTicketLen bounds what Verify reads: a payload of four 255-byte
	// IDs is under 1,400 characters.
	maxTicketLen = 2048
)

// b64 is strict: a payload or MAC has exactly one encoding, so a ticket
// cannot be altered into another string that still verifies.
var b64 = base64.RawURLEncoding.Strict()

// macTextLen is the length of an encoded MAC.
var macTextLen = b64.EncodedLen(32)

var errTicketIDs = carenet.E("video.Ticketer.Issue", carenet.Invalid, "",
	&carenet.ValidationError{Problems: []carenet.FieldError{{Field: "claims", Rule: carenet.RuleTooLong, Message: "ticket IDs must be 1 to 255 bytes and the action view or download"}}})

func encodeClaims(c Claims) (string, error) {
	ids := [4]string{c.TicketID, c.ShareID, c.VideoID, c.GranteeID}
	n := 1 + 8
	for _, id := range ids {
		if id == "" || len(id) > maxIDBytes {
			return "", errTicketIDs
		}
		n += 1 + len(id)
	}
	if !c.Action.Valid() {
		return "", errTicketIDs
	}
	buf := make([]byte, 0, n)
	buf = append(buf, byte(c.Action))
	buf = binary.BigEndian.AppendUint64(buf, uint64(c.ExpiresAt.Unix()))
	for _, id := range ids {
		buf = append(buf, byte(len(id)))
		buf = append(buf, id...)
	}
	return b64.EncodeToString(buf), nil
}

func decodeClaims(payload string) (Claims, error) {
	raw, err := b64.DecodeString(payload)
	if err != nil || len(raw) < 9 {
		return Claims{}, ErrTicketMalformed
	}
	s := string(raw) // one allocation; the IDs below share it
	c := Claims{
		Action:    Action(s[0]),
		ExpiresAt: time.Unix(int64(binary.BigEndian.Uint64(raw[1:9])), 0).UTC(),
	}
	pos := 9
	var ids [4]string
	for i := range ids {
		if pos >= len(s) {
			return Claims{}, ErrTicketMalformed
		}
		n := int(s[pos])
		pos++
		if n == 0 || pos+n > len(s) {
			return Claims{}, ErrTicketMalformed
		}
		ids[i] = s[pos : pos+n]
		pos += n
	}
	if pos != len(s) || !c.Action.Valid() {
		return Claims{}, ErrTicketMalformed
	}
	c.TicketID, c.ShareID, c.VideoID, c.GranteeID = ids[0], ids[1], ids[2], ids[3]
	return c, nil
}
