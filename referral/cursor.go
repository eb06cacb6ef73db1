package referral

import (
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/internal/cursor"
)

// EncodeCursor makes the opaque cursor string for a position.
func EncodeCursor(c Cursor) string {
	return cursor.Encode(c.At.UTC().Format(time.RFC3339Nano), c.ID)
}

// DecodeCursor reads a cursor made by EncodeCursor; Invalid otherwise.
func DecodeCursor(s string) (Cursor, error) {
	parts, err := cursor.Decode(s, 2)
	if err != nil {
		return Cursor{}, err
	}
	at, err := time.Parse(time.RFC3339Nano, parts[0])
	if err != nil {
		return Cursor{}, cursor.Malformed()
	}
	return Cursor{At: at, ID: parts[1]}, nil
}

// pageLimit checks a page size and returns it (DefaultLimit for 0).
func pageLimit(limit int, p *carenet.Problems) int {
	return p.Limit("limit", limit, DefaultLimit, MaxLimit)
}

// pageCursor decodes an optional cursor.
func pageCursor(s string, p *carenet.Problems) *Cursor {
	if s == "" {
		return nil
	}
	c, err := DecodeCursor(s)
	if err != nil {
		p.Add("cursor", carenet.RuleFormat, "is not a cursor this list returned")
		return nil
	}
	return &c
}

// page cuts a result fetched with one extra row into a page and the cursor
// of the next, positioned by at.
func page(list []Referral, limit int, at func(Referral) time.Time) Page {
	p := Page{Referrals: list}
	if len(list) > limit {
		p.Referrals = list[:limit]
		last := p.Referrals[limit-1]
		p.Next = EncodeCursor(Cursor{At: at(last), ID: last.ID})
	}
	return p
}

// statuses checks a status filter.
func statuses(list []Status, p *carenet.Problems, allowDraft bool) {
	for i, st := range list {
		switch {
		case !st.Valid():
			p.Add(carenet.Path("statuses", i), carenet.RuleOneOf, "is not a referral status")
		case st == StatusDraft && !allowDraft:
			p.Add(carenet.Path("statuses", i), carenet.RuleNotAllowed, "drafts are their submitter's alone")
		}
	}
}
