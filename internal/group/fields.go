// Package group holds the rules security groups (auth) and personnel
// groups (personnel) share: those of a group's name and description.
package group

import "github.com/carenet-go/carenet"

// Field limits, in characters.
const (
	// MaxName is the longest name; a name is required and on one line.
	MaxName = 100
	// MaxDescription is the longest description, which may span lines.
	MaxDescription = 1000
)

// Check returns nil if name and description follow the rules, else an
// Invalid error of the operation op naming each field that does not.
func Check(op, name, description string) error {
	var p carenet.Problems
	p.Text("name", name, true, MaxName, false)
	p.Text("description", description, false, MaxDescription, true)
	if err := p.Err(); err != nil {
		return carenet.E(op, carenet.Invalid, "", err)
	}
	return nil
}

// NameTaken turns a store's Conflict on a group name into an Invalid
// error of the operation op whose problem is the name taken; any other
// error is returned as it is.
func NameTaken(op string, err error) error {
	if carenet.ErrorCode(err) != carenet.Conflict {
		return err
	}
	var p carenet.Problems
	p.Add("name", carenet.RuleTaken, "is already taken")
	return carenet.E(op, carenet.Invalid, "", p.Err())
}
