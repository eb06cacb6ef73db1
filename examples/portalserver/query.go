package main

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
)

// query reads a request's query parameters, collecting every problem.
type query struct {
	v url.Values
	p carenet.Problems
}

func newQuery(u *url.URL) *query { return &query{v: u.Query()} }

// list returns a parameter's values, given repeated ("?status=a&status=b")
// or comma-separated ("?status=a,b").
func (q *query) list(name string) []string {
	var out []string
	for _, v := range q.v[name] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// str returns a parameter's last value.
func (q *query) str(name string) string {
	vs := q.v[name]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

// int returns a whole-number parameter, 0 when absent.
func (q *query) int(name string) int {
	s := q.str(name)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		q.p.Add(name, carenet.RuleFormat, "must be a whole number")
	}
	return n
}

// time returns an RFC 3339 parameter, nil when absent.
func (q *query) time(name string) *time.Time {
	s := q.str(name)
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		q.p.Add(name, carenet.RuleFormat, "must be a date and time in RFC 3339 form, such as 2026-02-20T00:00:00Z")
		return nil
	}
	return &t
}

// err is an Invalid error listing every problem, or nil.
func (q *query) err() error {
	if err := q.p.Err(); err != nil {
		return carenet.E("portalserver", carenet.Invalid, "", err)
	}
	return nil
}
