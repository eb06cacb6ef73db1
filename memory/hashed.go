package memory

import (
	"context"

	"github.com/carenet-go/carenet/auth"
)

// hashed is where a record found by its token's hash is kept: by ID, by
// token hash and by account. Sessions and password links are kept so.
type hashed[V any] struct {
	byID   *table[string, V]
	byHash *table[string, string]
	of     *multimap[string, string, struct{}]
	// what names the record in errors ("session", "password link").
	what string
}

// sessionsKept is where t keeps sessions.
func (t *tx) sessionsKept() hashed[auth.Session] {
	return hashed[auth.Session]{&t.st.sessions, &t.st.sessionByHash, &t.st.sessionsOf, "session"}
}

// tokensKept is where t keeps password links.
func (t *tx) tokensKept() hashed[auth.PasswordToken] {
	return hashed[auth.PasswordToken]{&t.st.tokens, &t.st.tokenByHash, &t.st.tokensOf, "password link"}
}

// create begins a write in t and stores v, already cloned, under id, hash
// and accountID. Conflict if the id or the hash is taken, NotFound if the
// account does not exist.
func (h hashed[V]) create(ctx context.Context, t *tx, op, id, hash, accountID string, v V) error {
	if err := beginCreate(ctx, t, op, h.byID, id, "a "+h.what); err != nil {
		return err
	}
	if h.byHash.has(hash) {
		return conflict(op, "a "+h.what+" with this token already exists")
	}
	if !t.st.accounts.has(accountID) {
		return notFound(op, "account")
	}
	h.byID.put(t, id, v)
	h.byHash.put(t, hash, id)
	h.of.add(t, accountID, id, struct{}{})
	return nil
}
