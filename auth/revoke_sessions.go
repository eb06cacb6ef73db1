package auth

import (
	"context"
	"time"
)

// RevokeSessions revokes, at at with reason, every unrevoked session of
// the account but the one with exceptID (empty for none), and returns how
// many it revoked. A repository that is a SessionRevoker does it in one
// step; any other through ListByAccount and Revoke.
func RevokeSessions(ctx context.Context, r SessionRepository, accountID string, at time.Time, reason, exceptID string) (int, error) {
	if f, ok := r.(SessionRevoker); ok {
		return f.RevokeAll(ctx, accountID, at, reason, exceptID)
	}
	list, err := r.ListByAccount(ctx, accountID)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range list {
		if s.RevokedAt != nil || s.ID == exceptID {
			continue
		}
		if err := r.Revoke(ctx, s.ID, at, reason); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}
