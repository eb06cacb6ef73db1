package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/personnel"
)

// TestServiceSearch runs the personnel search bar through the service on
// PostgreSQL: accents and case folded, SQL and pattern characters (%, _, ',
// \) matched literally, inactive people hidden by default, nobody twice.
func TestServiceSearch(t *testing.T) {
	s, _ := freshStore(t)
	sv := newServices(t, s)
	add := func(given, family string) personnel.Profile {
		c, err := sv.people.Create(ctx, sv.admin, personnel.NewPerson{Fields: personnel.Fields{
			GivenName: given, FamilyName: family, AgencyKind: personnel.AgencyOther}})
		require.NoError(t, err)
		return c.Profile
	}
	add("Zoë", "Ångström")
	add("Zoe", "Anders")
	add("Percy", "100%_Sure")
	add("Pete", "100xSure")
	add("Ollie", "O'Brien")
	add("Bea", `Back\slash`)
	add("Bob", "Builder")
	add("Lee", "Lee")
	gone := add("Gus", "Gone")
	_, err := sv.people.Deactivate(ctx, sv.admin, gone.ID, "left")
	require.NoError(t, err)

	for _, c := range []struct {
		name string
		q    personnel.Query
		want []string
	}{
		{"AccentAndCaseInsensitive", personnel.Query{Name: "ANGS"}, []string{"Zoë Ångström"}},
		{"GivenNamePrefix", personnel.Query{Name: "zoe"}, []string{"Zoe Anders", "Zoë Ångström"}},
		{"TwoTerms", personnel.Query{Name: "zoe ang"}, []string{"Zoë Ångström"}},
		{"PercentIsLiteral", personnel.Query{Name: "100%"}, []string{"Percy 100%_Sure"}},
		{"UnderscoreIsLiteral", personnel.Query{Name: "100%_s"}, []string{"Percy 100%_Sure"}},
		{"UnderscoreIsNotAWildcard", personnel.Query{Name: "100_"}, nil},
		{"LonePercent", personnel.Query{Name: "%"}, nil},
		{"LoneUnderscore", personnel.Query{Name: "_"}, nil},
		{"QuoteIsLiteral", personnel.Query{Name: "o'b"}, []string{"Ollie O'Brien"}},
		{"LoneQuote", personnel.Query{Name: "'"}, nil},
		{"BackslashIsLiteral", personnel.Query{Name: `back\`}, []string{`Bea Back\slash`}},
		{"LoneBackslash", personnel.Query{Name: `\`}, nil},
		{"SQLIsJustText", personnel.Query{Name: "'; DROP TABLE carenet.people; --"}, nil},
		{"QuoteTautology", personnel.Query{Name: "' OR '1'='1"}, nil},
		{"BothNamesMatchOnce", personnel.Query{Name: "lee"}, []string{"Lee Lee"}},
		{"InactiveHiddenByDefault", personnel.Query{Name: "gus"}, nil},
		{"InactiveOnRequest", personnel.Query{Name: "gus", State: personnel.InactiveOnly}, []string{"Gus Gone"}},
		{"OrderedByFamilyThenGiven", personnel.Query{Name: "b"}, []string{`Bea Back\slash`, "Bob Builder"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			page, err := sv.people.Search(ctx, sv.admin, c.q)
			require.NoError(t, err)
			var got []string
			for _, p := range page.People {
				got = append(got, p.GivenName+" "+p.FamilyName)
			}
			require.Equal(t, c.want, got)
		})
	}
	var n int
	require.NoError(t, s.DB().QueryRow("SELECT count(*) FROM carenet.people").Scan(&n))
	require.Equal(t, 10, n, "the people table is intact")
}
