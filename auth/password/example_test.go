package password_test

import (
	"fmt"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth/password"
)

func ExampleHasher_Hash() {
	var h password.Hasher // the zero value uses DefaultParams
	encoded, err := h.Hash("correct horse battery staple")
	if err != nil {
		fmt.Println(err)
		return
	}
	// The salt and key that follow are random; the rest is fixed by the
	// parameters.
	parts := strings.Split(encoded, "$")
	fmt.Println(strings.Join(parts[:4], "$"))
	// Output:
	// $argon2id$v=19$m=19456,t=2,p=1
}

func ExampleHasher_Verify() {
	var h password.Hasher
	encoded, _ := h.Hash("correct horse battery staple")

	ok, rehash, err := h.Verify("correct horse battery staple", encoded)
	fmt.Println(ok, rehash, err)
	ok, rehash, err = h.Verify("Tr0ub4dor&3", encoded)
	fmt.Println(ok, rehash, err)

	// A bcrypt hash from an older system verifies, and asks to be replaced.
	ok, rehash, err = h.Verify("allmine", "$2a$10$XajjQvNhvvRt5GSeFk1xFeyqRrsxkhBkUiQeg0dt.wU1qD4aFDcga")
	fmt.Println(ok, rehash, err)

	// A damaged hash is an error, not a wrong password.
	_, _, err = h.Verify("correct horse battery staple", encoded[:40])
	fmt.Println(carenet.ErrorCode(err))
	// Output:
	// true false <nil>
	// false false <nil>
	// true true <nil>
	// invalid
}

func ExampleHasher_Unusable() {
	var h password.Hasher
	locked, _ := h.Unusable()
	ok, _, err := h.Verify("", locked)
	fmt.Println(ok, err)
	// Output:
	// false <nil>
}

func ExampleParsePHC() {
	h, err := password.ParsePHC("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s v%d m=%d t=%d p=%d salt=%q key=%d bytes\n",
		h.Algorithm, h.Version, h.Params.Memory, h.Params.Iterations, h.Params.Parallelism, h.Salt, len(h.Key))

	_, err = password.ParsePHC("$argon2id$v=19$m=4294967295,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc")
	fmt.Println(carenet.ErrorMessage(err))
	// Output:
	// argon2id v19 m=65536 t=2 p=1 salt="somesalt" key=32 bytes
	// the password hash has its memory cost (m) out of range: it must be between 8 KiB per lane and 1048576 KiB
}

func ExamplePolicy_Check() {
	p := password.DefaultPolicy()

	fmt.Println(p.Check("correct horse battery staple", "jsmith", "Jane", "Smith"))

	err := p.Check("Password", "jsmith", "Jane", "Smith")
	for _, problem := range carenet.Validation(err).Problems {
		fmt.Printf("%s %s: %s\n", problem.Field, problem.Rule, problem.Message)
	}

	err = p.Check("jane smith 1985", "jsmith", "Jane", "Smith")
	fmt.Println(carenet.ErrorMessage(err))
	// Output:
	// <nil>
	// password too_short: must be at least 12 characters
	// password common: is too common; choose a less predictable password
	// password: must not contain your username or your names
}

// A password of 12 characters or more, in four classes of character, is
// refused all the same when guessing attacks try it early.
func ExamplePolicy_Check_guessable() {
	p := password.DefaultPolicy()
	p.RequireClasses = 4
	for _, pw := range []string{"P@ssw0rd1234", "Spring2024!!", "Zaq1@wsxCde3", "Kestrel!Ferry9Mango"} {
		err := p.Check(pw)
		if err == nil {
			fmt.Printf("%s: accepted\n", pw)
			continue
		}
		for _, problem := range carenet.Validation(err).Problems {
			fmt.Printf("%s: %s\n", pw, problem.Rule)
		}
	}
	// Output:
	// P@ssw0rd1234: common_with_additions
	// Spring2024!!: common_with_additions
	// Zaq1@wsxCde3: sequence
	// Zaq1@wsxCde3: keyboard
	// Kestrel!Ferry9Mango: accepted
}

func ExamplePolicy_Validate() {
	p := password.Policy{MinLength: 6, MaxLength: 32}
	fmt.Println(carenet.Validation(p.Validate()))
	// Output:
	// MinLength: must be at least 8; MaxLength: must be between 64 and 1024
}
