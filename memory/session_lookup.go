package memory

import (
	"context"

	"github.com/carenet-go/carenet/auth"
)

// LookupSession reads the facts of the session with the token hash from
// the committed state, without a transaction function and without waiting
// for a writer.
func (a authStore) LookupSession(ctx context.Context, tokenHash string) (auth.SessionFacts, error) {
	var f auth.SessionFacts
	err := a.s.view(ctx, func(t *tx) error {
		var err error
		f, err = t.Sessions().Lookup(ctx, tokenHash)
		return err
	})
	return f, err
}
