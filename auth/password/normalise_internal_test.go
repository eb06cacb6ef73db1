package password

import "testing"

// TestPasswordForms checks what Verify and VerifyDummy both hash: the
// normalised password, and the password as given only when it differs, so
// a password not in NFKC costs two hashes for a known and an unknown user
// alike, and any other password one.
func TestPasswordForms(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"ASCII", "correct horse", []string{"correct horse"}},
		{"NFC", "caf\u00e9", []string{"caf\u00e9"}},
		{"NFD", "cafe\u0301", []string{"caf\u00e9", "cafe\u0301"}},
		{"full-width", "\uff21", []string{"A", "\uff21"}},
		{"invalid UTF-8 kept as it is", "caf\xff", []string{"caf\xff"}},
		{"empty", "", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			forms, n := passwordForms(tt.in)
			got := forms[:n]
			if len(got) != len(tt.want) {
				t.Fatalf("passwordForms(%q) = %q, want %q", tt.in, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("passwordForms(%q) = %q, want %q", tt.in, got, tt.want)
				}
			}
		})
	}
}
