package postgres

import (
	"context"
	"database/sql"
	"encoding/binary"
	"hash/fnv"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
)

// DefaultSchema is the schema a Store keeps its tables in unless
// WithSchema names another.
const DefaultSchema = "carenet"

// WithSchema keeps the store's tables in the PostgreSQL schema name
// instead of DefaultSchema, so that one database can hold the data of many
// centers, a schema each: stores on two schemas share nothing but the
// database (and the pool, if the host hands both the same one). Each
// schema is migrated on its own, holds its own record of migrations and
// its own audit chain, and has its own sealer and advisory locks.
//
// The name must be 1 to 63 lower-case letters, digits and underscores,
// not starting with a digit, and not name one of PostgreSQL's schemas
// (pg_*, information_schema) or public; see ValidateSchemaName. Open
// returns the Invalid error of a name that is not; a store made by New
// returns it from every call.
func WithSchema(name string) Option {
	return func(s *Store) { s.schema = newSchema(name) }
}

// schemaName is the shape of a schema name: an unquoted PostgreSQL
// identifier in lower case, at most 63 bytes (longer names PostgreSQL
// would cut short).
var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// ValidateSchemaName returns nil if name can be a store's schema (see
// WithSchema). Otherwise it returns Invalid with a carenet.Problems naming
// the field "schema" and the rule broken.
func ValidateSchemaName(name string) error {
	var p carenet.Problems
	switch {
	case name == "":
		p.Add("schema", carenet.RuleRequired, "is required: name the schema the store keeps its tables in (default "+DefaultSchema+")")
	case len(name) > 63:
		p.Add("schema", carenet.RuleTooLong, "must be at most 63 characters, the longest name PostgreSQL keeps")
	case !schemaName.MatchString(name):
		p.Add("schema", carenet.RuleFormat, "must be lower-case letters, digits and underscores, not starting with a digit")
	case strings.HasPrefix(name, "pg_") || name == "information_schema":
		p.Add("schema", carenet.RuleNotAllowed, "names a schema of PostgreSQL itself: choose a schema of the SDK's own")
	case name == "public":
		p.Add("schema", carenet.RuleNotAllowed, "is the database's shared schema, open to every role: choose a schema of the SDK's own")
	}
	if err := p.Err(); err != nil {
		return carenet.E("postgres.WithSchema", carenet.Invalid, "the schema name is not valid", err)
	}
	return nil
}

// schema is the schema a store works in, and the statements it has
// qualified for it.
//
// Every statement of the store, in Go and in the migration files, names
// its tables, functions and the schema itself one way: carenet.people,
// CREATE SCHEMA carenet. The store qualifies each statement for its schema
// as it runs it (queryer.qualify), and the migration loader each file (see
// Migrations), so no statement can name another schema than its store's:
// one written tomorrow the same way is qualified like the rest.
type schema struct {
	// name is the schema's name; quoted the identifier for statements.
	name, quoted string
	// err is the Invalid error of a name ValidateSchemaName refused.
	err error
	// qualified caches the qualified text of each statement text, at most
	// maxQualified of them (a statement's text holds no values, so there
	// are only so many; lists of varying length make a few more).
	qualified sync.Map
	size      atomic.Int32
}

const maxQualified = 4096

func newSchema(name string) *schema {
	return &schema{name: name, quoted: pq.QuoteIdentifier(name), err: ValidateSchemaName(name)}
}

// isDefault reports whether the statements as written already name the
// schema: an unquoted carenet is the identifier "carenet".
func (sc *schema) isDefault() bool { return sc.name == DefaultSchema }

// qualify returns text naming the schema where it names carenet.
func (sc *schema) qualify(text string) string {
	if sc.isDefault() {
		return text
	}
	if q, ok := sc.qualified.Load(text); ok {
		return q.(string)
	}
	q := qualifyText(text, sc.quoted)
	if sc.size.Load() < maxQualified {
		if _, loaded := sc.qualified.LoadOrStore(text, q); !loaded {
			sc.size.Add(1)
		}
	}
	return q
}

// lockKey is the advisory lock key of the schema for what base locks in
// the default schema: base itself there (so releases before schemas and
// this one take the same lock), a hash of base and the name elsewhere, so
// stores on two schemas never wait for each other.
func (sc *schema) lockKey(base int64) int64 {
	if sc.isDefault() {
		return base
	}
	h := fnv.New64a()
	_ = binary.Write(h, binary.BigEndian, base)
	h.Write([]byte(sc.name))
	return int64(h.Sum64())
}

// qualifyText returns text with every unquoted identifier carenet (in any
// case, not itself qualified by a dot before it) replaced by quoted. Line
// and block comments, string literals and quoted identifiers are left as
// they are ("carenet" in double quotes names something else called
// carenet, such as a role); the body of a dollar-quoted string is read as
// statements, as the migrations use it for functions.
func qualifyText(text, quoted string) string {
	var b strings.Builder
	copied := 0
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '-' && strings.HasPrefix(text[i:], "--"):
			if j := strings.IndexByte(text[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(text)
			}
		case c == '/' && strings.HasPrefix(text[i:], "/*"):
			i = skipBlockComment(text, i)
		case c == '\'':
			i = skipQuoted(text, i, '\'', i > 0 && (text[i-1] == 'E' || text[i-1] == 'e') && (i == 1 || !isIdentByte(text[i-2])))
		case c == '"':
			i = skipQuoted(text, i, '"', false)
		case c == '$':
			i = skipDollar(text, i)
		case isIdentByte(c) && (c < '0' || c > '9'):
			j := i + 1
			for j < len(text) && (isIdentByte(text[j]) || text[j] == '$') {
				j++
			}
			if strings.EqualFold(text[i:j], DefaultSchema) && (i == 0 || text[i-1] != '.') {
				b.WriteString(text[copied:i])
				b.WriteString(quoted)
				copied = j
			}
			i = j
		case c >= '0' && c <= '9':
			for i < len(text) && (isIdentByte(text[i]) || text[i] == '.') {
				i++
			}
		default:
			i++
		}
	}
	if copied == 0 {
		return text
	}
	b.WriteString(text[copied:])
	return b.String()
}

// isIdentByte reports whether c may be part of an identifier: letters,
// digits, underscores and every byte of a non-ASCII character.
func isIdentByte(c byte) bool {
	return c == '_' || c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// skipQuoted returns the index after the literal or quoted identifier that
// starts at i with quote: a doubled quote stands for one, and with
// backslashes (an E” string) a backslash escapes the next byte.
func skipQuoted(text string, i int, quote byte, backslashes bool) int {
	for j := i + 1; j < len(text); j++ {
		switch {
		case backslashes && text[j] == '\\':
			j++
		case text[j] == quote:
			if j+1 < len(text) && text[j+1] == quote {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(text)
}

// skipBlockComment returns the index after the block comment that starts
// at i; PostgreSQL's block comments nest.
func skipBlockComment(text string, i int) int {
	depth := 0
	for j := i; j < len(text)-1; j++ {
		switch {
		case text[j] == '/' && text[j+1] == '*':
			depth++
			j++
		case text[j] == '*' && text[j+1] == '/':
			depth--
			j++
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(text)
}

// skipDollar returns the index after a parameter ($1) or a dollar quote's
// delimiter ($$, $body$) that starts at i.
func skipDollar(text string, i int) int {
	j := i + 1
	if j < len(text) && text[j] >= '0' && text[j] <= '9' {
		for j < len(text) && text[j] >= '0' && text[j] <= '9' {
			j++
		}
		return j
	}
	for j < len(text) && isIdentByte(text[j]) {
		j++
	}
	if j < len(text) && text[j] == '$' {
		return j + 1
	}
	return i + 1
}

// conn is a transaction or the pool.
type conn interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// inSchema is a transaction or the pool seen from a store's schema: the
// statements run through it are qualified for the schema. It is the only
// queryer, so no statement can reach the database unqualified.
type inSchema struct {
	conn
	sc *schema
}

func (q inSchema) qualify(text string) string { return q.sc.qualify(text) }

// bare returns c for statements that name no table of the store (such as
// the probe of sharedSessions): seen from the default schema, whose text is
// sent unchanged.
func bare(c conn) queryer { return inSchema{c, defaultSchema} }

// defaultSchema is the default schema, qualified once.
var defaultSchema = newSchema(DefaultSchema)

// on returns c seen from the store's schema.
func (s *Store) on(c conn) queryer { return inSchema{c, s.schema} }

// Schema returns the name of the schema the store keeps its tables in.
func (s *Store) Schema() string { return s.schema.name }

// schemaOf returns the schema opts choose: the default, or the last
// WithSchema among them.
func schemaOf(opts []Option) *schema {
	s := Store{seal: newSealer(DefaultSealInterval), schema: newSchema(DefaultSchema)}
	for _, o := range opts {
		o(&s)
	}
	return s.schema
}
