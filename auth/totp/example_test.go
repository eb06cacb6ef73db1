package totp_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/totp"
)

func ExampleGenerate() {
	// The first vector of RFC 6238 Appendix B.
	secret := []byte("12345678901234567890")
	code, err := totp.Generate(secret, time.Unix(59, 0), totp.Config{Digits: 8})
	fmt.Println(code, err)

	// What an authenticator app shows: 6 digits, SHA-1, 30 seconds.
	code, err = totp.Generate(secret, time.Unix(1111111109, 0), totp.Config{})
	fmt.Println(code, err)
	// Output:
	// 94287082 <nil>
	// 081804 <nil>
}

func ExampleValidate() {
	secret := []byte("12345678901234567890")
	now := time.Unix(1111111109, 0)
	lastStep := int64(0) // as stored after the previous login

	step, ok := totp.Validate("081804", secret, now, totp.Config{})
	fmt.Println(step, ok, ok && step > lastStep)
	lastStep = step

	// The same code again, 20 seconds later: still in the window, but its
	// step has been used, so the caller refuses the replay.
	step, ok = totp.Validate("081804", secret, now.Add(20*time.Second), totp.Config{})
	fmt.Println(step, ok, ok && step > lastStep)

	// A malformed code simply does not match.
	fmt.Println(totp.Validate("08l804", secret, now, totp.Config{}))
	// Output:
	// 37037036 true true
	// 37037036 true false
	// 0 false
}

func ExampleHOTP() {
	// RFC 4226 Appendix D, counters 0 to 2.
	for counter := range uint64(3) {
		code, _ := totp.HOTP([]byte("12345678901234567890"), counter, totp.Config{})
		fmt.Println(code)
	}
	// Output:
	// 755224
	// 287082
	// 359152
}

func ExampleKeyURI() {
	secret := []byte("12345678901234567890") // from NewSecret in practice
	fmt.Println(totp.KeyURI("CareNet", "jsmith", secret, totp.Config{}))
	// Output:
	// otpauth://totp/CareNet:jsmith?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=CareNet&algorithm=SHA1&digits=6&period=30
}

func ExampleSeal() {
	key := bytes.Repeat([]byte{7}, totp.KeyBytes) // kept by the host, apart from the store
	secret, _ := totp.NewSecret()

	sealed, _ := totp.Seal(key, secret)
	opened, err := totp.Open(key, sealed)
	fmt.Println(bytes.Equal(opened, secret), err)

	sealed[len(sealed)-1] ^= 1
	_, err = totp.Open(key, sealed)
	fmt.Println(carenet.ErrorCode(err), carenet.ErrorMessage(err))
	// Output:
	// true <nil>
	// invalid the sealed secret cannot be opened: the key is wrong or the value was altered
}

// ExampleKeyRing shows a sealing key rotated: a ring with a new current key
// still opens what the old one sealed, and re-sealing moves it to the new.
func ExampleKeyRing() {
	oldKey, newKey := bytes.Repeat([]byte{1}, totp.KeyBytes), bytes.Repeat([]byte{2}, totp.KeyBytes)
	before, _ := totp.NewKeyRing("2025", map[string][]byte{"2025": oldKey})
	sealed, _ := before.Seal([]byte("12345678901234567890"))

	after, _ := totp.NewKeyRing("2026", map[string][]byte{"2025": oldKey, "2026": newKey})
	secret, keyID, err := after.Open(sealed)
	fmt.Println(string(secret), keyID, err)
	resealed, _ := after.Seal(secret)
	fmt.Println(totp.KeyID(resealed))
	// Output:
	// 12345678901234567890 2025 <nil>
	// 2026
}
