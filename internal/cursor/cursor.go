// Package cursor makes the opaque paging cursors of the services: the
// fields of a position as a JSON array of strings in unpadded URL-safe
// base64.
package cursor

import (
	"encoding/base64"
	"encoding/json"

	"github.com/carenet-go/carenet"
)

// Encode makes the opaque cursor string holding the fields of a position.
func Encode(fields ...string) string {
	b, _ := json.Marshal(fields)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Decode reads a cursor made by Encode from n fields (at least one) and
// returns them; the last field, the position's id, must not be empty.
// Invalid otherwise.
func Decode(s string, n int) ([]string, error) {
	if n < 1 {
		return nil, Malformed()
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	var fields []string
	if err == nil {
		err = json.Unmarshal(b, &fields)
	}
	if err != nil || len(fields) != n || fields[n-1] == "" {
		return nil, Malformed()
	}
	return fields, nil
}

// Malformed is the Invalid error of a string that is not a cursor.
func Malformed() error {
	return carenet.Errorf(carenet.Invalid, "malformed cursor")
}
