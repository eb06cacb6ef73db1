package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"strings"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"
)

// Every statement is built with squirrel and every value travels as a
// parameter. A statement sent on its own is built with psql, which numbers
// its placeholders $1, $2, ...; a statement nested into another one (a
// common table expression, see with) is built with frag, whose ?
// placeholders the enclosing psql statement numbers in order.
var (
	psql = sq.StatementBuilder.PlaceholderFormat(sq.Dollar)
	frag = sq.StatementBuilder.PlaceholderFormat(sq.Question)
)

type sqlizer = sq.Sqlizer

// queryer is what a statement runs on: a transaction or the pool, seen
// from the store's schema (inSchema), which qualify names in the text.
type queryer interface {
	conn
	qualify(text string) string
}

// rowScanner is a row being read.
type rowScanner interface {
	Scan(dest ...any) error
}

// cte is one named statement of a WITH clause.
type cte struct {
	name string
	stmt sqlizer
}

// with returns the WITH clause of ctes, to put before a statement with
// PrefixExpr. The statements must be built with frag.
func with(ctes ...cte) sqlizer {
	parts := make([]any, 0, 3*len(ctes))
	for i, c := range ctes {
		sep := ", "
		if i == 0 {
			sep = "WITH "
		}
		parts = append(parts, sep+c.name+" AS (", c.stmt, ")")
	}
	return sq.ConcatExpr(parts...)
}

// build returns the text of q, qualified for db's schema, and its values.
func build(db queryer, q sqlizer) (string, []any, error) {
	text, args, err := q.ToSql()
	return db.qualify(text), args, err
}

// query builds q for db and runs it.
func query(ctx context.Context, db queryer, q sqlizer) (*sql.Rows, error) {
	text, args, err := build(db, q)
	if err != nil {
		return nil, fmt.Errorf("building statement: %w", err)
	}
	return db.QueryContext(ctx, text, args...)
}

func queryOne(ctx context.Context, db queryer, q sqlizer, dest ...any) error {
	rows, err := query(ctx, db, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return sql.ErrNoRows
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Close()
}

func queryMany(ctx context.Context, db queryer, q sqlizer, scan func(rowScanner) error) error {
	rows, err := query(ctx, db, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}

func execute(ctx context.Context, db queryer, q sqlizer) (int64, error) {
	text, args, err := build(db, q)
	if err != nil {
		return 0, fmt.Errorf("building statement: %w", err)
	}
	res, err := db.ExecContext(ctx, text, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// likePrefix returns the LIKE pattern matching strings that start with s:
// the wildcards and the escape character in s are escaped.
func likePrefix(s string) string {
	return likeEscaper.Replace(s) + "%"
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// timeArg is the parameter for a time: NULL for the zero time, else UTC.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// optTimeArg is the parameter for an optional time.
func optTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC()
}

// bytesArg is the parameter for bytes: NULL when empty.
func bytesArg(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return b
}

// timeCol scans a nullable timestamptz into a time.Time: the zero time for
// NULL, else the time in UTC.
type timeCol struct{ p *time.Time }

func (c timeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.p = time.Time{}
	case time.Time:
		*c.p = v.UTC()
	default:
		return fmt.Errorf("postgres: cannot scan %T into a time", v)
	}
	return nil
}

// optTimeCol scans a nullable timestamptz into a *time.Time.
type optTimeCol struct{ p **time.Time }

func (c optTimeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.p = nil
	case time.Time:
		t := v.UTC()
		*c.p = &t
	default:
		return fmt.Errorf("postgres: cannot scan %T into a time", v)
	}
	return nil
}

// stringsCol scans a text[] into a []string; nil when empty.
type stringsCol struct{ p *[]string }

func (c stringsCol) Scan(v any) error {
	var a pq.StringArray
	if err := a.Scan(v); err != nil {
		return err
	}
	if len(a) == 0 {
		*c.p = nil
		return nil
	}
	*c.p = []string(a)
	return nil
}

// orZero wraps scan destinations so that a NULL leaves the zero value: for
// the columns of the right side of an outer join. A destination must be a
// sql.Scanner or a pointer to a string, integer or boolean type.
func orZero(dest []any) []any {
	out := make([]any, len(dest))
	for i, d := range dest {
		out[i] = zeroCol{d}
	}
	return out
}

type zeroCol struct{ dest any }

func (c zeroCol) Scan(v any) error {
	if s, ok := c.dest.(sql.Scanner); ok {
		return s.Scan(v)
	}
	p := reflect.ValueOf(c.dest)
	if p.Kind() != reflect.Pointer {
		return fmt.Errorf("postgres: cannot scan into %T", c.dest)
	}
	e := p.Elem()
	if v == nil {
		e.SetZero()
		return nil
	}
	switch e.Kind() {
	case reflect.String:
		switch v := v.(type) {
		case string:
			e.SetString(v)
			return nil
		case []byte:
			e.SetString(string(v))
			return nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if v, ok := v.(int64); ok {
			e.SetInt(v)
			return nil
		}
	case reflect.Bool:
		if v, ok := v.(bool); ok {
			e.SetBool(v)
			return nil
		}
	}
	return fmt.Errorf("postgres: cannot scan %T into %T", v, c.dest)
}

var (
	_ sql.Scanner = zeroCol{}
	_ sql.Scanner = timeCol{}
	_ sql.Scanner = optTimeCol{}
	_ sql.Scanner = stringsCol{}
)
