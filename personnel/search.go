package personnel

import (
	"context"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/cursor"
)

// StateFilter selects people by state in a search.
type StateFilter string

// The state filters. The zero value means ActiveOnly: inactive contacts are
// hidden from pick lists.
const (
	ActiveOnly   StateFilter = "active"
	InactiveOnly StateFilter = "inactive"
	AllStates    StateFilter = "all"
)

// Search limits.
const (
	DefaultSearchLimit = 50
	MaxSearchLimit     = 500
	maxQueryLength     = 200
)

// Query is the personnel search bar and its filters.
type Query struct {
	// Name holds words; each must start some word of the person's name as
	// displayed, given then family, without regard to case or accents
	// ("zoe ang" finds "Zoë Ångström", "marquez" finds "Gabriel García
	// Márquez", "ann smith" finds "Mary Ann Smith"). Characters such as %
	// and _ are matched literally.
	Name string
	// Username matches the start of the login's username.
	Username string
	// Agency matches the agency name, without regard to case or accents.
	Agency string
	// AgencyKind matches exactly when set.
	AgencyKind AgencyKind
	// State defaults to ActiveOnly.
	State StateFilter
	// Limit is the page size: DefaultSearchLimit when 0, at most
	// MaxSearchLimit.
	Limit int
	// Cursor continues from the page that returned it.
	Cursor string
}

// Page is one page of search results, ordered by family name, given name
// and id. Next is the cursor of the following page, empty on the last.
type Page struct {
	People []Person
	Next   string
}

// Search runs the personnel search. It needs ViewPersonnel. A malformed
// query is an Invalid error naming the field.
func (s *Service) Search(ctx context.Context, actor *auth.Principal, q Query) (_ Page, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Search")(&callErr)
	if err := actor.Require(auth.ViewPersonnel); err != nil {
		return Page{}, err
	}
	sq, err := buildSearch(q)
	if err != nil {
		return Page{}, err
	}
	people, err := carenet.View(ctx, s.store, func(tx Tx) ([]Person, error) {
		return tx.People().Search(ctx, sq)
	})
	if err != nil {
		return Page{}, err
	}
	page := Page{People: people}
	if len(people) > sq.Limit-1 {
		page.People = people[:sq.Limit-1]
		last := page.People[len(page.People)-1]
		page.Next = EncodeCursor(Cursor{Family: Fold(last.FamilyName), Given: Fold(last.GivenName), ID: last.ID})
	}
	return page, nil
}

// buildSearch validates q and turns it into the store's query. It asks the
// store for one more than the page size to learn whether a next page exists.
func buildSearch(q Query) (SearchQuery, error) {
	var p carenet.Problems
	p.Text("name", q.Name, false, maxQueryLength, false)
	p.Text("username", q.Username, false, auth.MaxUsernameLength, false)
	p.Text("agency", q.Agency, false, MaxAgencyLength, false)
	p.OneOf("agency_kind", string(q.AgencyKind), q.AgencyKind.Valid(), false, "is not an agency kind")
	var states []State
	switch q.State {
	case "", ActiveOnly:
		states = []State{Active}
	case InactiveOnly:
		states = []State{Inactive}
	case AllStates:
		states = []State{Active, Inactive}
	default:
		p.Add("state", carenet.RuleOneOf, "must be active, inactive or all")
	}
	limit := p.Limit("limit", q.Limit, DefaultSearchLimit, MaxSearchLimit)
	var after *Cursor
	if q.Cursor != "" {
		c, err := DecodeCursor(q.Cursor)
		if err != nil {
			p.Add("cursor", carenet.RuleFormat, "is not a cursor this search returned")
		}
		after = &c
	}
	if err := p.Err(); err != nil {
		return SearchQuery{}, carenet.E("personnel.Search", carenet.Invalid, "", err)
	}
	return SearchQuery{
		Terms:          strings.Fields(Fold(q.Name)),
		UsernamePrefix: strings.ToLower(strings.TrimSpace(q.Username)),
		Agency:         Fold(q.Agency),
		AgencyKind:     q.AgencyKind,
		States:         states,
		After:          after,
		Limit:          limit + 1,
	}, nil
}

// EncodeCursor makes the opaque cursor string for a position.
func EncodeCursor(c Cursor) string {
	return cursor.Encode(c.Family, c.Given, c.ID)
}

// DecodeCursor reads a cursor made by EncodeCursor.
func DecodeCursor(s string) (Cursor, error) {
	parts, err := cursor.Decode(s, 3)
	if err != nil {
		return Cursor{}, err
	}
	return Cursor{Family: parts[0], Given: parts[1], ID: parts[2]}, nil
}
