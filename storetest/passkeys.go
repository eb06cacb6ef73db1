package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

var passkeyCases = []testCase{
	{"CreateAndGet", testPasskeyCreateAndGet},
	{"CreateTaken", testPasskeyCreateTaken},
	{"CreateMissingAccount", testPasskeyCreateMissingAccount},
	{"ListByAccount", testPasskeyListByAccount},
	{"Update", testPasskeyUpdate},
	{"Delete", testPasskeyDelete},
	{"CountedWithCredentials", testPasskeyCountedWithCredentials},
	{"GoWithTheAccount", testPasskeyGoWithTheAccount},
	{"RolledBack", testPasskeyRolledBack},
	{"CeremonyConsume", testCeremonyConsume},
	{"CeremonyCreateTaken", testCeremonyCreateTaken},
	{"CeremonyMissingAccount", testCeremonyMissingAccount},
	{"CeremonyDeleteExpired", testCeremonyDeleteExpired},
	{"CeremonyConsumedOnce", testCeremonyConsumedOnce},
}

// NewPasskey returns a passkey of the account with every field set, the
// credential ID made of id.
func NewPasskey(id, accountID string, created time.Time) auth.Passkey {
	return auth.Passkey{
		ID: id, AccountID: accountID, Name: "Key " + id,
		CredentialID: []byte("cred-" + id), PublicKey: []byte{0xa5, 0x01, 0x02, 0x03, 0x26},
		SignCount: 4294967295, AAGUID: []byte("0123456789abcdef"), Transports: []string{"usb", "nfc"},
		UserVerified: true, BackupEligible: true, BackupState: false, AttestationFormat: "none",
		CreatedAt: created,
	}
}

func createPasskeys(t *testing.T, s Store, ps ...auth.Passkey) {
	t.Helper()
	createEach(t, s.Auth(), ps, func(tx auth.Tx, p auth.Passkey) error { return tx.Passkeys().Create(ctx, p) })
}

func getPasskey(t *testing.T, s Store, id string) (auth.Passkey, error) {
	t.Helper()
	var p auth.Passkey
	err := s.Auth().View(ctx, func(tx auth.Tx) (err error) {
		p, err = tx.Passkeys().Get(ctx, id)
		return err
	})
	return p, err
}

func testPasskeyCreateAndGet(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	p := NewPasskey("pk-1", a.ID, at(0))
	bare := auth.Passkey{ID: "pk-2", AccountID: a.ID, Name: "Bare", CredentialID: []byte{0}, PublicKey: []byte{1}, CreatedAt: at(time.Minute)}
	createPasskeys(t, s, p, bare)
	got, err := getPasskey(t, s, p.ID)
	require.NoError(t, err)
	requireEqual(t, p, got)
	view(t, s.Auth(), func(tx auth.Tx) error {
		byCred, err := tx.Passkeys().ByCredentialID(ctx, p.CredentialID)
		require.NoError(t, err)
		requireEqual(t, p, byCred, "found by its credential ID")
		got, err := tx.Passkeys().ByCredentialID(ctx, []byte{0})
		require.NoError(t, err)
		requireEqual(t, bare, got, "a passkey without AAGUID, transports or flags")
		_, err = tx.Passkeys().ByCredentialID(ctx, []byte("cred-unknown"))
		requireCode(t, err, carenet.NotFound)
		_, err = tx.Passkeys().Get(ctx, "pk-unknown")
		requireCode(t, err, carenet.NotFound)
		return nil
	})
	// In a write transaction too (where the row is locked).
	update(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.Passkeys().ByCredentialID(ctx, p.CredentialID)
		require.NoError(t, err)
		requireEqual(t, p, got)
		return nil
	})
}

func testPasskeyCreateTaken(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "bob")
	createPasskeys(t, s, NewPasskey("pk-1", a.ID, at(0)))
	sameCred := NewPasskey("pk-2", b.ID, at(0))
	sameCred.CredentialID = []byte("cred-pk-1")
	update(t, s.Auth(), func(tx auth.Tx) error {
		requireCode(t, tx.Passkeys().Create(ctx, NewPasskey("pk-1", b.ID, at(0))), carenet.Conflict, "the id is taken")
		requireCode(t, tx.Passkeys().Create(ctx, sameCred), carenet.Conflict, "the credential is another login's")
		// The transaction stays usable.
		return tx.Passkeys().Create(ctx, NewPasskey("pk-3", b.ID, at(0)))
	})
	_, err := getPasskey(t, s, "pk-3")
	require.NoError(t, err)
	_, err = getPasskey(t, s, "pk-2")
	requireCode(t, err, carenet.NotFound)
}

func testPasskeyCreateMissingAccount(t *testing.T, s Store) {
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Passkeys().Create(ctx, NewPasskey("pk-1", "a-missing", at(0)))
	})
	requireCode(t, err, carenet.NotFound)
}

func listPasskeys(t *testing.T, s Store, accountID string) []auth.Passkey {
	t.Helper()
	return viewValue(t, s.Auth(), func(tx auth.Tx) ([]auth.Passkey, error) { return tx.Passkeys().ListByAccount(ctx, accountID) })
}

func testPasskeyListByAccount(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "bob")
	late := NewPasskey("pk-1", a.ID, at(time.Hour))
	early := NewPasskey("pk-3", a.ID, at(0))
	tie := NewPasskey("pk-2", a.ID, at(0))
	createPasskeys(t, s, late, early, tie, NewPasskey("pk-9", b.ID, at(0)))
	requireEqual(t, []auth.Passkey{tie, early, late}, listPasskeys(t, s, a.ID), "oldest first, then by ID")
	require.Empty(t, listPasskeys(t, s, "a-unknown"))
}

func testPasskeyUpdate(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	p := NewPasskey("pk-1", a.ID, at(0))
	createPasskeys(t, s, p)
	changed := p
	changed.Name, changed.SignCount, changed.LastUsedAt = "Renamed", 7, ptr(at(time.Hour))
	changed.UserVerified, changed.BackupEligible, changed.BackupState = false, false, true
	// Fields that never change are not written.
	sent := changed
	sent.CredentialID, sent.PublicKey, sent.AccountID, sent.AAGUID = []byte("other"), []byte{9}, "a-other", nil
	sent.Transports, sent.AttestationFormat, sent.CreatedAt = []string{"ble"}, "packed", at(time.Minute)
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Passkeys().Update(ctx, sent) })
	got, err := getPasskey(t, s, p.ID)
	require.NoError(t, err)
	requireEqual(t, changed, got)
	err = s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.Passkeys().Update(ctx, NewPasskey("pk-missing", a.ID, at(0)))
	})
	requireCode(t, err, carenet.NotFound)
}

func testPasskeyDelete(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	createPasskeys(t, s, NewPasskey("pk-1", a.ID, at(0)), NewPasskey("pk-2", a.ID, at(0)))
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Passkeys().Delete(ctx, "pk-1") })
	_, err := getPasskey(t, s, "pk-1")
	requireCode(t, err, carenet.NotFound)
	view(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.Passkeys().ByCredentialID(ctx, []byte("cred-pk-1"))
		requireCode(t, err, carenet.NotFound, "gone from the credential index too")
		return nil
	})
	require.Len(t, listPasskeys(t, s, a.ID), 1)
	err = s.Auth().Update(ctx, func(tx auth.Tx) error { return tx.Passkeys().Delete(ctx, "pk-1") })
	requireCode(t, err, carenet.NotFound)
	// Its credential ID may be registered again.
	createPasskeys(t, s, NewPasskey("pk-1", a.ID, at(0)))
}

func testPasskeyCountedWithCredentials(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "bob")
	count := func(tx auth.Tx, id string) int {
		c, err := tx.Accounts().Credentials(ctx, id)
		require.NoError(t, err)
		return c.Passkeys
	}
	view(t, s.Auth(), func(tx auth.Tx) error {
		require.Zero(t, count(tx, a.ID))
		return nil
	})
	createPasskeys(t, s, NewPasskey("pk-1", a.ID, at(0)), NewPasskey("pk-2", a.ID, at(0)), NewPasskey("pk-3", b.ID, at(0)))
	view(t, s.Auth(), func(tx auth.Tx) error {
		require.Equal(t, 2, count(tx, a.ID))
		require.Equal(t, 1, count(tx, b.ID))
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.Equal(t, 2, count(tx, a.ID), "in a write transaction too")
		c, err := tx.Accounts().Credentials(ctx, a.ID)
		require.NoError(t, err)
		c.Passkeys = 0
		require.NoError(t, tx.Accounts().SetCredentials(ctx, c), "SetCredentials ignores the count")
		require.Equal(t, 2, count(tx, a.ID))
		require.NoError(t, tx.Passkeys().Delete(ctx, "pk-1"))
		require.Equal(t, 1, count(tx, a.ID), "the count follows the transaction's own writes")
		return nil
	})
}

func testPasskeyGoWithTheAccount(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	_, b := createUser(t, s, "bob")
	createPasskeys(t, s, NewPasskey("pk-a", a.ID, at(0)), NewPasskey("pk-b", b.ID, at(0)))
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasskeyCeremonies().Create(ctx, ceremony("c-a", auth.PasskeyRegister, a.ID, at(time.Hour))))
		return tx.PasskeyCeremonies().Create(ctx, ceremony("c-b", auth.PasskeySecondFactor, b.ID, at(time.Hour)))
	})
	update(t, s.Auth(), func(tx auth.Tx) error { return tx.Accounts().Remove(ctx, a.ID) })
	update(t, s.Auth(), func(tx auth.Tx) error { return auth.DeleteAccount(ctx, tx, b.ID) })
	for _, id := range []string{"pk-a", "pk-b"} {
		_, err := getPasskey(t, s, id)
		requireCode(t, err, carenet.NotFound, "%s goes with its account", id)
	}
	update(t, s.Auth(), func(tx auth.Tx) error {
		for _, h := range []string{hashOf("c-a"), hashOf("c-b")} {
			_, err := tx.PasskeyCeremonies().Consume(ctx, h)
			requireCode(t, err, carenet.NotFound, "the ceremonies go with the account")
		}
		return nil
	})
}

func testPasskeyRolledBack(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	createPasskeys(t, s, NewPasskey("pk-1", a.ID, at(0)))
	rolledBack(t, s.Auth(), func(tx auth.Tx) error {
		if err := tx.Passkeys().Create(ctx, NewPasskey("pk-2", a.ID, at(0))); err != nil {
			return err
		}
		if err := tx.Passkeys().Delete(ctx, "pk-1"); err != nil {
			return err
		}
		return tx.PasskeyCeremonies().Create(ctx, ceremony("c-1", auth.PasskeySignIn, "", at(time.Hour)))
	})
	_, err := getPasskey(t, s, "pk-2")
	requireCode(t, err, carenet.NotFound)
	_, err = getPasskey(t, s, "pk-1")
	require.NoError(t, err, "the delete is undone")
	require.Len(t, listPasskeys(t, s, a.ID), 1)
	update(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.PasskeyCeremonies().Consume(ctx, hashOf("c-1"))
		requireCode(t, err, carenet.NotFound)
		return nil
	})
}

func ceremony(name string, purpose auth.PasskeyPurpose, accountID string, expires time.Time) auth.PasskeyCeremony {
	return auth.PasskeyCeremony{ChallengeHash: hashOf(name), Purpose: purpose, AccountID: accountID, CreatedAt: at(0), ExpiresAt: expires}
}

func testCeremonyConsume(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	reg := ceremony("c-1", auth.PasskeyRegister, a.ID, at(5*time.Minute))
	signIn := ceremony("c-2", auth.PasskeySignIn, "", at(-time.Minute))
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasskeyCeremonies().Create(ctx, reg))
		return tx.PasskeyCeremonies().Create(ctx, signIn)
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		got, err := tx.PasskeyCeremonies().Consume(ctx, reg.ChallengeHash)
		require.NoError(t, err)
		requireEqual(t, reg, got)
		got, err = tx.PasskeyCeremonies().Consume(ctx, signIn.ChallengeHash)
		require.NoError(t, err)
		requireEqual(t, signIn, got, "an expired ceremony is returned: the caller judges")
		_, err = tx.PasskeyCeremonies().Consume(ctx, reg.ChallengeHash)
		requireCode(t, err, carenet.NotFound, "consumed once")
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		_, err := tx.PasskeyCeremonies().Consume(ctx, reg.ChallengeHash)
		requireCode(t, err, carenet.NotFound, "and for good")
		return nil
	})
}

func testCeremonyCreateTaken(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	update(t, s.Auth(), func(tx auth.Tx) error {
		require.NoError(t, tx.PasskeyCeremonies().Create(ctx, ceremony("c-1", auth.PasskeyRegister, a.ID, at(time.Hour))))
		err := tx.PasskeyCeremonies().Create(ctx, ceremony("c-1", auth.PasskeySignIn, "", at(time.Hour)))
		requireCode(t, err, carenet.Conflict)
		return tx.PasskeyCeremonies().Create(ctx, ceremony("c-2", auth.PasskeySignIn, "", at(time.Hour)))
	})
}

func testCeremonyMissingAccount(t *testing.T, s Store) {
	err := s.Auth().Update(ctx, func(tx auth.Tx) error {
		return tx.PasskeyCeremonies().Create(ctx, ceremony("c-1", auth.PasskeySecondFactor, "a-missing", at(time.Hour)))
	})
	requireCode(t, err, carenet.NotFound)
}

func testCeremonyDeleteExpired(t *testing.T, s Store) {
	_, a := createUser(t, s, "ada")
	update(t, s.Auth(), func(tx auth.Tx) error {
		for _, c := range []auth.PasskeyCeremony{
			ceremony("past", auth.PasskeySignIn, "", at(-time.Second)),
			ceremony("now", auth.PasskeyRegister, a.ID, at(0)),
			ceremony("future", auth.PasskeySecondFactor, a.ID, at(time.Second)),
		} {
			if err := tx.PasskeyCeremonies().Create(ctx, c); err != nil {
				return err
			}
		}
		return nil
	})
	update(t, s.Auth(), func(tx auth.Tx) error {
		n, err := tx.PasskeyCeremonies().DeleteExpired(ctx, at(0))
		require.NoError(t, err)
		require.Equal(t, 2, n, "expired at or before now")
		_, err = tx.PasskeyCeremonies().Consume(ctx, hashOf("future"))
		require.NoError(t, err, "one still open stays")
		_, err = tx.PasskeyCeremonies().Consume(ctx, hashOf("now"))
		requireCode(t, err, carenet.NotFound)
		return nil
	})
}

// testCeremonyConsumedOnce: of transactions consuming one ceremony at
// once, exactly one gets it.
func testCeremonyConsumedOnce(t *testing.T, s Store) {
	update(t, s.Auth(), func(tx auth.Tx) error {
		return tx.PasskeyCeremonies().Create(ctx, ceremony("c-1", auth.PasskeySignIn, "", at(time.Hour)))
	})
	const n = 4
	errs := atOnce(n, func(int) error {
		return s.Auth().Update(ctx, func(tx auth.Tx) error {
			_, err := tx.PasskeyCeremonies().Consume(ctx, hashOf("c-1"))
			return err
		})
	})
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		requireCode(t, err, carenet.NotFound)
	}
	require.Equal(t, 1, won)
}
