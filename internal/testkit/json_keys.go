package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// JSONKeys returns the keys of the JSON object v encodes to, in the order
// encoding/json writes them, for a test that a type's JSON form keeps its
// shape.
func JSONKeys(v any) ([]string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, fmt.Errorf("testkit: %T does not encode to a JSON object", v)
	}
	var keys []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return nil, err
		}
		keys = append(keys, k.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return nil, err
		}
	}
	return keys, nil
}
