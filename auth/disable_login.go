package auth

import "context"

// DisableLoginIn shuts a login in tx, all of it or none with the
// transaction: the account becomes inactive (Version increased, UpdatedAt
// d.At), its password hash is replaced by d.PasswordHash, every unrevoked
// session is revoked with d.Reason and every unused password link is
// invalidated, all at d.At. It returns the account as stored and what it
// changed; NotFound if the account is missing. A repository that is a
// LoginDisabler does it in one step; any other through its required
// methods.
func DisableLoginIn(ctx context.Context, tx Tx, d DisableLogin) (DisabledLogin, error) {
	if f, ok := tx.Accounts().(LoginDisabler); ok {
		return f.DisableLogin(ctx, d)
	}
	old, err := tx.Accounts().Get(ctx, d.AccountID)
	if err != nil {
		return DisabledLogin{}, err
	}
	a := old
	a.Active, a.UpdatedAt = false, d.At
	if a, err = tx.Accounts().Update(ctx, a); err != nil {
		return DisabledLogin{}, err
	}
	c, err := tx.Accounts().Credentials(ctx, a.ID)
	if err != nil {
		return DisabledLogin{}, err
	}
	c.PasswordHash = d.PasswordHash
	if err := tx.Accounts().SetCredentials(ctx, c); err != nil {
		return DisabledLogin{}, err
	}
	out := DisabledLogin{Account: a, WasActive: old.Active}
	if out.SessionsRevoked, err = RevokeSessions(ctx, tx.Sessions(), a.ID, d.At, d.Reason, ""); err != nil {
		return DisabledLogin{}, err
	}
	if out.LinksInvalidated, err = tx.PasswordTokens().InvalidateAll(ctx, a.ID, d.At); err != nil {
		return DisabledLogin{}, err
	}
	return out, nil
}
