package carenet_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/carenet-go/carenet"
)

func TestProblems_Empty(t *testing.T) {
	var p carenet.Problems
	if p.Len() != 0 {
		t.Errorf("Len() = %d, want 0", p.Len())
	}
	if err := p.Err(); err != nil {
		t.Errorf("Err() = %v, want nil", err)
	}
}

func TestProblems_AddAndErr(t *testing.T) {
	var p carenet.Problems
	p.Add("name", carenet.RuleRequired, "is required")
	p.Add("children[0].dob", carenet.RuleFuture, "must not be in the future")
	if p.Len() != 2 {
		t.Fatalf("Len() = %d, want 2", p.Len())
	}
	err := p.Err()
	if got := carenet.ErrorCode(err); got != carenet.Invalid {
		t.Errorf("ErrorCode = %q, want %q", got, carenet.Invalid)
	}
	var v *carenet.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("Err() = %T, want *ValidationError", err)
	}
	want := []carenet.FieldError{
		{Field: "name", Rule: carenet.RuleRequired, Message: "is required"},
		{Field: "children[0].dob", Rule: carenet.RuleFuture, Message: "must not be in the future"},
	}
	if !reflect.DeepEqual(v.Problems, want) {
		t.Errorf("Problems = %+v, want %+v", v.Problems, want)
	}
	if got, want := v.Error(), "name: is required; children[0].dob: must not be in the future"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestProblems_ErrHoldsCopies(t *testing.T) {
	var p carenet.Problems
	p.Add("a", carenet.RuleRequired, "is required")
	first := carenet.Validation(p.Err())

	p.Add("b", carenet.RuleFormat, "is malformed")
	if len(first.Problems) != 1 {
		t.Errorf("adding after Err changed the returned error: %+v", first.Problems)
	}

	second := carenet.Validation(p.Err())
	second.Problems[0].Message = "changed"
	third := carenet.Validation(p.Err())
	if third.Problems[0].Message != "is required" {
		t.Errorf("changing a returned error changed the Problems: %+v", third.Problems)
	}
	if len(third.Problems) != 2 {
		t.Errorf("len(Problems) = %d, want 2", len(third.Problems))
	}
	if first.Problems[0].Message != "is required" {
		t.Errorf("errors share storage: %+v", first.Problems)
	}
}

func TestValidationError_Has(t *testing.T) {
	v := &carenet.ValidationError{Problems: []carenet.FieldError{
		{Field: "name", Rule: carenet.RuleRequired},
		{Field: "dob", Rule: carenet.RuleFuture},
	}}
	tests := []struct {
		name        string
		field, rule string
		want        bool
	}{
		{"field and rule", "name", carenet.RuleRequired, true},
		{"second problem", "dob", carenet.RuleFuture, true},
		{"field with other rule", "name", carenet.RuleTooLong, false},
		{"rule on other field", "dob", carenet.RuleRequired, false},
		{"unknown field", "email", carenet.RuleRequired, false},
		{"empty", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := v.Has(tt.field, tt.rule); got != tt.want {
				t.Errorf("Has(%q, %q) = %v, want %v", tt.field, tt.rule, got, tt.want)
			}
		})
	}
}

func TestValidationError_HasOnNil(t *testing.T) {
	for _, err := range []error{nil, errors.New("disk full"), carenet.E("op", carenet.NotFound, "no such person", nil)} {
		if carenet.Validation(err).Has("name", carenet.RuleRequired) {
			t.Errorf("Validation(%v).Has = true, want false", err)
		}
	}
}

func TestProblems_Text(t *testing.T) {
	tests := []struct {
		name      string
		value     string
		required  bool
		maxLen    int
		multiline bool
		wantRule  string // "" when the value passes
	}{
		{"empty optional", "", false, 10, false, ""},
		{"empty required", "", true, 10, false, carenet.RuleRequired},
		{"spaces required", "   ", true, 10, false, carenet.RuleRequired},
		{"whitespace-only multiline required", " \n\t\r\n ", true, 10, true, carenet.RuleRequired},
		{"spaces optional", "   ", false, 10, false, ""},
		{"plain", "Ann Smith", true, 10, false, ""},
		{"invalid UTF-8", "Ann\xff", true, 10, false, carenet.RuleInvalidUTF8},
		{"truncated multi-byte sequence", "caf\xc3", false, 10, false, carenet.RuleInvalidUTF8},
		{"invalid UTF-8 before length", strings.Repeat("\xff", 50), true, 10, false, carenet.RuleInvalidUTF8},
		{"NUL", "Ann\x00", true, 10, false, carenet.RuleControlChars},
		{"NUL multiline", "Ann\x00", true, 10, true, carenet.RuleControlChars},
		{"ESC", "\x1b[31mAnn", true, 20, false, carenet.RuleControlChars},
		{"DEL", "Ann\x7f", true, 10, false, carenet.RuleControlChars},
		{"C1 control", "Ann\u0085", true, 10, false, carenet.RuleControlChars},
		{"bidi override", "Ann\u202eevil", true, 20, false, carenet.RuleControlChars},
		{"bidi override multiline", "Ann\u202eevil", true, 20, true, carenet.RuleControlChars},
		{"bidi isolate", "Ann\u2067x", true, 20, false, carenet.RuleControlChars},
		{"line separator", "Ann\u2028Smith", true, 20, false, carenet.RuleControlChars},
		{"line separator multiline", "Ann\u2028Smith", true, 20, true, carenet.RuleControlChars},
		{"paragraph separator", "Ann\u2029", true, 20, true, carenet.RuleControlChars},
		{"byte order mark", "\ufeffAnn", true, 20, false, carenet.RuleControlChars},
		{"tab single-line", "Ann\tSmith", true, 20, false, carenet.RuleControlChars},
		{"newline single-line", "Ann\nSmith", true, 20, false, carenet.RuleControlChars},
		{"carriage return single-line", "Ann\rSmith", true, 20, false, carenet.RuleControlChars},
		{"tab multiline", "Ann\tSmith", true, 20, true, ""},
		{"newlines multiline", "line one\r\nline two\n", true, 20, true, ""},
		{"control chars before length", strings.Repeat("a", 50) + "\x00", true, 10, false, carenet.RuleControlChars},
		{"at max length", "abcde", true, 5, false, ""},
		{"over max length", "abcdef", true, 5, false, carenet.RuleTooLong},
		{"multi-byte at max length", "ééééé", true, 5, false, ""},
		{"CJK at max length", "日本語テキ", true, 5, false, ""},
		{"emoji at max length", "😀😀😀😀😀", true, 5, false, ""},
		{"multi-byte over max length", "éééééé", true, 5, false, carenet.RuleTooLong},
		{"no max length", strings.Repeat("x", 100000), true, 0, false, ""},
		{"over max length optional", "abcdef", false, 5, false, carenet.RuleTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p carenet.Problems
			ok := p.Text("field", tt.value, tt.required, tt.maxLen, tt.multiline)
			if tt.wantRule == "" {
				if !ok || p.Len() != 0 {
					t.Fatalf("Text() = %v with problems %v; want pass", ok, p.Err())
				}
				return
			}
			if ok {
				t.Fatalf("Text() = true, want a %q problem", tt.wantRule)
			}
			if p.Len() != 1 {
				t.Fatalf("Len() = %d, want exactly 1 (the first rule broken)", p.Len())
			}
			if v := carenet.Validation(p.Err()); !v.Has("field", tt.wantRule) {
				t.Errorf("problems = %+v, want rule %q", v.Problems, tt.wantRule)
			}
		})
	}
}

func TestProblems_TextKeepsEarlierProblems(t *testing.T) {
	var p carenet.Problems
	p.Text("a", "", true, 10, false)
	p.Text("b", "fine", true, 10, false)
	p.Text("c", "too long here", true, 5, false)
	v := carenet.Validation(p.Err())
	if v == nil || len(v.Problems) != 2 || !v.Has("a", carenet.RuleRequired) || !v.Has("c", carenet.RuleTooLong) {
		t.Errorf("problems = %v, want a required and c too long", p.Err())
	}
}

func TestHasControlChars(t *testing.T) {
	tests := []struct {
		name      string
		s         string
		multiline bool
		want      bool
	}{
		{"empty", "", false, false},
		{"plain", "Ann O'Neil-Smith", false, false},
		{"accents and scripts", "Zoë Ólafsdóttir 山田 محمد", false, false},
		{"zero width joiner in emoji", "👩\u200d👧", false, false},
		{"NUL", "\x00", false, true},
		{"bell", "\a", true, true},
		{"DEL", "\x7f", true, true},
		{"tab", "\t", false, true},
		{"tab multiline", "\t", true, false},
		{"LF multiline", "\n", true, false},
		{"CR multiline", "\r", true, false},
		{"vertical tab multiline", "\v", true, true},
		{"form feed multiline", "\f", true, true},
		{"LRE", "\u202a", false, true},
		{"RLO", "\u202e", true, true},
		{"LRI", "\u2066", false, true},
		{"PDI", "\u2069", false, true},
		{"line separator", "\u2028", true, true},
		{"BOM", "\ufeff", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carenet.HasControlChars(tt.s, tt.multiline); got != tt.want {
				t.Errorf("HasControlChars(%q, %v) = %v, want %v", tt.s, tt.multiline, got, tt.want)
			}
		})
	}
}

func TestPath(t *testing.T) {
	tests := []struct {
		name  string
		parts []any
		want  string
	}{
		{"empty", nil, ""},
		{"one name", []any{"name"}, "name"},
		{"name index name", []any{"children", 0, "dob"}, "children[0].dob"},
		{"nested", []any{"children", 2, "addresses", 10, "postcode"}, "children[2].addresses[10].postcode"},
		{"adjacent indexes", []any{"grid", 1, 2}, "grid[1][2]"},
		{"leading index", []any{0, "dob"}, "[0].dob"},
		{"index only", []any{3}, "[3]"},
		{"dotted names", []any{"case", "referral", "reason"}, "case.referral.reason"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carenet.Path(tt.parts...); got != tt.want {
				t.Errorf("Path(%v) = %q, want %q", tt.parts, got, tt.want)
			}
		})
	}
}

func TestProblems_OneOf(t *testing.T) {
	for _, c := range []struct {
		name            string
		value           string
		valid, required bool
		ok              bool
		rule            string
	}{
		{"known", "view", true, true, true, ""},
		{"known, optional", "view", true, false, true, ""},
		{"empty, required", "", false, true, false, carenet.RuleRequired},
		{"empty, optional", "", false, false, true, ""},
		{"unknown", "watch", false, true, false, carenet.RuleOneOf},
		{"unknown, optional", "watch", false, false, false, carenet.RuleOneOf},
	} {
		t.Run(c.name, func(t *testing.T) {
			var p carenet.Problems
			if got := p.OneOf("mode", c.value, c.valid, c.required, "must be view or download"); got != c.ok {
				t.Errorf("OneOf = %v, want %v", got, c.ok)
			}
			err := p.Err()
			if c.rule == "" {
				if err != nil {
					t.Errorf("Err = %v, want nil", err)
				}
				return
			}
			v := carenet.Validation(err)
			if v == nil || len(v.Problems) != 1 || !v.Has("mode", c.rule) {
				t.Fatalf("Err = %v, want one %s problem on mode", err, c.rule)
			}
			if c.rule == carenet.RuleOneOf && v.Problems[0].Message != "must be view or download" {
				t.Errorf("message = %q", v.Problems[0].Message)
			}
		})
	}
}

func TestProblems_Limit(t *testing.T) {
	for _, c := range []struct {
		limit, want int
		bad         bool
	}{
		{0, 50, false}, {1, 1, false}, {500, 500, false}, {-1, -1, true}, {501, 501, true},
	} {
		var p carenet.Problems
		if got := p.Limit("limit", c.limit, 50, 500); got != c.want {
			t.Errorf("Limit(%d) = %d, want %d", c.limit, got, c.want)
		}
		v := carenet.Validation(p.Err())
		if bad := v != nil && v.Has("limit", carenet.RuleRange); bad != c.bad {
			t.Errorf("Limit(%d): out of range reported %v, want %v (%v)", c.limit, bad, c.bad, p.Err())
		}
		if c.bad && v.Problems[0].Message != "must be between 1 and 500" {
			t.Errorf("Limit(%d): message %q", c.limit, v.Problems[0].Message)
		}
	}
}
