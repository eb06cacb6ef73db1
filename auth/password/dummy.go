package password

import (
	"crypto/rand"
	"crypto/subtle"
	"sync"

	"golang.org/x/crypto/argon2"
)

// dummies holds one dummy hash per set of parameters in use (in practice
// one), computed on first use. It lives outside Hasher so that a Hasher
// stays a plain value that can be copied.
var dummies sync.Map // Params → *dummy

// dummy is a hash of a random password nobody knows.
type dummy struct {
	once sync.Once
	hash PHC
}

// dummyFor returns the dummy hash for p, computing it once.
func dummyFor(p Params) PHC {
	v, _ := dummies.LoadOrStore(p, new(dummy))
	d := v.(*dummy)
	d.once.Do(func() {
		secret := make([]byte, 32)
		salt := make([]byte, p.SaltLength)
		// crypto/rand.Read does not fail on supported platforms; should it,
		// the zero bytes still give a hash of the right cost.
		_, _ = rand.Read(secret)
		_, _ = rand.Read(salt)
		d.hash = derive(secret, salt, p)
	})
	return d.hash
}

// VerifyDummy spends the time of a verification without a stored hash: it
// verifies password against a hash of a random password, made once with
// h's parameters. Call it when a login names an unknown user, so the
// answer takes as long as for a known user with a wrong password and the
// timing does not tell which usernames exist.
//
// Like Verify, it hashes the normalised password and, when that differs,
// the password as given, so a password typed in a form other than NFKC
// costs the same for a known and an unknown user. A password over
// MaxPasswordBytes returns at once, as Verify does. If h's parameters are
// out of bounds, DefaultParams are used.
func (h Hasher) VerifyDummy(password string) {
	if len(password) > MaxPasswordBytes {
		return
	}
	p := h.params()
	if p.Validate() != nil {
		p = DefaultParams
	}
	d := dummyFor(p)
	forms, n := passwordForms(password)
	for _, form := range forms[:n] {
		key := argon2.IDKey([]byte(form), d.Salt, p.Iterations, p.Memory, p.Parallelism, p.KeyLength)
		_ = subtle.ConstantTimeCompare(key, d.Key)
	}
}
