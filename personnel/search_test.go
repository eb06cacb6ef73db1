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

// TestSearch runs the search bar cases every store must pass
// (carenettest.SearchCases) on the Env's store.
func TestSearch(t *testing.T) {
	k := newKit(t)
	k.AddSearchPeople()
	for _, c := range carenettest.SearchCases() {
		t.Run(c.Name, func(t *testing.T) {
			assert.Equal(t, c.Want, k.SearchNames(c.Query))
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
