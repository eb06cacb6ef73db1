package memory

import "context"

// Remove deletes the account with its credentials, password links,
// passkeys, passkey ceremonies, recovery codes and sessions; NotFound if missing.
func (r accounts) Remove(ctx context.Context, id string) error {
	const op = "memory.Accounts.Remove"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	a, ok := st.accounts.get(id)
	if !ok {
		return notFound(op, "account")
	}
	for sid := range st.sessionsOf.of(id).keys() {
		st.sessionByHash.remove(t, st.sessions.at(sid).TokenHash)
		st.sessions.remove(t, sid)
	}
	st.sessionsOf.removeAll(t, id)
	t.deleteAccount(a)
	return nil
}
