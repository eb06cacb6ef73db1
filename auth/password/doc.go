// Package password hashes and checks the passwords of CareNet logins.
//
// A Hasher turns a password into an argon2id hash in the PHC string format
// ("$argon2id$v=19$m=19456,t=2,p=1$salt$key") with OWASP's recommended
// parameters, and verifies a password against such a hash or against a
// bcrypt hash carried over from an older system, saying when the stored hash
// should be replaced by a fresh one. Stored hashes are parsed with bounds on
// every cost parameter, so a planted hash cannot make a login exhaust memory
// or CPU.
//
// Passwords are normalised to Unicode NFKC before they are hashed or
// verified (NIST SP 800-63B 5.1.1.2), so a password set with "é" as one
// code point logs in typed as "e" and a combining accent. Hashes made
// before that, of the bytes as typed, still verify, and Verify asks for
// them to be replaced by a hash of the normalised password.
//
// A Policy decides whether a new password may be used: its length in
// characters, whether it is guessable (one of the most common passwords,
// such a password with digits, years, symbols, look-alike swaps or
// repetition added, or mostly repeated characters, sequences and keyboard
// runs), whether it holds the user's own names, and optionally which
// classes of character it must mix. Check reports every rule broken at
// once, as a *carenet.Error of code carenet.Invalid wrapping a
// *carenet.ValidationError whose problems name the rule.
//
// No function panics on any input: bad input is an error of code
// carenet.Invalid.
package password
