package auth

import (
	"context"

	"github.com/carenet-go/carenet"
)

// DeleteAccount deletes an account that never held a session, with its
// credentials, password links, passkeys, passkey ceremonies and recovery
// codes, for a profile deleted because it was made by accident: InUse,
// changing nothing, if the account has sessions (revoked ones too);
// NotFound if missing. A repository that is an AccountDeleter does it in
// one step; any other through Sessions().ListByAccount and
// Accounts().Remove, in tx.
func DeleteAccount(ctx context.Context, tx Tx, id string) error {
	if d, ok := tx.Accounts().(AccountDeleter); ok {
		return d.Delete(ctx, id)
	}
	sessions, err := tx.Sessions().ListByAccount(ctx, id)
	if err != nil {
		return err
	}
	if len(sessions) > 0 {
		return carenet.E("auth.DeleteAccount", carenet.InUse, "the account has sessions", nil)
	}
	return tx.Accounts().Remove(ctx, id)
}
