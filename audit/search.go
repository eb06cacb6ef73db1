package audit

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// Query is a search of the log. Zero fields match everything.
type Query struct {
	// Since and Until bound the events' time: Since <= At < Until.
	Since, Until time.Time
	// Actions selects events with one of these actions.
	Actions []Action
	// ActorID, TargetType and TargetID match exactly.
	ActorID    string
	TargetType string
	TargetID   string
	// Cursor continues a search: Page.Next of the page before, with the
	// same filters. Empty starts at the first event.
	Cursor string
	// Limit is the page size, from 1 to DefaultLimit (100 when 0).
	Limit int
}

// Page is one page of a search.
type Page struct {
	// Events are in sequence order.
	Events []Event
	// Next is the cursor of the next page; empty when there is none.
	Next string
}

// DefaultSearchLimit is the page size of a Query without a Limit.
const DefaultSearchLimit = 100

// Search returns a page of the sealed events that match q, oldest first.
// Bad input (Until not after Since, a Limit out of range, an empty action,
// a malformed cursor or one from another search) is an Invalid error
// naming each field.
func (s *Service) Search(ctx context.Context, q Query) (Page, error) {
	f, err := q.filter()
	if err != nil {
		return Page{}, err
	}
	if err := s.seal(ctx); err != nil {
		return Page{}, err
	}
	events, err := carenet.View(ctx, s.store, func(tx Tx) ([]Event, error) {
		return tx.Audit().List(ctx, f)
	})
	if err != nil {
		return Page{}, err
	}
	p := Page{Events: events}
	if len(events) == f.Limit {
		p.Next = q.cursor(events[len(events)-1].Seq)
	}
	return p, nil
}

// filter checks q and turns it into a store Filter.
func (q Query) filter() (Filter, error) {
	var p carenet.Problems
	if !q.Since.IsZero() && !q.Until.IsZero() && !q.Until.After(q.Since) {
		p.Add("until", carenet.RuleOrder, "must be after since")
	}
	limit := p.Limit("limit", q.Limit, DefaultSearchLimit, DefaultLimit)
	for i, a := range q.Actions {
		if strings.TrimSpace(string(a)) == "" {
			p.Add(carenet.Path("actions", i), carenet.RuleRequired, "must not be empty")
		}
	}
	var after int64
	if q.Cursor != "" {
		var ok bool
		if after, ok = q.parseCursor(); !ok {
			p.Add("cursor", carenet.RuleFormat, "is not a cursor this search returned")
		}
	}
	if err := p.Err(); err != nil {
		return Filter{}, carenet.E("audit.Search", carenet.Invalid, "the search is not valid", err)
	}
	return Filter{AfterSeq: after, Since: q.Since, Until: q.Until, Actions: q.Actions,
		ActorID: q.ActorID, TargetType: q.TargetType, TargetID: q.TargetID, Limit: limit}, nil
}

// A cursor is "c1" and the base64url of the last sequence number and the
// first 8 bytes of a hash of the search's filters, so a cursor is refused
// by a search with other filters.
func (q Query) cursor(seq int64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(seq))
	copy(b[8:], q.fingerprint())
	return "c1" + base64.RawURLEncoding.EncodeToString(b[:])
}

func (q Query) parseCursor() (int64, bool) {
	rest, ok := strings.CutPrefix(q.Cursor, "c1")
	if !ok {
		return 0, false
	}
	b, err := base64.RawURLEncoding.DecodeString(rest)
	if err != nil || len(b) != 16 || string(b[8:]) != string(q.fingerprint()) {
		return 0, false
	}
	seq := int64(binary.BigEndian.Uint64(b[:8]))
	return seq, seq >= 1
}

func (q Query) fingerprint() []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%q|%q|%q|%q", q.Since.UnixMicro(), q.Until.UnixMicro(), q.Actions, q.ActorID, q.TargetType, q.TargetID)
	return h.Sum(nil)[:8]
}
