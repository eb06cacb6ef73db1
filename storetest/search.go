package storetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var searchCases = []testCase{
	{"Order", testSearchOrder},
	{"Pagination", testSearchPagination},
	{"Limit", testSearchLimit},
	{"TermsStartAWordOfTheName", testSearchTerms},
	{"EveryWordOfTheName", testSearchEveryWord},
	{"FullNameAsDisplayed", testSearchFullName},
	{"NameWithRepeatedWordsFoundOnce", testSearchRepeatedWords},
	{"MultipleTerms", testSearchMultipleTerms},
	{"AccentAndCaseInsensitive", testSearchAccentAndCase},
	{"LiteralPatternCharacters", testSearchLiteralPatternCharacters},
	{"UsernamePrefix", testSearchUsernamePrefix},
	{"Agency", testSearchAgency},
	{"AgencyKind", testSearchAgencyKind},
	{"States", testSearchStates},
	{"FollowsChanges", testSearchFollowsChanges},
	{"MatchesModel", testSearchMatchesModel},
}

var (
	activeOnly = []personnel.State{personnel.Active}
	allStates  = []personnel.State{personnel.Active, personnel.Inactive}
)

// searchPeople runs q, by default over every state with a limit of 1000.
func searchPeople(t *testing.T, s Store, q personnel.SearchQuery) []personnel.Person {
	t.Helper()
	if q.States == nil {
		q.States = allStates
	}
	if q.Limit == 0 {
		q.Limit = 1000
	}
	return viewValue(t, s.Personnel(), func(tx personnel.Tx) ([]personnel.Person, error) { return tx.People().Search(ctx, q) })
}

// search runs q (see searchPeople) and returns the ids found, in order.
func search(t *testing.T, s Store, q personnel.SearchQuery) []string {
	t.Helper()
	return ids(searchPeople(t, s, q))
}

// ids returns the IDs of people, in order.
func ids(people []personnel.Person) []string {
	return idsOf(people, func(p personnel.Person) string { return p.ID })
}

// terms searches by folded name terms.
func terms(t *testing.T, s Store, words ...string) []string {
	t.Helper()
	return search(t, s, personnel.SearchQuery{Terms: words})
}

// cursorOf is the position of p in the search order.
func cursorOf(p personnel.Person) *personnel.Cursor {
	return &personnel.Cursor{Family: personnel.Fold(p.FamilyName), Given: personnel.Fold(p.GivenName), ID: p.ID}
}

// pageThrough searches with q a page of q.Limit people at a time, each
// page from the cursor of the last one's final person, and returns the ids
// of every page in order. It fails if a page holds more than q.Limit
// people or the pages do not end.
func pageThrough(t *testing.T, s Store, q personnel.SearchQuery) []string {
	t.Helper()
	paged := []string{}
	for page := 0; ; page++ {
		require.Less(t, page, 400, "pagination does not end")
		got := searchPeople(t, s, q)
		require.LessOrEqual(t, len(got), q.Limit)
		paged = append(paged, ids(got)...)
		if len(got) < q.Limit {
			return paged
		}
		q.After = cursorOf(got[len(got)-1])
	}
}

// requirePaged pages through q (see pageThrough) in pages of each limit
// and requires each paging to find want, in order.
func requirePaged(t *testing.T, s Store, q personnel.SearchQuery, want []string, limits ...int) {
	t.Helper()
	for _, limit := range limits {
		q.Limit = limit
		require.Equal(t, want, pageThrough(t, s, q), "query %+v in pages of %d", q, limit)
	}
}

// annAt returns an active person named Ann with a family name of their
// own, for the tests of the agency filters.
func annAt(id string) personnel.Person {
	return NewPerson(id, "Ann", "Person"+strings.ReplaceAll(id, "-", ""))
}

func testSearchOrder(t *testing.T, s Store) {
	createPerson(t, s,
		NewPerson("p-01", "Ann", "Bell"),
		NewPerson("p-02", "Zed", "Adams"),
		NewPerson("p-05", "Ann", "Adams"),
		NewPerson("p-03", "Ann", "Adams"),
		NewPerson("p-04", "ANN", "adams"),
		NewPerson("p-06", "bob", "Adams"),
		NewPerson("p-07", "Émile", "Adams"),
		NewPerson("p-08", "Ann", "Ádamson"),
	)
	want := []string{"p-03", "p-04", "p-05", "p-06", "p-07", "p-02", "p-08", "p-01"}
	require.Equal(t, want, search(t, s, personnel.SearchQuery{}), "no terms")
	require.Equal(t, []string{"p-03", "p-04", "p-05", "p-08", "p-01"}, terms(t, s, "ann"), "by given name")
	require.Equal(t, want[:7], terms(t, s, "ad"), "by family name")
	// The same person comes once even if a term starts both names.
	createPerson(t, s, NewPerson("p-09", "Adam", "Adams"))
	require.Equal(t, []string{"p-09", "p-03", "p-04", "p-05", "p-06", "p-07", "p-02", "p-08"}, terms(t, s, "ad"))
}

func testSearchPagination(t *testing.T, s Store) {
	var people []personnel.Person
	for i := range 37 {
		family := []string{"Baker", "Baker", "Bakersfield", "Able", "Cole"}[i%5]
		given := []string{"Ann", "Bo", "Ann", "Cy"}[i%4]
		people = append(people, NewPerson(fmt.Sprintf("p-%03d", i), given, family))
	}
	createPerson(t, s, people...)
	for _, q := range []personnel.SearchQuery{
		{},
		{Terms: []string{"bak"}},
		{Terms: []string{"ann"}},
		{Terms: []string{"a"}},
	} {
		full := search(t, s, q)
		require.NotEmpty(t, full)
		requirePaged(t, s, q, full, 1, 2, 5, 7, 50)
	}
	// A cursor is a position: it still works after its person is deleted.
	full := search(t, s, personnel.SearchQuery{})
	pivot := getPerson(t, s, full[10])
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.People().Delete(ctx, pivot.ID) })
	require.Equal(t, full[11:14], search(t, s, personnel.SearchQuery{After: cursorOf(pivot), Limit: 3}))
}

func testSearchLimit(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ann", "Cole"), NewPerson("p-2", "Ann", "Able"), NewPerson("p-3", "Ann", "Baker"))
	require.Equal(t, []string{"p-2"}, search(t, s, personnel.SearchQuery{Limit: 1}))
	require.Equal(t, []string{"p-2", "p-3"}, search(t, s, personnel.SearchQuery{Terms: []string{"ann"}, Limit: 2}))
	require.Equal(t, []string{"p-2", "p-3", "p-1"}, search(t, s, personnel.SearchQuery{Limit: 3}))
}

func testSearchTerms(t *testing.T, s Store) {
	ada := NewPerson("p-1", "Ada", "Lovelace")
	ada.MiddleName = "Augusta"
	createPerson(t, s, ada, NewPerson("p-2", "Grace", "Hopper"), NewPerson("p-3", "Lovisa", "Adler"), NewPerson("p-4", "Mary Ann", "Van Der Berg"))
	require.Equal(t, []string{"p-3", "p-1"}, terms(t, s, "ad"), "given or family name")
	require.Equal(t, []string{"p-1"}, terms(t, s, "lovelace"), "a whole name")
	require.Equal(t, []string{"p-3", "p-1"}, terms(t, s, "lov"))
	require.Empty(t, terms(t, s, "lovelaces"), "longer than the name")
	require.Empty(t, terms(t, s, "ace"), "not a prefix")
	require.Empty(t, terms(t, s, "augusta"), "middle names are not searched")
	require.Equal(t, []string{"p-4"}, terms(t, s, "van der"), "a term with a space within a name")
	require.Equal(t, []string{"p-4"}, terms(t, s, "mary ann"))
	require.Equal(t, []string{"p-4"}, terms(t, s, "berg"), "a later word of a name")
	require.Equal(t, []string{"p-4"}, terms(t, s, "der b"), "a term runs on into the next word")
	require.Empty(t, terms(t, s, "erg"), "not the start of a word")
}

// testSearchEveryWord: each term may start any word of the given or the
// family name, with the same rules as the first word: accents and case
// ignored, % and _ plain characters.
func testSearchEveryWord(t *testing.T, s Store) {
	ana := NewPerson("p-1", "Ana María", "García Márquez")
	ana.MiddleName = "Luisa"
	createPerson(t, s,
		ana,
		NewPerson("p-2", "Mary Ann", "Smith"),
		NewPerson("p-3", "Ann", "Smith-Jones"),
		NewPerson("p-4", "Jo", "Le_Roy O%Neil"),
		NewPerson("p-5", "Jo", "Lexroy Oxneil"),
		NewPerson("p-6", "", "Only Family"),
		NewPerson("p-7", "Only Given", ""),
	)
	require.Equal(t, []string{"p-1"}, terms(t, s, "marquez"), "a later word of the family name")
	require.Equal(t, []string{"p-1"}, terms(t, s, personnel.Fold("MÁRQUEZ")))
	require.Equal(t, []string{"p-1"}, terms(t, s, "maria"), "a later word of the given name")
	require.Equal(t, []string{"p-1"}, terms(t, s, "mar", "garc"))
	require.Equal(t, []string{"p-1", "p-2"}, terms(t, s, "mar"), "the start of either word")
	require.Equal(t, []string{"p-2", "p-3"}, terms(t, s, "ann", "smith"))
	require.Equal(t, []string{"p-2"}, terms(t, s, "mary", "smith"))
	require.Equal(t, []string{"p-2", "p-3"}, terms(t, s, "ann"))
	require.Equal(t, []string{"p-3"}, terms(t, s, "smith-j"), "a hyphen does not part words")
	require.Empty(t, terms(t, s, "jones"), "a hyphen does not part words")
	require.Empty(t, terms(t, s, "luisa"), "middle names are not searched")
	require.Empty(t, terms(t, s, "arquez"), "not the start of a word")
	require.Equal(t, []string{"p-4"}, terms(t, s, "o%"), "% is a plain character in a later word")
	require.Equal(t, []string{"p-4"}, terms(t, s, "le_"), "_ is a plain character")
	require.Empty(t, terms(t, s, "%neil"))
	require.Empty(t, terms(t, s, "_roy"))
	require.Empty(t, terms(t, s, "% "))
	require.Equal(t, []string{"p-6"}, terms(t, s, "family"), "a later word without a given name")
	require.Equal(t, []string{"p-7"}, terms(t, s, "given"), "a later word without a family name")
	require.Equal(t, []string{"p-2", "p-3"}, terms(t, s, "ann smith"), "one term over the given and the family name")
	require.Equal(t, []string{"p-3"}, terms(t, s, "ann smith-"))
	require.Empty(t, terms(t, s, "ann smithe"))
}

// testSearchFullName: a full name typed as the SDK displays it finds the
// person, one term per word as the service splits it, or as one term.
func testSearchFullName(t *testing.T, s Store) {
	people := []personnel.Person{
		NewPerson("p-1", "Mary Ann", "Van Der Berg"),
		NewPerson("p-2", "Gabriel", "García Márquez"),
		NewPerson("p-3", "Mary", "Berg"),
		NewPerson("p-4", "Ann", "Van Der Meer"),
	}
	createPerson(t, s, people...)
	for _, p := range people[:2] {
		words := strings.Fields(personnel.Fold(p.DisplayName()))
		require.Equal(t, []string{p.ID}, terms(t, s, words...), "%q as words", p.DisplayName())
		require.Equal(t, []string{p.ID}, terms(t, s, personnel.Fold(p.DisplayName())), "%q as one term", p.DisplayName())
	}
	require.Equal(t, []string{"p-3", "p-1"}, terms(t, s, "mary", "berg"))
}

// testSearchRepeatedWords: a name in which several words start with the
// term is one result, and pages through such names hold no repeats.
func testSearchRepeatedWords(t *testing.T, s Store) {
	var people []personnel.Person
	for i := range 12 {
		people = append(people, NewPerson(fmt.Sprintf("p-%02d", i), "Ann Annika Anna", fmt.Sprintf("Annis Anners %02d", i)))
	}
	people = append(people, NewPerson("p-99", "Bob", "Annal"))
	createPerson(t, s, people...)
	all := terms(t, s, "ann")
	require.Len(t, all, 13)
	require.Equal(t, "p-99", all[0], "Annal before Annis")
	requirePaged(t, s, personnel.SearchQuery{Terms: []string{"ann"}, States: allStates}, all, 1, 3, 5)
	require.Len(t, terms(t, s, "anna", "anners"), 12)
}

func testSearchMultipleTerms(t *testing.T, s Store) {
	createPerson(t, s,
		NewPerson("p-1", "Ada", "Lovelace"),
		NewPerson("p-2", "Ada", "Hopper"),
		NewPerson("p-3", "Grace", "Hopper"),
		NewPerson("p-4", "Lovisa", "Adler"),
	)
	require.Equal(t, []string{"p-1"}, terms(t, s, "ada", "lov"))
	require.Equal(t, []string{"p-1"}, terms(t, s, "lov", "ada"), "term order does not matter")
	require.Equal(t, []string{"p-4", "p-1"}, terms(t, s, "ad", "lov"), "given and family either way round")
	require.Equal(t, []string{"p-2"}, terms(t, s, "hop", "a"))
	require.Equal(t, []string{"p-2", "p-3"}, terms(t, s, "h", "hopper"), "two terms may match the same name")
	require.Empty(t, terms(t, s, "grace", "lov"))
	// Long terms that share their first bytes with a name but go beyond it.
	createPerson(t, s, NewPerson("p-5", "Lovelacey", "Bartholomewson"))
	require.Equal(t, []string{"p-5"}, terms(t, s, "lovelacey", "bartholomew"))
	require.Empty(t, terms(t, s, "lovelaces", "bartholomew"))
	require.Empty(t, terms(t, s, "lovelacey", "bartholomewsons"))
	require.Empty(t, terms(t, s, "bartholomewsen"))
}

func testSearchAccentAndCase(t *testing.T, s Store) {
	createPerson(t, s,
		NewPerson("p-1", "Zoë", "Ångström"),
		NewPerson("p-2", "ZOE", "ANGSTROM"),
		NewPerson("p-3", "Søren", "Çelik"),
		NewPerson("p-4", "José", "Muñoz"),
	)
	require.Equal(t, []string{"p-1", "p-2"}, terms(t, s, personnel.Fold("Angs")))
	require.Equal(t, []string{"p-1", "p-2"}, terms(t, s, "angs"))
	require.Equal(t, []string{"p-1", "p-2"}, terms(t, s, "zoe"))
	require.Equal(t, []string{"p-1", "p-2"}, terms(t, s, "zoe", "angstrom"))
	require.Equal(t, []string{"p-3"}, terms(t, s, "cel"))
	require.Equal(t, []string{"p-4"}, terms(t, s, "munoz"))
	require.Equal(t, []string{"p-4"}, terms(t, s, personnel.Fold("JOSÉ")))
	// ø is a letter of its own, not an o with a mark.
	require.Equal(t, []string{"p-3"}, terms(t, s, personnel.Fold("Sø")))
}

func testSearchLiteralPatternCharacters(t *testing.T, s Store) {
	createPerson(t, s,
		NewPerson("p-1", "Ann", "O'Brien"),
		NewPerson("p-2", "Ann", "Obrien"),
		NewPerson("p-3", "Jo_Ann", "Smith"),
		NewPerson("p-4", "Joxann", "Smith"),
		NewPerson("p-5", "Al%", "Jones"),
		NewPerson("p-6", "Alfred", "Jones"),
		NewPerson("p-7", `Back\slash`, "Lee"),
		NewPerson("p-8", "Backslash", "Lee"),
		NewPerson("p-9", "Bac", "Lee"),
	)
	require.Equal(t, []string{"p-1"}, terms(t, s, "o'b"))
	require.Equal(t, []string{"p-1"}, terms(t, s, "o'"))
	require.Equal(t, []string{"p-3"}, terms(t, s, "jo_"))
	require.Equal(t, []string{"p-5"}, terms(t, s, "al%"))
	require.Equal(t, []string{"p-7"}, terms(t, s, `back\`))
	require.Equal(t, []string{"p-7"}, terms(t, s, `back\s`))
	require.Empty(t, terms(t, s, "%"))
	require.Empty(t, terms(t, s, "_"))
	require.Empty(t, terms(t, s, `\`))
	require.Empty(t, terms(t, s, "'"))
	require.Empty(t, terms(t, s, "%ann"))
	require.Empty(t, terms(t, s, "b_ck"))
}

func testSearchUsernamePrefix(t *testing.T, s Store) {
	createPerson(t, s,
		NewPerson("p-1", "Ada", "Lovelace"),
		NewPerson("p-2", "Adam", "Smith"),
		NewPerson("p-3", "Grace", "Hopper"),
		NewPerson("p-4", "Ada", "Nouser"),
		NewPerson("p-5", "Jo", "Ann"),
		NewPerson("p-6", "Jo", "Xann"),
	)
	createAccounts(t, s,
		NewAccount("a-1", "p-1", "ada.lovelace"),
		NewAccount("a-2", "p-2", "adam"),
		NewAccount("a-3", "p-3", "grace"),
		NewAccount("a-5", "p-5", "jo_ann"),
		NewAccount("a-6", "p-6", "joxann"),
	)
	byUsername := func(prefix string, words ...string) []string {
		return search(t, s, personnel.SearchQuery{UsernamePrefix: prefix, Terms: words})
	}
	require.Equal(t, []string{"p-1", "p-2"}, byUsername("ada"))
	require.Equal(t, []string{"p-1"}, byUsername("ada."))
	require.Equal(t, []string{"p-1"}, byUsername("ada.lovelace"))
	require.Empty(t, byUsername("lovelace"), "not a prefix")
	require.Equal(t, []string{"p-3"}, byUsername("g"))
	require.Equal(t, []string{"p-5"}, byUsername("jo_"), "_ is a plain character")
	for _, hostile := range []string{"%", "_", `\`, "'", "a%", "jo%", `jo\`, "' or '1'='1"} {
		require.Empty(t, byUsername(hostile), "username prefix %q is matched literally", hostile)
	}
	require.Equal(t, []string{"p-1"}, byUsername("ada", "lov"), "with a name term")
	require.Equal(t, []string{"p-2"}, byUsername("ada", "smith"))
	require.Empty(t, byUsername("grace", "ada"))
	// Paging through a username search.
	q := personnel.SearchQuery{UsernamePrefix: "a", States: allStates, Limit: 1}
	require.Equal(t, []string{"p-1"}, search(t, s, q))
	q.After = cursorOf(getPerson(t, s, "p-1"))
	require.Equal(t, []string{"p-2"}, search(t, s, q))
	q.After = cursorOf(getPerson(t, s, "p-2"))
	require.Empty(t, search(t, s, q))
}

func testSearchAgency(t *testing.T, s Store) {
	agency := func(id, name string) personnel.Person {
		p := annAt(id)
		p.Agency = name
		return p
	}
	createPerson(t, s,
		agency("p-1", "Metro Police Department"),
		agency("p-2", "metro  police department"),
		agency("p-3", "Métro Police Départment"),
		agency("p-4", "Metro Police"),
		agency("p-5", "Metro Police Department East"),
		agency("p-6", ""),
		agency("p-7", `100% Kids_Care O'Neil \ Clinic`),
	)
	require.Equal(t, []string{"p-7"}, search(t, s, personnel.SearchQuery{Agency: `100% kids_care o'neil \ clinic`}), "pattern characters in an agency are plain text")
	for _, hostile := range []string{"%", "_", `\`, "'", "100%", "100% kids_care o'neil %"} {
		require.Empty(t, search(t, s, personnel.SearchQuery{Agency: hostile}), "agency %q is matched literally", hostile)
	}
	require.Equal(t, []string{"p-1", "p-2", "p-3"}, search(t, s, personnel.SearchQuery{Agency: "metro police department"}))
	require.Equal(t, []string{"p-4"}, search(t, s, personnel.SearchQuery{Agency: "metro police"}), "the whole name, not a prefix")
	require.Equal(t, []string{"p-1", "p-2", "p-3"}, search(t, s, personnel.SearchQuery{Agency: "metro police department", Terms: []string{"ann"}}))
	require.Empty(t, search(t, s, personnel.SearchQuery{Agency: "county cps"}))
}

func testSearchAgencyKind(t *testing.T, s Store) {
	kind := func(id string, k personnel.AgencyKind) personnel.Person {
		p := annAt(id)
		p.AgencyKind = k
		return p
	}
	createPerson(t, s,
		kind("p-1", personnel.AgencyLawEnforcement),
		kind("p-2", personnel.AgencyMedical),
		kind("p-3", personnel.AgencyLawEnforcement),
	)
	require.Equal(t, []string{"p-1", "p-3"}, search(t, s, personnel.SearchQuery{AgencyKind: personnel.AgencyLawEnforcement}))
	require.Equal(t, []string{"p-2"}, search(t, s, personnel.SearchQuery{AgencyKind: personnel.AgencyMedical, Terms: []string{"a"}}))
	require.Empty(t, search(t, s, personnel.SearchQuery{AgencyKind: personnel.AgencyProsecution}))
}

func testSearchStates(t *testing.T, s Store) {
	inactive := NewPerson("p-2", "Ann", "Baker")
	inactive.State = personnel.Inactive
	createPerson(t, s, NewPerson("p-1", "Ann", "Able"), inactive, NewPerson("p-3", "Ann", "Cole"))
	require.Equal(t, []string{"p-1", "p-3"}, search(t, s, personnel.SearchQuery{States: activeOnly}))
	require.Equal(t, []string{"p-2"}, search(t, s, personnel.SearchQuery{States: []personnel.State{personnel.Inactive}}))
	require.Equal(t, []string{"p-1", "p-2", "p-3"}, search(t, s, personnel.SearchQuery{States: allStates}))
	require.Equal(t, []string{"p-2"}, search(t, s, personnel.SearchQuery{States: []personnel.State{personnel.Inactive}, Terms: []string{"ann"}}))
	require.Equal(t, []string{"p-3"}, search(t, s, personnel.SearchQuery{States: activeOnly, Terms: []string{"ann"}, After: cursorOf(inactive)}))
}

func testSearchFollowsChanges(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper"))
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		p, err := tx.People().Get(ctx, "p-1")
		if err != nil {
			return err
		}
		p.GivenName, p.FamilyName, p.Agency = "Augusta", "King", "County CPS"
		_, err = tx.People().Update(ctx, p)
		return err
	})
	require.Empty(t, terms(t, s, "lov"))
	require.Empty(t, terms(t, s, "ada"))
	require.Equal(t, []string{"p-1"}, terms(t, s, "king"))
	require.Equal(t, []string{"p-1"}, terms(t, s, "aug"))
	require.Equal(t, []string{"p-2", "p-1"}, search(t, s, personnel.SearchQuery{}), "reordered by the new family name")
	require.Equal(t, []string{"p-1"}, search(t, s, personnel.SearchQuery{Agency: "county cps"}))
	setState(t, s, "p-2", personnel.Inactive)
	require.Equal(t, []string{"p-1"}, search(t, s, personnel.SearchQuery{States: activeOnly}))
	update(t, s.Personnel(), func(tx personnel.Tx) error { return tx.People().Delete(ctx, "p-1") })
	require.Empty(t, terms(t, s, "king"))
	require.Equal(t, []string{"p-2"}, search(t, s, personnel.SearchQuery{}))
}

// testSearchMatchesModel compares the store's search with a plain model of
// the contract over a generated population with many shared prefixes, for
// many queries and page sizes.
func testSearchMatchesModel(t *testing.T, s Store) {
	rng := rand.New(rand.NewPCG(2025, 3))
	givens := []string{"Ann", "Anna", "Annika", "Andre", "Ángel", "Bea", "Ben", "Benedikt", "Carl", "Carla", "Zoë", "Zoe", "Émile", "Ines", "Iñes",
		"Mary Ann", "Ana Sofía", "Jean Benn", ""}
	families := []string{"Smith", "Smithers", "Smyth", "Garcia", "García", "Gomez", "Gómez", "Müller", "Mueller", "Ng", "Nguyen", "Ngata", "Andersen", "Anders", "Benn",
		"García Márquez", "Van Der Berg", "De La Cruz Smith", "Ng Anders", ""}
	agencies := []string{"Metro Police", "metro police", "County CPS", "Children's Hospital", ""}
	kinds := personnel.AgencyKinds()
	var people []personnel.Person
	usernames := map[string]string{}
	var accounts []auth.Account
	for i := range 300 {
		p := NewPerson(fmt.Sprintf("p-%04d", i), givens[rng.IntN(len(givens))], families[rng.IntN(len(families))])
		p.Agency = agencies[rng.IntN(len(agencies))]
		p.AgencyKind = kinds[rng.IntN(len(kinds))]
		if rng.IntN(4) == 0 {
			p.State = personnel.Inactive
		}
		people = append(people, p)
		if rng.IntN(3) > 0 {
			u := strings.ToLower(personnel.Fold(p.GivenName)) + fmt.Sprintf(".%d", i)
			usernames[p.ID] = u
			accounts = append(accounts, NewAccount("a-"+p.ID, p.ID, u))
		}
	}
	createPerson(t, s, people...)
	createAccounts(t, s, accounts...)
	queries := []personnel.SearchQuery{
		{},
		{States: activeOnly},
		{Terms: []string{"a"}},
		{Terms: []string{"an"}, States: activeOnly},
		{Terms: []string{"ann"}},
		{Terms: []string{"smith"}},
		{Terms: []string{"sm", "an"}},
		{Terms: []string{"an", "sm"}, States: activeOnly},
		{Terms: []string{"ng"}},
		{Terms: []string{"anders", "ann"}},
		{Terms: []string{"ben", "benn"}},
		{Terms: []string{"zoe"}},
		{Terms: []string{"garcia", "ines"}},
		{Terms: []string{"muller"}},
		{Terms: []string{"mu"}, Agency: "metro police"},
		{Agency: "county cps"},
		{AgencyKind: personnel.AgencyMedical},
		{Terms: []string{"g"}, AgencyKind: personnel.AgencyCAC, States: []personnel.State{personnel.Inactive}},
		{UsernamePrefix: "an"},
		{UsernamePrefix: "ann", Terms: []string{"sm"}},
		{UsernamePrefix: "zoe.1"},
		{UsernamePrefix: "b", Agency: "", States: activeOnly},
		{Terms: []string{"q"}},
		{Terms: []string{"marquez"}},
		{Terms: []string{"berg"}, States: activeOnly},
		{Terms: []string{"ann", "smith"}},
		{Terms: []string{"smith", "ann"}},
		{Terms: []string{"cruz", "sm"}},
		{Terms: []string{"sofia"}},
		{Terms: []string{"benn"}},
		{Terms: []string{"anders"}},
		{Terms: []string{"der berg"}},
		{Terms: []string{"ann ng"}},
		{Terms: []string{"mary", "ann", "van", "der", "berg"}},
		{Terms: []string{"s"}, Agency: "county cps"},
		{Terms: []string{"an"}, UsernamePrefix: "m"},
	}
	for _, q := range queries {
		if q.States == nil {
			q.States = allStates
		}
		want := modelSearch(people, usernames, q)
		limits := []int{1, 4, 50, 1000}
		if len(want) > 40 {
			limits = limits[1:] // pages of one over a long result take long on a remote store
		}
		requirePaged(t, s, q, want, limits...)
	}
}

// modelSearch is the search contract written plainly: filter everyone (each
// term starts a word of the folded name as displayed, given then family),
// sort by folded family name, folded given name and id.
func modelSearch(people []personnel.Person, usernames map[string]string, q personnel.SearchQuery) []string {
	var found []personnel.Person
	for _, p := range people {
		name := " " + personnel.Fold(p.GivenName+" "+p.FamilyName)
		ok := slices.Contains(q.States, p.State) &&
			(q.Agency == "" || personnel.Fold(p.Agency) == q.Agency) &&
			(q.AgencyKind == "" || p.AgencyKind == q.AgencyKind)
		for _, term := range q.Terms {
			ok = ok && strings.Contains(name, " "+term) // the term starts a word of the name
		}
		if q.UsernamePrefix != "" {
			u, has := usernames[p.ID]
			ok = ok && has && strings.HasPrefix(u, q.UsernamePrefix)
		}
		if ok {
			found = append(found, p)
		}
	}
	slices.SortFunc(found, func(a, b personnel.Person) int {
		return cmp.Or(
			strings.Compare(personnel.Fold(a.FamilyName), personnel.Fold(b.FamilyName)),
			strings.Compare(personnel.Fold(a.GivenName), personnel.Fold(b.GivenName)),
			strings.Compare(a.ID, b.ID))
	})
	ids := []string{}
	for _, p := range found {
		ids = append(ids, p.ID)
	}
	return ids
}
