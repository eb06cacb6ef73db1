package portal_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

func TestCompareReleases(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want int
	}{
		{"2.3 before 2.26.1", "2.3", "2.26.1", -1},
		{"2.26.1 before 2.100", "2.26.1", "2.100", -1},
		{"2.3 before 2.100", "2.3", "2.100", -1},
		{"missing component is zero", "2.26", "2.26.0", 0},
		{"trailing zeros are equal", "2", "2.0.0.0", 0},
		{"identical", "2.26.1", "2.26.1", 0},
		{"patch release before cutoff", "2.26.0", "2.26.1", -1},
		{"major wins over minor", "3.0", "2.999", 1},
		{"fourth component counts", "2.26.1.1", "2.26.1", 1},
		{"leading zeros are numeric", "2.026", "2.26", 0},
		{"nine-digit component", "999999999", "1.0", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := portal.CompareReleases(tt.a, tt.b)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got, "CompareReleases(%q, %q)", tt.a, tt.b)

			back, err := portal.CompareReleases(tt.b, tt.a)
			require.NoError(t, err)
			assert.Equal(t, -tt.want, back, "CompareReleases(%q, %q)", tt.b, tt.a)
		})
	}
}

var malformedReleases = []struct {
	name string
	s    string
}{
	{"empty", ""},
	{"letters", "two.26"},
	{"suffix", "2.26.1-beta"},
	{"leading v", "v2.26.1"},
	{"leading dot", ".2.26"},
	{"trailing dot", "2.26."},
	{"only a dot", "."},
	{"doubled dot", "2..26"},
	{"five components", "1.2.3.4.5"},
	{"ten-digit component", "2.1234567890"},
	{"sign", "+2.26"},
	{"negative", "-2.26"},
	{"space", "2. 26"},
	{"surrounding space", " 2.26 "},
	{"non-ASCII digit", "2.２6"},
}

func TestCompareReleasesMalformed(t *testing.T) {
	for _, tt := range malformedReleases {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][2]string{{tt.s, "2.26.1"}, {"2.26.1", tt.s}} {
				got, err := portal.CompareReleases(args[0], args[1])
				require.Error(t, err, "CompareReleases(%q, %q)", args[0], args[1])
				assert.Zero(t, got)

				requireOneProblem(t, err, "release", carenet.RuleFormat)
			}
		})
	}
}

func TestCompareReleasesBothMalformed(t *testing.T) {
	_, err := portal.CompareReleases("x", "")

	v := carenet.Validation(err)
	require.NotNil(t, v, "error %v wraps no *carenet.ValidationError", err)
	assert.Len(t, v.Problems, 2, "one problem per malformed release")
}

func TestValidRelease(t *testing.T) {
	for _, s := range []string{"2", "2.26", "2.26.1", "2.26.1.4", "0.0.0.0", "999999999.1"} {
		t.Run("valid "+s, func(t *testing.T) {
			assert.True(t, portal.ValidRelease(s), "ValidRelease(%q)", s)
		})
	}
	for _, tt := range malformedReleases {
		t.Run("malformed "+tt.name, func(t *testing.T) {
			assert.False(t, portal.ValidRelease(tt.s), "ValidRelease(%q)", tt.s)
		})
	}
	t.Run("cutoff is valid", func(t *testing.T) {
		assert.True(t, portal.ValidRelease(portal.LegacyReferralCutoff))
	})
}
