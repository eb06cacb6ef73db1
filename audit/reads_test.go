package audit_test

import (
	"fmt"
	"testing"

	"github.com/carenet-go/carenet/audit"
)

func TestReadKindsZeroIsTheDefaultsAndNoReadsIsNone(t *testing.T) {
	kinds := []audit.ReadKinds{audit.ReadReferral, audit.ReadProfile, audit.ReadVideo, audit.ReadMyVideos, audit.ReadCustody, audit.ReadExport}
	for _, tc := range []struct {
		name string
		set  audit.ReadKinds
		want []bool
	}{
		{"zero", 0, []bool{true, false, true, true, true, true}},
		{"defaults", audit.DefaultReads, []bool{true, false, true, true, true, true}},
		{"none", audit.NoReads, []bool{false, false, false, false, false, false}},
		{"defaults and profiles", audit.DefaultReads | audit.ReadProfile, []bool{true, true, true, true, true, true}},
		{"profiles alone", audit.ReadProfile, []bool{false, true, false, false, false, false}},
		{"defaults but My Videos", audit.DefaultReads &^ audit.ReadMyVideos, []bool{true, false, true, false, true, true}},
		{"every default removed", audit.DefaultReads &^ (audit.ReadReferral | audit.ReadVideo | audit.ReadMyVideos | audit.ReadCustody | audit.ReadExport), []bool{false, false, false, false, false, false}},
	} {
		for i, k := range kinds {
			if got := tc.set.Has(k); got != tc.want[i] {
				t.Errorf("%s: Has(%s) = %v, want %v", tc.name, k.Action(), got, tc.want[i])
			}
		}
	}
	seen := map[audit.Action]bool{}
	for _, k := range kinds {
		a := k.Action()
		if a == "" || seen[a] || !audit.IsRead(a) {
			t.Errorf("kind %d: action %q is empty, repeated or not a read", k, a)
		}
		seen[a] = true
	}
	if audit.IsRead("video.shared") || (audit.ReadVideo|audit.ReadCustody).Action() != "" {
		t.Error("a change is not a read, and two kinds have no one action")
	}
}

// A host logs the default reads and personnel profiles too, and none of
// the portal users' My Videos lists.
func ExampleReadKinds() {
	kinds := (audit.DefaultReads | audit.ReadProfile) &^ audit.ReadMyVideos
	fmt.Println(kinds.Has(audit.ReadProfile), kinds.Has(audit.ReadMyVideos), kinds.Has(audit.ReadCustody))
	fmt.Println(audit.ReadCustody.Action())
	// Output:
	// true false true
	// video.custody_read
}
