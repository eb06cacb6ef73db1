package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/carenet-go/carenet/auth"
)

// RecoveryCodes returns the recovery code repository of the transaction.
// An account's codes are one stored slice, replaced as a whole.
func (t *tx) RecoveryCodes() auth.RecoveryCodeRepository { return recoveryCodes{t} }

type recoveryCodes struct{ t *tx }

func (r recoveryCodes) Replace(ctx context.Context, accountID string, codes []auth.RecoveryCode) (int, error) {
	const op = "memory.RecoveryCodes.Replace"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return 0, err
	}
	n := len(t.st.recoveryCodes.at(accountID))
	if len(codes) == 0 {
		t.st.recoveryCodes.remove(t, accountID)
		return n, nil
	}
	if !t.st.accounts.has(accountID) {
		return 0, notFound(op, "account")
	}
	stored := make([]auth.RecoveryCode, len(codes))
	for i, c := range codes {
		c.AccountID, c.CreatedAt = accountID, ts(c.CreatedAt)
		stored[i] = c
	}
	slices.SortFunc(stored, func(a, b auth.RecoveryCode) int { return strings.Compare(a.ID, b.ID) })
	t.st.recoveryCodes.put(t, accountID, stored)
	return n, nil
}

func (r recoveryCodes) List(ctx context.Context, accountID string) ([]auth.RecoveryCode, error) {
	const op = "memory.RecoveryCodes.List"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	return slices.Clone(r.t.st.recoveryCodes.at(accountID)), nil
}

func (r recoveryCodes) Use(ctx context.Context, accountID, id string) error {
	const op = "memory.RecoveryCodes.Use"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	codes := t.st.recoveryCodes.at(accountID)
	i, ok := slices.BinarySearchFunc(codes, id, func(c auth.RecoveryCode, id string) int { return cmp.Compare(c.ID, id) })
	if !ok {
		return notFound(op, "recovery code")
	}
	left := slices.Delete(slices.Clone(codes), i, i+1)
	if len(left) == 0 {
		t.st.recoveryCodes.remove(t, accountID)
		return nil
	}
	t.st.recoveryCodes.put(t, accountID, left)
	return nil
}
