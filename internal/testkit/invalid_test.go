package testkit_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/internal/testkit"
)

// recorder is a require.TestingT that records a failure instead of
// stopping the test.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic(r) }

// fails reports whether RequireInvalid refuses err for field and rule.
func fails(err error, field, rule string) (failed bool) {
	r := &recorder{}
	defer func() {
		if p := recover(); p != nil && p != r {
			panic(p)
		}
		failed = r.failed
	}()
	testkit.RequireInvalid(r, err, field, rule)
	return false
}

func TestRequireInvalid(t *testing.T) {
	var p carenet.Problems
	p.Add("name", carenet.RuleRequired, "is required")
	invalid := carenet.E("test.Op", carenet.Invalid, "", p.Err())
	assert.False(t, fails(invalid, "name", carenet.RuleRequired), "the field and rule reported")
	assert.False(t, fails(fmt.Errorf("wrapped: %w", invalid), "name", carenet.RuleRequired), "wrapped")
	assert.True(t, fails(invalid, "name", carenet.RuleFormat), "another rule")
	assert.True(t, fails(invalid, "title", carenet.RuleRequired), "another field")
	assert.True(t, fails(nil, "name", carenet.RuleRequired), "no error")
	assert.True(t, fails(errors.New("plain"), "name", carenet.RuleRequired), "not a *carenet.Error")
	assert.True(t, fails(carenet.Errorf(carenet.Conflict, "taken"), "name", carenet.RuleRequired), "another code")
	assert.True(t, fails(carenet.Errorf(carenet.Invalid, "no problems"), "name", carenet.RuleRequired), "no validation error")
	assert.True(t, fails(p.Err(), "name", carenet.RuleRequired), "a validation error not carried by a *carenet.Error")
}
