package password_test

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth/password"
)

func TestIsCommonKnowsTheWholeList(t *testing.T) {
	data, err := os.ReadFile("common-passwords.txt")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.GreaterOrEqual(t, len(lines), 10000, "the list must keep at least the 10,000 most common passwords")
	for _, line := range lines {
		if !password.IsCommon(line) {
			t.Fatalf("IsCommon(%q) = false for an entry of the list", line)
		}
		if !password.IsCommon(strings.ToUpper(line)) {
			t.Fatalf("IsCommon(%q) = false: case must not matter", strings.ToUpper(line))
		}
	}
}

func TestIsCommon(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"123456", true},
		{"password", true},
		{"PASSWORD", true},
		{"PassWord", true},
		{"Password1234", true},
		{"QWERTY123456", true},
		{"xpasswordx", false}, // exact match only
		{"password ", false},
		{"", false},
		{"correct-horse-battery-staple-7Q", false},
		{"\xff\xfe", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, password.IsCommon(tt.in))
		})
	}
}

func TestIsCommonConcurrentFirstUse(t *testing.T) {
	// The set is built once on first use; concurrent first calls must agree
	// (and the race detector must stay quiet).
	var wg sync.WaitGroup
	results := make([]bool, 32)
	for i := range results {
		wg.Go(func() { results[i] = password.IsCommon("iloveyou") })
	}
	wg.Wait()
	for i, got := range results {
		assert.True(t, got, "call %d", i)
	}
}

func TestLicenceBesideTheList(t *testing.T) {
	data, err := os.ReadFile("common-passwords.LICENSE.txt")
	require.NoError(t, err)
	assert.Contains(t, string(data), "Permission is hereby granted, free of charge")
	assert.Contains(t, string(data), "@zxcvbn-ts")
}
