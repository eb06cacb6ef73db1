package auth

import "context"

// requireAccountLook is the rule of who may look at a login's sessions
// and passkeys, before anything is read: a full session (RequireFull),
// and for another's login ResetPasswords. requireAccountLookIn is the
// rest of it, in the read's transaction: another's login must be one the
// caller outranks (RequireOutrank).
func requireAccountLook(actor *Principal, accountID string) error {
	if err := actor.RequireFull(); err != nil {
		return err
	}
	if actor.AccountID != accountID {
		return actor.Require(ResetPasswords)
	}
	return nil
}

// requireAccountLookIn: see requireAccountLook.
func requireAccountLookIn(ctx context.Context, tx Tx, actor *Principal, accountID string) error {
	if actor.AccountID == accountID {
		return nil
	}
	a, err := tx.Accounts().Get(ctx, accountID)
	if err != nil {
		return err
	}
	return RequireOutrank(ctx, tx, actor, a)
}
