package group

import (
	"errors"
	"strings"
	"testing"

	"github.com/carenet-go/carenet"
)

func TestCheck(t *testing.T) {
	if err := Check("op", "Forensic interviewers", "line one\nline two"); err != nil {
		t.Fatalf("Check of good fields = %v", err)
	}
	for name, c := range map[string]struct{ name, description string }{
		"no name":              {"", ""},
		"name too long":        {strings.Repeat("n", MaxName+1), ""},
		"name on two lines":    {"a\nb", ""},
		"description too long": {"g", strings.Repeat("d", MaxDescription+1)},
	} {
		err := Check("op", c.name, c.description)
		if carenet.ErrorCode(err) != carenet.Invalid {
			t.Errorf("%s: Check = %v, want Invalid", name, err)
		}
	}
}

func TestNameTaken(t *testing.T) {
	taken := NameTaken("op", carenet.Errorf(carenet.Conflict, "a group with this name already exists"))
	v := carenet.Validation(taken)
	if v == nil || len(v.Problems) != 1 || v.Problems[0].Field != "name" || v.Problems[0].Rule != carenet.RuleTaken {
		t.Fatalf("NameTaken(Conflict) = %v, want the name taken", taken)
	}
	other := errors.New("boom")
	if got := NameTaken("op", other); got != other {
		t.Fatalf("NameTaken(%v) = %v, want it unchanged", other, got)
	}
}
