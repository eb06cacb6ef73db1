package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

var recoveryCodeCases = []testCase{
	{"ReplaceAndList", testRecoveryCodeReplaceAndList},
	{"Use", testRecoveryCodeUse},
	{"ReplaceMissingAccount", testRecoveryCodeReplaceMissingAccount},
	{"RolledBack", testRecoveryCodeRolledBack},
	{"GoWithTheirAccount", testRecoveryCodeGoWithTheirAccount},
}

// recoveryCodes are n codes of the account with IDs prefix-0, prefix-1...
func recoveryCodes(accountID, prefix string, n int) []auth.RecoveryCode {
	out := make([]auth.RecoveryCode, n)
	for i := range out {
		id := prefix + "-" + string(rune('0'+i))
		out[i] = auth.RecoveryCode{ID: id, AccountID: accountID, Hash: hashOf(id), CreatedAt: at(time.Duration(i) * time.Second)}
	}
	return out
}

func listRecoveryCodes(t *testing.T, s Store, accountID string) []auth.RecoveryCode {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) ([]auth.RecoveryCode, error) { return tx.RecoveryCodes().List(ctx, accountID) })
}

func replaceRecoveryCodes(t *testing.T, s Store, accountID string, codes []auth.RecoveryCode) int {
	t.Helper()
	return updateValue(t, s.Auth(), func(tx auth.Tx) (int, error) { return tx.RecoveryCodes().Replace(ctx, accountID, codes) })
}

// testRecoveryCodeReplaceAndList: List returns an account's codes ordered
// by ID, as stored, and no other account's; Replace puts new ones in place
// of all the old and says how many it deleted; with none it only deletes.
func testRecoveryCodeReplaceAndList(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	require.Empty(t, listRecoveryCodes(t, s, a.ID))
	require.Empty(t, listRecoveryCodes(t, s, "a-missing"))

	first := recoveryCodes(a.ID, "rc-a", 10)
	given := append([]auth.RecoveryCode{first[7]}, append(first[:7:7], first[8:]...)...)
	require.Equal(t, 0, replaceRecoveryCodes(t, s, a.ID, given))
	require.Equal(t, 0, replaceRecoveryCodes(t, s, b.ID, recoveryCodes(b.ID, "rc-b", 3)))
	requireEqual(t, first, listRecoveryCodes(t, s, a.ID))
	require.Len(t, listRecoveryCodes(t, s, b.ID), 3)

	second := recoveryCodes(a.ID, "rc-n", 10)
	require.Equal(t, 10, replaceRecoveryCodes(t, s, a.ID, second))
	requireEqual(t, second, listRecoveryCodes(t, s, a.ID))
	require.Len(t, listRecoveryCodes(t, s, b.ID), 3, "another account's codes were touched")

	require.Equal(t, 10, replaceRecoveryCodes(t, s, a.ID, nil))
	require.Empty(t, listRecoveryCodes(t, s, a.ID))
	require.Equal(t, 0, replaceRecoveryCodes(t, s, a.ID, nil))
	require.Len(t, listRecoveryCodes(t, s, b.ID), 3)
}

// testRecoveryCodeUse: Use deletes the one code, once: a second use, a
// code of another account or a code replaced since is NotFound.
func testRecoveryCodeUse(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "grace")
	codes := recoveryCodes(a.ID, "rc-a", 4)
	replaceRecoveryCodes(t, s, a.ID, codes)
	replaceRecoveryCodes(t, s, b.ID, recoveryCodes(b.ID, "rc-b", 2))

	update(t, s.Auth(), func(tx auth.Tx) error { return tx.RecoveryCodes().Use(ctx, a.ID, "rc-a-2") })
	requireEqual(t, []auth.RecoveryCode{codes[0], codes[1], codes[3]}, listRecoveryCodes(t, s, a.ID))
	for _, c := range []struct{ account, id, why string }{
		{a.ID, "rc-a-2", "used twice"},
		{a.ID, "rc-b-0", "another account's code"},
		{b.ID, "rc-a-0", "used by another account"},
		{a.ID, "rc-missing", "no such code"},
	} {
		err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.RecoveryCodes().Use(ctx, c.account, c.id) })
		requireCode(t, err, carenet.NotFound, c.why)
	}
	require.Len(t, listRecoveryCodes(t, s, a.ID), 3)
	require.Len(t, listRecoveryCodes(t, s, b.ID), 2)

	replaceRecoveryCodes(t, s, a.ID, recoveryCodes(a.ID, "rc-n", 2))
	err := s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.RecoveryCodes().Use(ctx, a.ID, "rc-a-0") })
	requireCode(t, err, carenet.NotFound, "a replaced code")
	for _, id := range []string{"rc-n-0", "rc-n-1"} {
		update(t, s.Auth(), func(tx auth.Tx) error { return tx.RecoveryCodes().Use(ctx, a.ID, id) })
	}
	require.Empty(t, listRecoveryCodes(t, s, a.ID))
}

// testRecoveryCodeReplaceMissingAccount: codes for an account that does
// not exist are NotFound, and nothing is stored.
func testRecoveryCodeReplaceMissingAccount(t *testing.T, s Store) {
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		_, err := tx.RecoveryCodes().Replace(ctx, "a-missing", recoveryCodes("a-missing", "rc", 2))
		return err
	})
	requireCode(t, err, carenet.NotFound)
	require.Empty(t, listRecoveryCodes(t, s, "a-missing"))
}

// testRecoveryCodeRolledBack: a Replace or a Use in a transaction that
// rolls back leaves the codes as they were.
func testRecoveryCodeRolledBack(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	codes := recoveryCodes(a.ID, "rc-a", 3)
	replaceRecoveryCodes(t, s, a.ID, codes)
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.RecoveryCodes().Replace(ctx, a.ID, recoveryCodes(a.ID, "rc-n", 5))
		return err
	})
	rolledBack(t, s.Auth(), func(tx auth.Tx) error { return tx.RecoveryCodes().Use(ctx, a.ID, "rc-a-1") })
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.RecoveryCodes().Replace(ctx, a.ID, nil)
		return err
	})
	requireEqual(t, codes, listRecoveryCodes(t, s, a.ID))
}

// testRecoveryCodeGoWithTheirAccount: deleting an account (Delete) or
// removing a login (Remove) takes its recovery codes, and a new account
// of the same ID starts with none.
func testRecoveryCodeGoWithTheirAccount(t *testing.T, s Store) {
	pa, a := createUser(t, s, "ada")
	pb, b := createUser(t, s, "grace")
	replaceRecoveryCodes(t, s, a.ID, recoveryCodes(a.ID, "rc-a", 2))
	replaceRecoveryCodes(t, s, b.ID, recoveryCodes(b.ID, "rc-b", 2))
	update(t, s.Auth(), func(tx auth.Tx) error { return auth.DeleteAccount(ctx, tx, a.ID) })
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Remove(ctx, b.ID) })
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		if err := tx.Accounts().Create(ctx, NewAccount(a.ID, pa.ID, "ada"), NewCredentials(a.ID)); err != nil {
			return err
		}
		return tx.Accounts().Create(ctx, NewAccount(b.ID, pb.ID, "grace"), NewCredentials(b.ID))
	})
	require.Empty(t, listRecoveryCodes(t, s, a.ID), "Delete kept the account's codes")
	require.Empty(t, listRecoveryCodes(t, s, b.ID), "Remove kept the login's codes")
}
