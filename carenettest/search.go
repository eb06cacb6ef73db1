package carenettest

import "github.com/carenet-go/carenet/personnel"

// SearchCase is one query of the personnel search bar
// (personnel.Service.Search) and whom it must find.
type SearchCase struct {
	// Name names the case, for a subtest.
	Name string
	// Query is what the search bar asks.
	Query personnel.Query
	// Want is who the query finds, as "Given Family" in the order found;
	// nil for no one.
	Want []string
}

// SearchCases are the cases the personnel search must pass on every
// store, among the people AddSearchPeople makes and the administrator Ada
// Admin: accents and case folded, every search or pattern character (%,
// _, ', \) and SQL matched as plain text, inactive people hidden unless
// asked for, nobody found twice, the order by family then given name.
// Each call returns a new slice.
func SearchCases() []SearchCase {
	return []SearchCase{
		{"AccentAndCaseInsensitive", personnel.Query{Name: "ANGS"}, []string{"Zoë Ångström"}},
		{"GivenNamePrefix", personnel.Query{Name: "zoe"}, []string{"Zoe Anders", "Zoë Ångström"}},
		{"TwoTerms", personnel.Query{Name: "zoe ang"}, []string{"Zoë Ångström"}},
		{"PercentIsLiteral", personnel.Query{Name: "100%"}, []string{"Percy 100%_Sure"}},
		{"UnderscoreIsLiteral", personnel.Query{Name: "100%_s"}, []string{"Percy 100%_Sure"}},
		{"UnderscoreIsNotAWildcard", personnel.Query{Name: "100_"}, nil},
		{"LonePercentMatchesNoOne", personnel.Query{Name: "%"}, nil},
		{"LoneUnderscoreMatchesNoOne", personnel.Query{Name: "_"}, nil},
		{"QuoteIsLiteral", personnel.Query{Name: "o'b"}, []string{"Ollie O'Brien"}},
		{"LoneQuoteMatchesNoOne", personnel.Query{Name: "'"}, nil},
		{"BackslashIsLiteral", personnel.Query{Name: `back\`}, []string{`Bea Back\slash`}},
		{"LoneBackslashMatchesNoOne", personnel.Query{Name: `\`}, nil},
		{"SQLIsJustText", personnel.Query{Name: "'; DROP TABLE people; --"}, nil},
		{"SQLWithASchemaIsJustText", personnel.Query{Name: "'; DROP TABLE carenet.people; --"}, nil},
		{"QuoteTautology", personnel.Query{Name: "' OR '1'='1"}, nil},
		{"BothNamesMatchOnce", personnel.Query{Name: "lee"}, []string{"Lee Lee"}},
		{"InactiveHiddenByDefault", personnel.Query{Name: "gus"}, nil},
		{"InactiveOnRequest", personnel.Query{Name: "gus", State: personnel.InactiveOnly}, []string{"Gus Gone"}},
		{"AllStates", personnel.Query{Name: "g", State: personnel.AllStates}, []string{"Gus Gone"}},
		{"AgencyKind", personnel.Query{AgencyKind: personnel.AgencyLawEnforcement}, []string{"Dana Detective"}},
		{"Agency", personnel.Query{Agency: "metro police DEPARTMENT"}, []string{"Dana Detective"}},
		{"Username", personnel.Query{Username: "ADM"}, []string{"Ada Admin"}},
		{"OrderedByFamilyThenGiven", personnel.Query{Name: "b"}, []string{`Bea Back\slash`, "Bob Builder"}},
	}
}

// SearchPeopleCount is how many people AddSearchPeople makes.
const SearchPeopleCount = 10

// AddSearchPeople makes the people SearchCases search among, as the
// administrator: contacts without a login whose names hold accents and
// search and SQL pattern characters, one at the agency Metro Police
// Department and one deactivated.
func (e *Env) AddSearchPeople() {
	e.T.Helper()
	for _, p := range []struct {
		given, family string
		kind          personnel.AgencyKind
	}{
		{"Zoë", "Ångström", personnel.AgencyMedical},
		{"Zoe", "Anders", personnel.AgencyCAC},
		{"Percy", "100%_Sure", personnel.AgencyOther},
		{"Pete", "100xSure", personnel.AgencyOther},
		{"Ollie", "O'Brien", personnel.AgencyOther},
		{"Bea", `Back\slash`, personnel.AgencyOther},
		{"Bob", "Builder", personnel.AgencyOther},
		{"Lee", "Lee", personnel.AgencyOther},
	} {
		e.Person(p.given, p.family, p.kind)
	}
	dana := e.Person("Dana", "Detective", personnel.AgencyLawEnforcement)
	agency := "Metro Police Department"
	if _, err := e.Personnel.Edit(e.Ctx, e.Fresh(e.Admin.Principal), dana.ID, dana.Version, personnel.Update{Agency: &agency}); err != nil {
		e.T.Fatalf("carenettest: set Dana Detective's agency: %v", err)
	}
	gone := e.Person("Gus", "Gone", personnel.AgencyCAC)
	if _, err := e.Personnel.Deactivate(e.Ctx, e.Fresh(e.Admin.Principal), gone.ID, "left"); err != nil {
		e.T.Fatalf("carenettest: deactivate Gus Gone: %v", err)
	}
}

// SearchNames runs q through the personnel search as the administrator
// and returns whom it finds, as "Given Family" in order, nil for no one;
// it fails the test if the search is refused.
func (e *Env) SearchNames(q personnel.Query) []string {
	e.T.Helper()
	page, err := e.Personnel.Search(e.Ctx, e.Admin.Principal, q)
	if err != nil {
		e.T.Fatalf("carenettest: search %+v: %v", q, err)
		return nil
	}
	var names []string
	for _, p := range page.People {
		names = append(names, p.GivenName+" "+p.FamilyName)
	}
	return names
}
