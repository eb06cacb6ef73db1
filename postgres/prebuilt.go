package postgres

import (
	"fmt"
	"sync"

	sq "github.com/Masterminds/squirrel"
)

// prebuilt is a statement whose text does not depend on its values, built
// with squirrel once instead of on every call: building a statement costs
// more than sending it prepared. build makes the statement from its
// values, which it must hand to squirrel unchanged (not wrapped, not
// compared with nil); the first call builds it from stand-ins, whose
// places in the arguments tell where each value goes, and every call
// after that only puts its values there. It is safe for concurrent use.
type prebuilt struct {
	build func(values ...any) sqlizer
	once  sync.Once
	text  string
	order []int // order[k] is the value of the k-th argument
}

// standIn stands for the i-th value while a prebuilt statement is built.
type standIn int

// newPrebuilt returns the prebuilt statement build makes.
func newPrebuilt(build func(values ...any) sqlizer) *prebuilt { return &prebuilt{build: build} }

// with returns the statement with values, which must be as many as build
// takes.
func (p *prebuilt) with(values ...any) sqlizer {
	p.once.Do(func() {
		ins := make([]any, len(values))
		for i := range ins {
			ins[i] = standIn(i)
		}
		text, args, err := p.build(ins...).ToSql()
		if err != nil {
			panic(fmt.Sprintf("postgres: building a statement: %v", err))
		}
		for _, a := range args {
			i, ok := a.(standIn)
			if !ok {
				panic(fmt.Sprintf("postgres: a prebuilt statement took the value %v that is none of its stand-ins", a))
			}
			p.order = append(p.order, int(i))
		}
		p.text = text
	})
	args := make([]any, len(p.order))
	for k, i := range p.order {
		args[k] = values[i]
	}
	return sq.Expr(p.text, args...)
}
