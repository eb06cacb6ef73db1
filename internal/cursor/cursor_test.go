package cursor

import (
	"slices"
	"testing"

	"github.com/carenet-go/carenet"
)

func TestRoundTrip(t *testing.T) {
	s := Encode("2026-03-02T09:00:00Z", "r1")
	got, err := Decode(s, 2)
	if err != nil || !slices.Equal(got, []string{"2026-03-02T09:00:00Z", "r1"}) {
		t.Fatalf("Decode(Encode(...)) = %v, %v", got, err)
	}
}

func TestDecodeRefusesWhatEncodeDidNotMake(t *testing.T) {
	for name, s := range map[string]string{
		"not base64":   "%%%",
		"not JSON":     "bm90IGpzb24",
		"fewer fields": Encode("r1"),
		"more fields":  Encode("a", "b", "r1"),
		"empty id":     Encode("a", ""),
		"null":         "bnVsbA",
	} {
		if _, err := Decode(s, 2); carenet.ErrorCode(err) != carenet.Invalid {
			t.Errorf("%s: Decode(%q) = %v, want Invalid", name, s, err)
		}
	}
}

func TestDecodeOfNoFieldsIsMalformed(t *testing.T) {
	for _, n := range []int{0, -1} {
		if _, err := Decode(Encode("x"), n); carenet.ErrorCode(err) != carenet.Invalid {
			t.Errorf("Decode(_, %d) = %v, want Invalid", n, err)
		}
	}
}
