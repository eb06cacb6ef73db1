package password

import "github.com/carenet-go/carenet"

// Field is the field name every problem with a password is reported under.
const Field = "password"

// invalid returns an Invalid error for op that wraps a *carenet.ValidationError
// holding one problem with field.
func invalid(op, field, rule, message string) error {
	var p carenet.Problems
	p.Add(field, rule, message)
	return carenet.E(op, carenet.Invalid, field+" "+message, p.Err())
}
