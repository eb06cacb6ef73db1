package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// People returns the person repository of the transaction.
//
// Deleting a person also deletes their personnel group memberships. A
// person who still has an account is not deleted (InUse): the account goes
// first, through auth.DeleteAccount.
func (t *tx) People() personnel.PersonRepository { return people{t} }

type people struct{ t *tx }

var _ personnel.EndDateFinder = people{}

// personRec is a stored person with the folded keys the search uses. A
// record is never changed once stored: an update stores a new one.
type personRec struct {
	p      personnel.Person
	family string // personnel.Fold(p.FamilyName)
	given  string // personnel.Fold(p.GivenName)
	agency string // personnel.Fold(p.Agency)
	// name is " " + given + " " + family (without the second space when
	// either is empty): a term starts a word of the name where name holds
	// " " + term (see matchesName), and every tail ends name.
	name string
}

func newPersonRec(p personnel.Person) *personRec {
	r := &personRec{
		p:      p,
		family: fold(p.FamilyName),
		given:  fold(p.GivenName),
		agency: fold(p.Agency),
	}
	r.name = " " + strings.TrimSpace(r.given+" "+r.family)
	return r
}

// matchesName reports whether term starts a word of the person's name as
// displayed, given then family, running on into the words after it if it
// holds spaces; spaced is " " + term. PostgreSQL's store tests the same
// condition in SQL.
func (r *personRec) matchesName(spaced string) bool {
	return strings.Contains(r.name, spaced)
}

// otherTails are the tails of the name, given then family, that start at a
// word other than the family name's first: the name from that word to the
// end. The byWord index holds one entry for each; the family name's start
// is served by byFamily. PostgreSQL keeps the same in carenet.person_words
// (carenet.name_tails).
func (r *personRec) otherTails() []string {
	var words []string
	if r.given != "" {
		words = strings.Split(r.given, " ")
	}
	givenWords := len(words)
	if r.family != "" {
		words = append(words, strings.Split(r.family, " ")...)
	}
	var out []string
	for i := range words {
		if r.family != "" && i == givenWords {
			continue
		}
		out = append(out, strings.Join(words[i:], " "))
	}
	return out
}

// firstMatch reports whether w's tail is where a term first starts a word
// of the person's name (spaced is " " + term): a person whose name has
// several words that the term starts is counted at the first.
func (w wordEntry) firstMatch(spaced string) bool {
	return strings.Index(w.rec.name, spaced) == len(w.rec.name)-len(w.tail)-1
}

// wordEntry is one of a person's other tails in the byWord index, with its
// first bytes packed (see pack).
type wordEntry struct {
	key  uint64
	tail string
	rec  *personRec
}

// compareWordOrder orders by tail, then in the search order, so the people
// of one tail follow each other in the order of the results.
func compareWordOrder(a, b wordEntry) int {
	if a.key != b.key {
		return cmp.Compare(a.key, b.key)
	}
	if c := strings.Compare(a.tail, b.tail); c != 0 {
		return c
	}
	return compareFamilyOrder(entryOf(a.rec), entryOf(b.rec))
}

func wordEntries(rec *personRec) []wordEntry {
	tails := rec.otherTails()
	out := make([]wordEntry, len(tails))
	for i, tail := range tails {
		out[i] = wordEntry{key: pack(tail), tail: tail, rec: rec}
	}
	return out
}

// personEntry is a person in a sorted index. It holds the first bytes of
// the folded family name (see pack) so that a scan can compare and
// prefix-match most entries without following the pointer to the record.
type personEntry struct {
	family uint64
	rec    *personRec
}

func entryOf(rec *personRec) personEntry {
	return personEntry{family: pack(rec.family), rec: rec}
}

// compareFamilyOrder is the search order: folded family name, folded given
// name, id, each compared byte by byte.
func compareFamilyOrder(a, b personEntry) int {
	if a.family != b.family {
		return cmp.Compare(a.family, b.family)
	}
	return cmp.Or(strings.Compare(a.rec.family, b.rec.family), strings.Compare(a.rec.given, b.rec.given), strings.Compare(a.rec.p.ID, b.rec.p.ID))
}

// pack is the first eight bytes of s as a big-endian number, zero-padded. It
// keeps order: pack(a) < pack(b) implies a < b, and equal packs need the
// strings compared.
func pack(s string) uint64 {
	var k uint64
	for i := range 8 {
		k <<= 8
		if i < len(s) {
			k |= uint64(s[i])
		}
	}
	return k
}

// indexPerson stores rec and adds it to the sorted indexes.
func (t *tx) indexPerson(rec *personRec) {
	t.st.people.put(t, rec.p.ID, rec)
	t.st.byFamily.insert(t, entryOf(rec))
	for _, w := range wordEntries(rec) {
		t.st.byWord.insert(t, w)
	}
}

// unindexPerson takes rec out of the sorted indexes.
func (t *tx) unindexPerson(rec *personRec) {
	t.st.byFamily.delete(t, entryOf(rec))
	for _, w := range wordEntries(rec) {
		t.st.byWord.delete(t, w)
	}
}

func (r people) Create(ctx context.Context, p personnel.Person) error {
	const op = "memory.People.Create"
	t := r.t
	if err := beginCreate(ctx, t, op, &t.st.people, p.ID, "a person"); err != nil {
		return err
	}
	p = clonePerson(p)
	p.Version = 1
	t.indexPerson(newPersonRec(p))
	return nil
}

func (r people) Get(ctx context.Context, id string) (personnel.Person, error) {
	return get(ctx, r.t, "memory.People.Get", "person", &r.t.st.people, id, func(rec *personRec) personnel.Person { return clonePerson(rec.p) })
}

func (r people) Update(ctx context.Context, p personnel.Person) (personnel.Person, error) {
	const op = "memory.People.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return personnel.Person{}, err
	}
	old, ok := t.st.people.get(p.ID)
	switch {
	case !ok:
		return personnel.Person{}, notFound(op, "person")
	case p.Version != old.p.Version:
		return personnel.Person{}, staleVersion(op, "person")
	}
	p = clonePerson(p)
	p.Version = old.p.Version + 1
	t.unindexPerson(old)
	t.indexPerson(newPersonRec(p))
	return clonePerson(p), nil
}

func (r people) Delete(ctx context.Context, id string) error {
	const op = "memory.People.Delete"
	t := r.t
	st := t.st
	rec, err := beginEdit(ctx, t, op, "person", &st.people, id)
	if err != nil {
		return err
	}
	if st.accountByPerson.has(id) {
		return &carenet.Error{Code: carenet.InUse, Op: op, Message: "the person has an account"}
	}
	if shares, videos := t.videoReferences(id); shares > 0 || videos > 0 {
		return &carenet.Error{Code: carenet.InUse, Op: op, Message: "videos or video shares refer to the person"}
	}
	if t.referralReferences(id) > 0 {
		return &carenet.Error{Code: carenet.InUse, Op: op, Message: "the person submitted referrals"}
	}
	for gid := range st.memberships.of(id).keys() {
		st.members.remove(t, gid, id)
	}
	st.memberships.removeAll(t, id)
	t.unindexPerson(rec)
	st.people.remove(t, id)
	return nil
}

// EndDatePassed scans every person; a sweep runs it rarely. A limit of 0 or
// less means no limit.
func (r people) EndDatePassed(ctx context.Context, asOf time.Time, limit int) ([]personnel.Person, error) {
	const op = "memory.People.EndDatePassed"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	var out []personnel.Person
	for _, rec := range r.t.st.people.all() {
		if p := rec.p; p.Active() && auth.EndReached(p.EndDate, asOf) {
			out = append(out, p)
		}
	}
	slices.SortFunc(out, func(a, b personnel.Person) int { return strings.Compare(a.ID, b.ID) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i := range out {
		out[i] = clonePerson(out[i])
	}
	return out, nil
}

// References reports, in this order and only when their count is not zero
// (personnel.Counted), the kinds of personnel.Reference:
// "login_history" (1 if the person's account ever logged in or held a
// session), "sessions" (the account's sessions), "personnel_groups" (the
// groups the person is in), "audit_events" (events the person made),
// "video_shares" (video shares granted to or by the person), "videos"
// (videos the person uploaded or interviewed in) and "referrals"
// (referrals the person submitted).
func (r people) References(ctx context.Context, id string) ([]personnel.Reference, error) {
	const op = "memory.People.References"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	st := t.st
	if !st.people.has(id) {
		return nil, notFound(op, "person")
	}
	var loggedIn, sessions int
	if aid, ok := st.accountByPerson.get(id); ok {
		if t.hasLoggedIn(aid) {
			loggedIn = 1
		}
		sessions = st.sessionsOf.of(aid).len()
	}
	videoShares, videos := t.videoReferences(id)
	return personnel.Counted([]personnel.Reference{
		{Kind: personnel.ReferenceLoginHistory, Count: loggedIn},
		{Kind: personnel.ReferenceSessions, Count: sessions},
		{Kind: personnel.ReferencePersonnelGroups, Count: st.memberships.of(id).len()},
		{Kind: personnel.ReferenceAuditEvents, Count: st.actorEvents.at(id)},
		{Kind: personnel.ReferenceVideoShares, Count: videoShares},
		{Kind: personnel.ReferenceVideos, Count: videos},
		{Kind: personnel.ReferenceReferrals, Count: t.referralReferences(id)},
	}), nil
}
