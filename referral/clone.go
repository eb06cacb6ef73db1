package referral

import "slices"

// Clone returns a deep copy of f: its dates, ages, lists and the LE and CPS
// parts are copied, so changing the copy never changes f. Nil lists and
// pointers stay nil, and empty lists stay empty. Every field is otherwise
// as in f (dates are not truncated to calendar days).
//
// Clone is promoted to Referral, where it copies only the Form.
func (f Form) Clone() Form {
	f.IncidentDate, f.ReportedDate, f.ReceivedDate = clonePtr(f.IncidentDate), clonePtr(f.ReportedDate), clonePtr(f.ReceivedDate)
	f.Children = slices.Clone(f.Children)
	for i := range f.Children {
		c := &f.Children[i]
		c.DateOfBirth, c.Age = clonePtr(c.DateOfBirth), clonePtr(c.Age)
	}
	f.Household = slices.Clone(f.Household)
	f.Offenders = slices.Clone(f.Offenders)
	for i := range f.Offenders {
		o := &f.Offenders[i]
		o.DateOfBirth, o.Age = clonePtr(o.DateOfBirth), clonePtr(o.Age)
	}
	f.Allegations = slices.Clone(f.Allegations)
	f.Services = slices.Clone(f.Services)
	f.LE, f.CPS = clonePtr(f.LE), clonePtr(f.CPS)
	f.Attachments = slices.Clone(f.Attachments)
	return f
}

// clonePtr is a pointer to a copy of *p, or nil.
func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
