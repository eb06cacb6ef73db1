package personnel_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

func names(ps []personnel.Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.GivenName + " " + p.FamilyName
	}
	return out
}

func search(t *testing.T, k *carenettest.Env, q personnel.Query) []string {
	t.Helper()
	page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, q)
	require.NoError(t, err)
	return names(page.People)
}

func TestSearch(t *testing.T) {
	k := newKit(t)
	k.Person("Zoë", "Ångström", personnel.AgencyMedical)
	k.Person("Zoe", "Anders", personnel.AgencyCAC)
	k.Person("Percy", "100%_Sure", personnel.AgencyOther)
	k.Person("Ollie", "O'Brien", personnel.AgencyOther)
	k.Person("Bea", `Back\slash`, personnel.AgencyOther)
	k.Person("Bob", "Builder", personnel.AgencyOther)
	dana := k.Person("Dana", "Detective", personnel.AgencyLawEnforcement)
	_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, dana.ID, 1, personnel.Update{Agency: ptr("Metro Police Department")})
	require.NoError(t, err)
	gone := k.Person("Gus", "Gone", personnel.AgencyCAC)
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, gone.ID, "left")
	require.NoError(t, err)

	cases := []struct {
		name string
		q    personnel.Query
		want []string
	}{
		{"AccentAndCaseInsensitive", personnel.Query{Name: "ANGS"}, []string{"Zoë Ångström"}},
		{"GivenNamePrefix", personnel.Query{Name: "zoe"}, []string{"Zoe Anders", "Zoë Ångström"}},
		{"TwoTerms", personnel.Query{Name: "zoe ang"}, []string{"Zoë Ångström"}},
		{"PercentIsLiteral", personnel.Query{Name: "100%"}, []string{"Percy 100%_Sure"}},
		{"UnderscoreIsLiteral", personnel.Query{Name: "100%_s"}, []string{"Percy 100%_Sure"}},
		{"LonePercentMatchesNoOne", personnel.Query{Name: "%"}, nil},
		{"LoneUnderscoreMatchesNoOne", personnel.Query{Name: "_"}, nil},
		{"QuoteIsLiteral", personnel.Query{Name: "o'b"}, []string{"Ollie O'Brien"}},
		{"BackslashIsLiteral", personnel.Query{Name: `back\`}, []string{`Bea Back\slash`}},
		{"SQLIsJustText", personnel.Query{Name: "'; DROP TABLE people; --"}, nil},
		{"InactiveHiddenByDefault", personnel.Query{Name: "gus"}, nil},
		{"InactiveOnRequest", personnel.Query{Name: "gus", State: personnel.InactiveOnly}, []string{"Gus Gone"}},
		{"AllStates", personnel.Query{Name: "g", State: personnel.AllStates}, []string{"Gus Gone"}},
		{"AgencyKind", personnel.Query{AgencyKind: personnel.AgencyLawEnforcement}, []string{"Dana Detective"}},
		{"Agency", personnel.Query{Agency: "metro police DEPARTMENT"}, []string{"Dana Detective"}},
		{"Username", personnel.Query{Username: "ADM"}, []string{"Ada Admin"}},
		{"OrderedByFamilyThenGiven", personnel.Query{Name: "b"}, []string{`Bea Back\slash`, "Bob Builder"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := search(t, k, c.q)
			if c.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, c.want, got)
		})
	}
}

func TestSearchPagination(t *testing.T) {
	k := newKit(t)
	for i := range 23 {
		k.Person(fmt.Sprintf("Kid%02d", i%5), "Same", personnel.AgencyCAC)
	}
	var all []personnel.Person
	q := personnel.Query{Name: "same", Limit: 5}
	for pages := 0; ; pages++ {
		require.Less(t, pages, 10)
		page, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, q)
		require.NoError(t, err)
		all = append(all, page.People...)
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	require.Len(t, all, 23, "no gaps and no duplicates across pages")
	seen := map[string]bool{}
	for i, p := range all {
		assert.False(t, seen[p.ID])
		seen[p.ID] = true
		if i > 0 {
			prev := all[i-1]
			assert.True(t, prev.GivenName < p.GivenName || prev.GivenName == p.GivenName && prev.ID < p.ID, "stable order at %d", i)
		}
	}
}

func TestSearchBadQuery(t *testing.T) {
	k := newKit(t)
	cases := []struct {
		name  string
		q     personnel.Query
		field string
	}{
		{"Limit", personnel.Query{Limit: 501}, "limit"},
		{"NegativeLimit", personnel.Query{Limit: -1}, "limit"},
		{"State", personnel.Query{State: "sleeping"}, "state"},
		{"Cursor", personnel.Query{Cursor: "not-a-cursor"}, "cursor"},
		{"ControlChars", personnel.Query{Name: "a\x00b"}, "name"},
		{"Kind", personnel.Query{AgencyKind: "x"}, "agency_kind"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := k.Personnel.Search(k.Ctx, k.Admin.Principal, c.q)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err))
			assert.Equal(t, c.field, carenet.Validation(err).Problems[0].Field)
		})
	}
	k.User("Nia", "Nobody", "nnobody", pw, k.Group("Nothing", auth.ReviewReferrals))
	_, err := k.Personnel.Search(k.Ctx, k.LoginAs("nnobody", pw).Principal, personnel.Query{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
}
