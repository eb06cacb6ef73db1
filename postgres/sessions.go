package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/auth"
)

// sessionRepo keeps sessions in carenet.sessions.
type sessionRepo struct{ t *txn }

var _ auth.SessionRevoker = sessionRepo{}

// sessionColumns are the columns sessionDest scans, from the table aliased
// s.
const sessionColumns = "s.id, s.account_id, s.token_hash, s.created_at, s.last_seen_at, s.authenticated_at, s.expires_at, " +
	"s.revoked_at, s.revoked_reason, s.user_agent, s.remote_addr"

func sessionDest(s *auth.Session) []any {
	return []any{&s.ID, &s.AccountID, &s.TokenHash, timeCol{&s.CreatedAt}, timeCol{&s.LastSeenAt}, timeCol{&s.AuthenticatedAt},
		timeCol{&s.ExpiresAt}, optTimeCol{&s.RevokedAt}, &s.RevokedReason, &s.UserAgent, &s.RemoteAddr}
}

// Create stores a new session. Conflict if the id or token hash is taken
// (the transaction stays usable); NotFound if the account does not exist.
func (r sessionRepo) Create(ctx context.Context, s auth.Session) error {
	q := psql.Insert("carenet.sessions").SetMap(map[string]any{
		"id":               s.ID,
		"account_id":       s.AccountID,
		"token_hash":       s.TokenHash,
		"created_at":       timeArg(s.CreatedAt),
		"last_seen_at":     timeArg(s.LastSeenAt),
		"authenticated_at": timeArg(s.AuthenticatedAt),
		"expires_at":       timeArg(s.ExpiresAt),
		"revoked_at":       optTimeArg(s.RevokedAt),
		"revoked_reason":   s.RevokedReason,
		"user_agent":       s.UserAgent,
		"remote_addr":      s.RemoteAddr,
	})
	return r.t.insertNew(ctx, "sessions.Create", "session", q, "a session with this id or token already exists")
}

// Lookup returns the session with the token hash with its account, holder
// and security groups, in one statement; NotFound if there is none.
// Revoked and expired sessions are returned too.
func (r sessionRepo) Lookup(ctx context.Context, tokenHash string) (auth.SessionFacts, error) {
	db, err := r.t.db(lookupOp)
	if err != nil {
		return auth.SessionFacts{}, err
	}
	facts, err := lookupSession(ctx, db, r.t.groups, tokenHash)
	if err != nil {
		return auth.SessionFacts{}, r.t.fail(ctx, lookupOp, err)
	}
	return facts, nil
}

// Touch sets the session's LastSeenAt; NotFound if it is missing.
func (r sessionRepo) Touch(ctx context.Context, id string, at time.Time) error {
	n, err := r.t.exec(ctx, write("sessions.Touch", "session"),
		psql.Update("carenet.sessions").Set("last_seen_at", timeArg(at)).Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("sessions.Touch", "session")
	}
	return err
}

// Reauthenticated sets the session's AuthenticatedAt and LastSeenAt;
// NotFound if it is missing.
func (r sessionRepo) Reauthenticated(ctx context.Context, id string, at time.Time) error {
	n, err := r.t.exec(ctx, write("sessions.Reauthenticated", "session"),
		psql.Update("carenet.sessions").Set("authenticated_at", timeArg(at)).Set("last_seen_at", timeArg(at)).Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("sessions.Reauthenticated", "session")
	}
	return err
}

// Revoke marks the session revoked at the time for the reason; a session
// already revoked keeps its first revocation. NotFound if it is missing.
func (r sessionRepo) Revoke(ctx context.Context, id string, at time.Time, reason string) error {
	q := psql.Update("carenet.sessions").
		Set("revoked_at", sq.Expr("COALESCE(revoked_at, ?)", timeArg(at))).
		Set("revoked_reason", sq.Expr("CASE WHEN revoked_at IS NULL THEN ? ELSE revoked_reason END", reason)).
		Where(sq.Eq{"id": id})
	n, err := r.t.exec(ctx, write("sessions.Revoke", "session"), q)
	if err == nil && n == 0 {
		return notFound("sessions.Revoke", "session")
	}
	return err
}

// RevokeAll revokes every unrevoked session of the account but exceptID
// and returns how many it revoked.
func (r sessionRepo) RevokeAll(ctx context.Context, accountID string, at time.Time, reason, exceptID string) (int, error) {
	q := psql.Update("carenet.sessions").
		Set("revoked_at", timeArg(at)).Set("revoked_reason", reason).
		Where(sq.Eq{"account_id": accountID, "revoked_at": nil}).
		Where(sq.NotEq{"id": exceptID})
	n, err := r.t.exec(ctx, write("sessions.RevokeAll", "session"), q)
	return int(n), err
}

// ListByAccount returns the account's sessions, newest first.
func (r sessionRepo) ListByAccount(ctx context.Context, accountID string) ([]auth.Session, error) {
	q := psql.Select(sessionColumns).From("carenet.sessions s").
		Where(sq.Eq{"s.account_id": accountID}).OrderBy("s.created_at DESC NULLS LAST", "s.id DESC")
	return scanAll(ctx, r.t, read("sessions.ListByAccount", "session"), q, sessionDest)
}
