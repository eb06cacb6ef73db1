package memory

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/carenet-go/carenet/auth"
)

// passkeyState holds logins' passkeys and the passkey ceremonies in
// flight.
type passkeyState struct {
	byID   table[string, auth.Passkey]         // by ID
	byCred table[string, string]               // credential ID → passkey ID
	of     multimap[string, string, struct{}]  // account ID → passkey IDs
	cers   table[string, auth.PasskeyCeremony] // by challenge hash
}

func clonePasskey(p auth.Passkey) auth.Passkey {
	p.CredentialID = slices.Clone(p.CredentialID)
	p.PublicKey = slices.Clone(p.PublicKey)
	p.AAGUID = slices.Clone(p.AAGUID)
	p.Transports = slices.Clone(p.Transports)
	p.CreatedAt = ts(p.CreatedAt)
	p.LastUsedAt = tsPtr(p.LastUsedAt)
	return p
}

func cloneCeremony(c auth.PasskeyCeremony) auth.PasskeyCeremony {
	c.CreatedAt, c.ExpiresAt = ts(c.CreatedAt), ts(c.ExpiresAt)
	return c
}

// Passkeys returns the passkey repository of the transaction.
func (t *tx) Passkeys() auth.PasskeyRepository { return passkeys{t} }

// PasskeyCeremonies returns the passkey ceremony repository of the
// transaction.
func (t *tx) PasskeyCeremonies() auth.PasskeyCeremonyRepository { return ceremonies{t} }

type passkeys struct{ t *tx }

// Create stores a new passkey. Conflict if its ID or credential ID is
// taken; NotFound if its account is missing.
func (r passkeys) Create(ctx context.Context, p auth.Passkey) error {
	const op = "memory.Passkeys.Create"
	t := r.t
	st := &t.st.passkeys
	if err := beginCreate(ctx, t, op, &st.byID, p.ID, "a passkey"); err != nil {
		return err
	}
	if st.byCred.has(string(p.CredentialID)) {
		return conflict(op, "the passkey is registered already")
	}
	if !t.st.accounts.has(p.AccountID) {
		return notFound(op, "account")
	}
	st.byID.put(t, p.ID, clonePasskey(p))
	st.byCred.put(t, string(p.CredentialID), p.ID)
	st.of.add(t, p.AccountID, p.ID, struct{}{})
	return nil
}

func (r passkeys) Get(ctx context.Context, id string) (auth.Passkey, error) {
	return get(ctx, r.t, "memory.Passkeys.Get", "passkey", &r.t.st.passkeys.byID, id, clonePasskey)
}

func (r passkeys) ByCredentialID(ctx context.Context, credentialID []byte) (auth.Passkey, error) {
	const op = "memory.Passkeys.ByCredentialID"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Passkey{}, err
	}
	id, ok := r.t.st.passkeys.byCred.get(string(credentialID))
	if !ok {
		return auth.Passkey{}, notFound(op, "passkey")
	}
	return clonePasskey(r.t.st.passkeys.byID.at(id)), nil
}

func (r passkeys) ListByAccount(ctx context.Context, accountID string) ([]auth.Passkey, error) {
	const op = "memory.Passkeys.ListByAccount"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	st := &r.t.st.passkeys
	var out []auth.Passkey
	for id := range st.of.of(accountID).keys() {
		out = append(out, clonePasskey(st.byID.at(id)))
	}
	slices.SortFunc(out, func(a, b auth.Passkey) int {
		return cmp.Or(a.CreatedAt.Compare(b.CreatedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// Update stores the passkey's name, sign count, flags and last use.
func (r passkeys) Update(ctx context.Context, p auth.Passkey) error {
	const op = "memory.Passkeys.Update"
	t := r.t
	old, err := beginEdit(ctx, t, op, "passkey", &t.st.passkeys.byID, p.ID)
	if err != nil {
		return err
	}
	old = clonePasskey(old)
	old.Name, old.SignCount, old.LastUsedAt = p.Name, p.SignCount, tsPtr(p.LastUsedAt)
	old.UserVerified, old.BackupEligible, old.BackupState = p.UserVerified, p.BackupEligible, p.BackupState
	t.st.passkeys.byID.put(t, p.ID, old)
	return nil
}

func (r passkeys) Delete(ctx context.Context, id string) error {
	const op = "memory.Passkeys.Delete"
	t := r.t
	p, err := beginEdit(ctx, t, op, "passkey", &t.st.passkeys.byID, id)
	if err != nil {
		return err
	}
	t.deletePasskey(p)
	return nil
}

// deletePasskey removes a stored passkey from every index.
func (t *tx) deletePasskey(p auth.Passkey) {
	st := &t.st.passkeys
	st.byCred.remove(t, string(p.CredentialID))
	st.byID.remove(t, p.ID)
	st.of.remove(t, p.AccountID, p.ID)
}

// deletePasskeys removes the account's passkeys and the ceremonies bound
// to it.
func (t *tx) deletePasskeys(accountID string) {
	st := &t.st.passkeys
	for _, id := range slices.Collect(st.of.of(accountID).keys()) {
		t.deletePasskey(st.byID.at(id))
	}
	var bound []string
	for h, c := range st.cers.all() {
		if c.AccountID == accountID {
			bound = append(bound, h)
		}
	}
	for _, h := range bound {
		st.cers.remove(t, h)
	}
}

type ceremonies struct{ t *tx }

// Create stores a new ceremony. Conflict if its challenge hash is taken;
// NotFound if the account it names is missing.
func (r ceremonies) Create(ctx context.Context, c auth.PasskeyCeremony) error {
	const op = "memory.PasskeyCeremonies.Create"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	if t.st.passkeys.cers.has(c.ChallengeHash) {
		return conflict(op, "a ceremony with this challenge already exists")
	}
	if c.AccountID != "" && !t.st.accounts.has(c.AccountID) {
		return notFound(op, "account")
	}
	t.st.passkeys.cers.put(t, c.ChallengeHash, cloneCeremony(c))
	return nil
}

func (r ceremonies) Consume(ctx context.Context, challengeHash string) (auth.PasskeyCeremony, error) {
	const op = "memory.PasskeyCeremonies.Consume"
	t := r.t
	c, err := beginEdit(ctx, t, op, "passkey ceremony", &t.st.passkeys.cers, challengeHash)
	if err != nil {
		return auth.PasskeyCeremony{}, err
	}
	t.st.passkeys.cers.remove(t, challengeHash)
	return cloneCeremony(c), nil
}

func (r ceremonies) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	const op = "memory.PasskeyCeremonies.DeleteExpired"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return 0, err
	}
	var expired []string
	for h, c := range t.st.passkeys.cers.all() {
		if !c.ExpiresAt.After(now) {
			expired = append(expired, h)
		}
	}
	for _, h := range expired {
		t.st.passkeys.cers.remove(t, h)
	}
	return len(expired), nil
}
