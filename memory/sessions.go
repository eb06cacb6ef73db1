package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// Sessions returns the session repository of the transaction.
func (t *tx) Sessions() auth.SessionRepository { return sessions{t} }

type sessions struct{ t *tx }

var _ auth.SessionRevoker = sessions{}

// Create stores a new session. Conflict if its id or token hash is taken,
// NotFound if its account does not exist.
func (r sessions) Create(ctx context.Context, s auth.Session) error {
	return r.t.sessionsKept().create(ctx, r.t, "memory.Sessions.Create", s.ID, s.TokenHash, s.AccountID, cloneSession(s))
}

func (r sessions) Lookup(ctx context.Context, tokenHash string) (auth.SessionFacts, error) {
	const op = "memory.Sessions.Lookup"
	t := r.t
	if err := t.begin(ctx, op, false); err != nil {
		return auth.SessionFacts{}, err
	}
	st := t.st
	id, ok := st.sessionByHash.get(tokenHash)
	if !ok {
		return auth.SessionFacts{}, notFound(op, "session")
	}
	s := st.sessions.at(id)
	a, ok := st.accounts.get(s.AccountID)
	if !ok {
		return auth.SessionFacts{}, notFound(op, "account")
	}
	h, err := t.holder(op, a.PersonID)
	if err != nil {
		return auth.SessionFacts{}, err
	}
	f := auth.SessionFacts{Session: cloneSession(s), Account: cloneAccount(a), Holder: h,
		Passkeys: st.passkeys.of.of(a.ID).len()}
	for _, g := range a.Groups {
		if sg, ok := st.securityGroups.get(g); ok {
			f.Groups = append(f.Groups, cloneSecurityGroup(sg))
		}
	}
	return f, nil
}

func (r sessions) Touch(ctx context.Context, id string, at time.Time) error {
	return r.edit(ctx, "memory.Sessions.Touch", id, func(s *auth.Session) { s.LastSeenAt = ts(at) })
}

func (r sessions) Reauthenticated(ctx context.Context, id string, at time.Time) error {
	return r.edit(ctx, "memory.Sessions.Reauthenticated", id, func(s *auth.Session) {
		s.AuthenticatedAt = ts(at)
		s.LastSeenAt = ts(at)
	})
}

// edit stores the session with id as change leaves it; NotFound if it is
// missing.
func (r sessions) edit(ctx context.Context, op, id string, change func(*auth.Session)) error {
	t := r.t
	s, err := beginEdit(ctx, t, op, "session", &t.st.sessions, id)
	if err != nil {
		return err
	}
	s = cloneSession(s)
	change(&s)
	t.st.sessions.put(t, id, s)
	return nil
}

// Revoke revokes the session with id at the time for the reason; a session
// already revoked keeps its revocation. NotFound if it is missing.
func (r sessions) Revoke(ctx context.Context, id string, at time.Time, reason string) error {
	return r.edit(ctx, "memory.Sessions.Revoke", id, func(s *auth.Session) {
		if !s.Revoked() {
			markRevoked(s, ts(at), reason)
		}
	})
}

// revoke stores s revoked at the time for the reason.
func (t *tx) revoke(s auth.Session, at time.Time, reason string) {
	s = cloneSession(s)
	markRevoked(&s, at, reason)
	t.st.sessions.put(t, s.ID, s)
}

// markRevoked sets s revoked at the time for the reason.
func markRevoked(s *auth.Session, at time.Time, reason string) {
	s.RevokedAt = &at
	s.RevokedReason = reason
}

func (r sessions) RevokeAll(ctx context.Context, accountID string, at time.Time, reason, exceptID string) (int, error) {
	const op = "memory.Sessions.RevokeAll"
	if err := r.t.begin(ctx, op, true); err != nil {
		return 0, err
	}
	return r.t.revokeSessions(accountID, ts(at), reason, exceptID), nil
}

// revokeSessions revokes the account's unrevoked sessions but exceptID and
// returns how many.
func (t *tx) revokeSessions(accountID string, at time.Time, reason, exceptID string) int {
	n := 0
	for id := range t.st.sessionsOf.of(accountID).keys() {
		if s := t.st.sessions.at(id); id != exceptID && !s.Revoked() {
			t.revoke(s, at, reason)
			n++
		}
	}
	return n
}

// ListByAccount orders the sessions newest first: by CreatedAt, then by id,
// both descending.
func (r sessions) ListByAccount(ctx context.Context, accountID string) ([]auth.Session, error) {
	const op = "memory.Sessions.ListByAccount"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	ids := r.t.st.sessionsOf.of(accountID)
	out := make([]auth.Session, 0, ids.len())
	for id := range ids.keys() {
		out = append(out, cloneSession(r.t.st.sessions.at(id)))
	}
	slices.SortFunc(out, func(a, b auth.Session) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), strings.Compare(b.ID, a.ID))
	})
	return out, nil
}
