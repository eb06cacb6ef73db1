package referral_test

import (
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/referral"
)

// fullForm is a combined form with every date, age, list and part set, so
// that every pointer and list a Form can hold is set.
func fullForm() referral.Form {
	f := form(referral.KindCombined)
	f.ReceivedDate = day(2026, 3, 1)
	f.Children[1].DateOfBirth = day(2019, 9, 1)
	for i := range f.Offenders {
		f.Offenders[i].DateOfBirth, f.Offenders[i].Age = day(1991, 7, 2), intp(34)
	}
	return f
}

func TestFormCloneIsEqualAndSharesNothing(t *testing.T) {
	f := fullForm()
	c := f.Clone()
	require.Empty(t, cmp.Diff(f, c))
	// Every pointer and list reachable from the form must be set in the
	// fixture (so a new field is covered) and copied in the clone.
	shared := aliases(reflect.ValueOf(f), reflect.ValueOf(c), "Form")
	require.Empty(t, shared, "the clone shares memory with the original")
}

func TestFormCloneChangesLeaveOriginal(t *testing.T) {
	f := fullForm()
	want := fullForm()
	c := f.Clone()
	*c.IncidentDate = c.IncidentDate.AddDate(0, 0, 1)
	*c.Children[0].Age = 99
	*c.Offenders[0].DateOfBirth = c.Offenders[0].DateOfBirth.AddDate(1, 0, 0)
	c.Children[1].GivenName = "Changed"
	c.Household[0].Phone = "000"
	c.Allegations[0].Details = "changed"
	c.Services[0] = referral.Advocacy
	c.Attachments[0].Size = 1
	c.LE.BadgeNumber = "0000"
	c.CPS.IntakeNumber = "changed"
	require.Empty(t, cmp.Diff(want, f))
}

func TestFormCloneKeepsNilAndEmpty(t *testing.T) {
	c := referral.Form{Kind: referral.KindClient}.Clone()
	require.Empty(t, cmp.Diff(referral.Form{Kind: referral.KindClient}, c))
	require.Nil(t, c.Children)
	require.Nil(t, c.IncidentDate)
	require.Nil(t, c.LE)

	e := referral.Form{Children: []referral.Child{}, Attachments: []referral.Attachment{}}.Clone()
	require.NotNil(t, e.Children)
	require.Empty(t, e.Children)
	require.NotNil(t, e.Attachments)
}

// aliases walks a and b (values of the same type) and returns the path of
// every pointer or list that is nil in a, or that a and b share.
func aliases(a, b reflect.Value, path string) []string {
	var out []string
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return []string{path + " is nil in the fixture"}
		}
		if a.Pointer() == b.Pointer() {
			out = append(out, path)
		}
		out = append(out, aliases(a.Elem(), b.Elem(), path)...)
	case reflect.Slice:
		if a.Len() == 0 {
			return []string{path + " is empty in the fixture"}
		}
		if a.Pointer() == b.Pointer() {
			out = append(out, path)
		}
		for i := range a.Len() {
			out = append(out, aliases(a.Index(i), b.Index(i), path+"[]")...)
		}
	case reflect.Map, reflect.Interface, reflect.Chan, reflect.Func:
		out = append(out, path+" has a kind the test does not walk")
	case reflect.Struct:
		if a.Type().PkgPath() == "time" {
			return nil
		}
		for i := range a.NumField() {
			out = append(out, aliases(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name)...)
		}
	}
	return out
}
