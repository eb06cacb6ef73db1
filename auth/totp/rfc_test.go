package totp_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/totp"
)

// The seeds of RFC 6238 Appendix B: one per algorithm, each the length of
// the algorithm's output.
var (
	seedSHA1   = []byte("12345678901234567890")
	seedSHA256 = []byte("12345678901234567890123456789012")
	seedSHA512 = []byte("1234567890123456789012345678901234567890123456789012345678901234")
)

// rfc6238 is the table of RFC 6238 Appendix B: 8-digit codes, 30-second
// steps from the Unix epoch.
var rfc6238 = []struct {
	unix int64
	step int64 // T, in the table as hexadecimal
	code string
	alg  totp.Algorithm
	seed []byte
}{
	{59, 0x1, "94287082", totp.SHA1, seedSHA1},
	{59, 0x1, "46119246", totp.SHA256, seedSHA256},
	{59, 0x1, "90693936", totp.SHA512, seedSHA512},
	{1111111109, 0x23523EC, "07081804", totp.SHA1, seedSHA1},
	{1111111109, 0x23523EC, "68084774", totp.SHA256, seedSHA256},
	{1111111109, 0x23523EC, "25091201", totp.SHA512, seedSHA512},
	{1111111111, 0x23523ED, "14050471", totp.SHA1, seedSHA1},
	{1111111111, 0x23523ED, "67062674", totp.SHA256, seedSHA256},
	{1111111111, 0x23523ED, "99943326", totp.SHA512, seedSHA512},
	{1234567890, 0x273EF07, "89005924", totp.SHA1, seedSHA1},
	{1234567890, 0x273EF07, "91819424", totp.SHA256, seedSHA256},
	{1234567890, 0x273EF07, "93441116", totp.SHA512, seedSHA512},
	{2000000000, 0x3F940AA, "69279037", totp.SHA1, seedSHA1},
	{2000000000, 0x3F940AA, "90698825", totp.SHA256, seedSHA256},
	{2000000000, 0x3F940AA, "38618901", totp.SHA512, seedSHA512},
	{20000000000, 0x27BC86AA, "65353130", totp.SHA1, seedSHA1},
	{20000000000, 0x27BC86AA, "77737706", totp.SHA256, seedSHA256},
	{20000000000, 0x27BC86AA, "47863826", totp.SHA512, seedSHA512},
}

func vectorName(unix int64, alg totp.Algorithm) string {
	return strconv.FormatInt(unix, 10) + " " + string(alg)
}

func TestGenerateRFC6238(t *testing.T) {
	for _, v := range rfc6238 {
		t.Run(vectorName(v.unix, v.alg), func(t *testing.T) {
			c := totp.Config{Digits: 8, Algorithm: v.alg}
			got, err := totp.Generate(v.seed, time.Unix(v.unix, 0).UTC(), c)
			require.NoError(t, err)
			assert.Equal(t, v.code, got)

			// The last digits are the 6-digit code of the same step.
			six, err := totp.Generate(v.seed, time.Unix(v.unix, 0), totp.Config{Algorithm: v.alg})
			require.NoError(t, err)
			assert.Equal(t, v.code[2:], six)

			// TOTP is HOTP of the step.
			h, err := totp.HOTP(v.seed, uint64(v.step), c)
			require.NoError(t, err)
			assert.Equal(t, v.code, h)
		})
	}
}

func TestValidateRFC6238(t *testing.T) {
	for _, v := range rfc6238 {
		t.Run(vectorName(v.unix, v.alg), func(t *testing.T) {
			c := totp.Config{Digits: 8, Algorithm: v.alg, Skew: -1}
			step, ok := totp.Validate(v.code, v.seed, time.Unix(v.unix, 0), c)
			assert.True(t, ok)
			assert.Equal(t, v.step, step)

			// The same code under another algorithm does not match.
			other := totp.SHA1
			if v.alg == totp.SHA1 {
				other = totp.SHA256
			}
			_, ok = totp.Validate(v.code, v.seed, time.Unix(v.unix, 0), totp.Config{Digits: 8, Algorithm: other, Skew: -1})
			assert.False(t, ok)
		})
	}
}

// rfc4226 is the table of RFC 4226 Appendix D for the secret
// "12345678901234567890": the 31-bit value after dynamic truncation, and
// the 6-digit HOTP value, for counters 0 to 9.
var rfc4226 = []struct {
	decimal uint32
	hotp    string
}{
	{1284755224, "755224"},
	{1094287082, "287082"},
	{137359152, "359152"},
	{1726969429, "969429"},
	{1640338314, "338314"},
	{868254676, "254676"},
	{1918287922, "287922"},
	{82162583, "162583"},
	{673399871, "399871"},
	{645520489, "520489"},
}

func TestHOTPRFC4226(t *testing.T) {
	for counter, v := range rfc4226 {
		t.Run("counter "+strconv.Itoa(counter), func(t *testing.T) {
			got, err := totp.HOTP(seedSHA1, uint64(counter), totp.Config{})
			require.NoError(t, err)
			assert.Equal(t, v.hotp, got)

			// Longer codes are the same truncated value modulo 10^digits,
			// padded with zeros.
			for _, digits := range []int{7, 8} {
				got, err := totp.HOTP(seedSHA1, uint64(counter), totp.Config{Digits: digits})
				require.NoError(t, err)
				mod := uint32(1)
				for range digits {
					mod *= 10
				}
				want := strconv.FormatUint(uint64(v.decimal%mod), 10)
				for len(want) < digits {
					want = "0" + want
				}
				assert.Equal(t, want, got, "%d digits", digits)
			}

			// A TOTP at time counter×30s is the HOTP of counter.
			code, err := totp.Generate(seedSHA1, time.Unix(int64(counter)*30+29, 0), totp.Config{})
			require.NoError(t, err)
			assert.Equal(t, v.hotp, code)
		})
	}
}
