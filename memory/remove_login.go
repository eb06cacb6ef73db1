package memory

import "context"

// Remove deletes the account with its credentials, password links,
// recovery codes and sessions; NotFound if missing.
func (r accounts) Remove(ctx context.Context, id string) error {
	const op = "memory.Accounts.Remove"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	a, ok := st.accounts[id]
	if !ok {
		return notFound(op, "account")
	}
	for sid := range st.sessionsOf[id] {
		remove(t, st.sessionByHash, st.sessions[sid].TokenHash)
		remove(t, st.sessions, sid)
	}
	remove(t, st.sessionsOf, id)
	t.deleteTokens(id)
	remove(t, st.recoveryCodes, id)
	key := usernameKeyOf(a.Username)
	remove(t, st.credentials, id)
	remove(t, st.accountByName, key)
	remove(t, st.accountByPerson, a.PersonID)
	drop(t, st.usernames, usernameKey{key, a.PersonID})
	remove(t, st.accounts, id)
	return nil
}
