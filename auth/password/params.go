package password

import (
	"strconv"

	"github.com/carenet-go/carenet"
)

// Params are the argon2id cost parameters of a hash, and the sizes of its
// salt and key.
type Params struct {
	// Memory is the memory cost in KiB.
	Memory uint32
	// Iterations is the number of passes over the memory.
	Iterations uint32
	// Parallelism is the number of lanes, each computed by its own goroutine.
	Parallelism uint8
	// SaltLength is the length of the random salt in bytes.
	SaltLength uint32
	// KeyLength is the length of the derived key in bytes.
	KeyLength uint32
}

// DefaultParams are OWASP's recommended argon2id parameters (19 MiB of
// memory, 2 iterations, 1 lane) with a 16-byte salt and a 32-byte key.
var DefaultParams = Params{
	Memory:      19456,
	Iterations:  2,
	Parallelism: 1,
	SaltLength:  16,
	KeyLength:   32,
}

// Bounds on parameters, applied both to a Hasher's own parameters and to
// every stored hash that is parsed, so that a hash planted in a store cannot
// make a verification exhaust memory or CPU.
const (
	// MaxMemory is the largest memory cost accepted: 1 GiB, in KiB.
	MaxMemory = 1 << 20
	// MaxIterations is the largest number of passes accepted.
	MaxIterations = 64
	// MaxWork bounds Memory × Iterations (in KiB passes): 4 GiB of memory
	// filled in all, a few seconds of work.
	MaxWork = 4 << 20
	// MinParallelism and MaxParallelism bound the number of lanes.
	MinParallelism = 1
	MaxParallelism = 64
	// MinSaltLength and MaxSaltLength bound the salt, in bytes.
	MinSaltLength = 8
	MaxSaltLength = 64
	// MinKeyLength and MaxKeyLength bound the derived key, in bytes.
	MinKeyLength = 16
	MaxKeyLength = 128
)

// withDefaults returns p with each zero field replaced by its default.
func (p Params) withDefaults() Params {
	if p.Memory == 0 {
		p.Memory = DefaultParams.Memory
	}
	if p.Iterations == 0 {
		p.Iterations = DefaultParams.Iterations
	}
	if p.Parallelism == 0 {
		p.Parallelism = DefaultParams.Parallelism
	}
	if p.SaltLength == 0 {
		p.SaltLength = DefaultParams.SaltLength
	}
	if p.KeyLength == 0 {
		p.KeyLength = DefaultParams.KeyLength
	}
	return p
}

// Validate reports whether p is within the bounds above: Iterations 1 to
// MaxIterations, Parallelism MinParallelism to MaxParallelism, Memory at
// least 8 KiB per lane (as argon2 requires) and at most MaxMemory, Memory ×
// Iterations at most MaxWork, and salt and key lengths within their bounds.
// Zero fields are not replaced by defaults here: a Hasher does that before
// it validates. The error is Invalid and names every field at fault.
func (p Params) Validate() error {
	var probs carenet.Problems
	p.check(&probs, "")
	if err := probs.Err(); err != nil {
		return carenet.E("password.Params.Validate", carenet.Invalid, "", err)
	}
	return nil
}

// check adds a problem for each parameter out of bounds, naming the fields
// with prefix.
func (p Params) check(probs *carenet.Problems, prefix string) {
	par := uint32(p.Parallelism)
	if par < MinParallelism || par > MaxParallelism {
		probs.Add(prefix+"Parallelism", carenet.RuleRange, between(MinParallelism, MaxParallelism))
	}
	minMemory := 8 * max(par, MinParallelism)
	if p.Memory < minMemory || p.Memory > MaxMemory {
		probs.Add(prefix+"Memory", carenet.RuleRange, "must be between 8 KiB per lane and "+strconv.Itoa(MaxMemory)+" KiB")
	}
	if p.Iterations < 1 || p.Iterations > MaxIterations {
		probs.Add(prefix+"Iterations", carenet.RuleRange, between(1, MaxIterations))
	} else if uint64(p.Memory)*uint64(p.Iterations) > MaxWork {
		probs.Add(prefix+"Iterations", carenet.RuleRange, "must be at most "+strconv.Itoa(int(MaxWork/p.Memory))+" with this memory cost")
	}
	if p.SaltLength < MinSaltLength || p.SaltLength > MaxSaltLength {
		probs.Add(prefix+"SaltLength", carenet.RuleRange, between(MinSaltLength, MaxSaltLength))
	}
	if p.KeyLength < MinKeyLength || p.KeyLength > MaxKeyLength {
		probs.Add(prefix+"KeyLength", carenet.RuleRange, between(MinKeyLength, MaxKeyLength))
	}
}

func between(lo, hi int) string {
	return "must be between " + strconv.Itoa(lo) + " and " + strconv.Itoa(hi)
}
