package memory

import (
	"context"

	"github.com/carenet-go/carenet"
)

// Remove deletes the account with its credentials, password links,
// passkeys, passkey ceremonies, recovery codes and sessions; NotFound if missing.
func (r accounts) Remove(ctx context.Context, id string) error {
	return r.remove(ctx, "memory.Accounts.Remove", id, true)
}

// remove deletes the account with what goes with it (deleteAccount), and
// its sessions if withSessions; without, InUse if it has any. NotFound if
// missing.
func (r accounts) remove(ctx context.Context, op, id string, withSessions bool) error {
	t := r.t
	st := t.st
	a, err := beginEdit(ctx, t, op, "account", &st.accounts, id)
	if err != nil {
		return err
	}
	if !withSessions && st.sessionsOf.of(id).len() > 0 {
		return &carenet.Error{Code: carenet.InUse, Op: op, Message: "the account has sessions"}
	}
	for sid := range st.sessionsOf.of(id).keys() {
		st.sessionByHash.remove(t, st.sessions.at(sid).TokenHash)
		st.sessions.remove(t, sid)
	}
	st.sessionsOf.removeAll(t, id)
	t.deleteAccount(a)
	return nil
}
