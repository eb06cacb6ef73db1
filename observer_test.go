package carenet_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/carenet-go/carenet"
)

// tape is an Observer that writes what it is told on a shared tape.
type tape struct {
	name string
	log  *[]string
}

type tapeKey struct{}

func (t tape) Start(ctx context.Context, op string) (context.Context, func(error)) {
	*t.log = append(*t.log, t.name+" start "+op)
	ctx = context.WithValue(ctx, tapeKey{}, t.name)
	return ctx, func(err error) {
		msg := "nil"
		if err != nil {
			msg = err.Error()
		}
		*t.log = append(*t.log, t.name+" end "+msg)
	}
}

func (t tape) Outcome(_ context.Context, o carenet.Outcome) {
	*t.log = append(*t.log, t.name+" outcome "+o.Action)
}

func TestObserversTellEachInTurnAndEndInReverse(t *testing.T) {
	var log []string
	obs := carenet.Observers(tape{"a", &log}, nil, tape{"b", &log})
	ctx, end := obs.Start(context.Background(), "op")
	assert.Equal(t, "b", ctx.Value(tapeKey{}), "each observer starts in the context the one before returned")
	obs.Outcome(ctx, carenet.Outcome{Action: "x.done"})
	end(errors.New("boom"))
	assert.Equal(t, []string{"a start op", "b start op", "a outcome x.done", "b outcome x.done", "b end boom", "a end boom"}, log)
}

func TestObserversOfNoneIsNil(t *testing.T) {
	assert.Nil(t, carenet.Observers())
	assert.Nil(t, carenet.Observers(nil, nil))
	var log []string
	one := tape{"a", &log}
	assert.Equal(t, carenet.Observer(one), carenet.Observers(nil, one))
}
