package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/carenet-go/carenet/auth"
)

// Accounts returns the account repository of the transaction.
func (t *tx) Accounts() auth.AccountRepository { return accounts{t} }

type accounts struct{ t *tx }

// usernameKey orders accounts by username, for the username prefix search.
type usernameKey struct {
	username string // lower-cased
	personID string
}

func compareUsernameKeys(a, b usernameKey) int { return strings.Compare(a.username, b.username) }

// usernameKeyOf is the key a username is unique by. Usernames arrive
// normalised; lower-casing again guards against a caller that skipped it.
func usernameKeyOf(username string) string { return strings.ToLower(username) }

func (r accounts) Create(ctx context.Context, a auth.Account, c auth.Credentials) error {
	const op = "memory.Accounts.Create"
	t := r.t
	st := t.st
	if err := beginCreate(ctx, t, op, &st.accounts, a.ID, "an account"); err != nil {
		return err
	}
	key := usernameKeyOf(a.Username)
	if st.accountByName.has(key) {
		return conflict(op, "the username is taken")
	}
	if !st.people.has(a.PersonID) {
		return notFound(op, "person")
	}
	if st.accountByPerson.has(a.PersonID) {
		return conflict(op, "the person already has an account")
	}
	if err := r.checkGroups(op, a.Groups); err != nil {
		return err
	}
	a = cloneAccount(a)
	a.Version = 1
	c = cloneCredentials(c)
	c.AccountID = a.ID
	st.accounts.put(t, a.ID, a)
	st.accountByName.put(t, key, a.ID)
	st.accountByPerson.put(t, a.PersonID, a.ID)
	st.usernames.insert(t, usernameKey{key, a.PersonID})
	st.credentials.put(t, a.ID, c)
	return nil
}

// checkGroups returns NotFound unless every security group in ids exists.
func (r accounts) checkGroups(op string, ids []string) error {
	for _, id := range ids {
		if !r.t.st.securityGroups.has(id) {
			return notFound(op, "security group "+id)
		}
	}
	return nil
}

func (r accounts) Get(ctx context.Context, id string) (auth.Account, error) {
	return get(ctx, r.t, "memory.Accounts.Get", "account", &r.t.st.accounts, id, cloneAccount)
}

func (r accounts) ByUsername(ctx context.Context, username string) (auth.Account, error) {
	return get(ctx, r.t, "memory.Accounts.ByUsername", "account", &r.t.st.accountByName, usernameKeyOf(username), r.account)
}

func (r accounts) ByPerson(ctx context.Context, personID string) (auth.Account, error) {
	return get(ctx, r.t, "memory.Accounts.ByPerson", "account", &r.t.st.accountByPerson, personID, r.account)
}

// account copies the stored account with id for the caller.
func (r accounts) account(id string) auth.Account { return cloneAccount(r.t.st.accounts.at(id)) }

func (r accounts) Update(ctx context.Context, a auth.Account) (auth.Account, error) {
	const op = "memory.Accounts.Update"
	t := r.t
	st := t.st
	old, err := beginEdit(ctx, t, op, "account", &st.accounts, a.ID)
	if err != nil {
		return auth.Account{}, err
	}
	if a.Version != old.Version {
		return auth.Account{}, staleVersion(op, "account")
	}
	if id, ok := st.accountByName.get(usernameKeyOf(a.Username)); ok && id != a.ID {
		return auth.Account{}, conflict(op, "the username is taken")
	}
	if a.PersonID != old.PersonID {
		if !st.people.has(a.PersonID) {
			return auth.Account{}, notFound(op, "person")
		}
		if st.accountByPerson.has(a.PersonID) {
			return auth.Account{}, conflict(op, "the person already has an account")
		}
	}
	if err := r.checkGroups(op, a.Groups); err != nil {
		return auth.Account{}, err
	}
	a = cloneAccount(a)
	a.Version = old.Version + 1
	r.replace(old, a)
	return cloneAccount(a), nil
}

// replace stores a in place of old, keeping the indexes in step.
func (r accounts) replace(old, a auth.Account) {
	t, st := r.t, r.t.st
	oldKey, key := usernameKeyOf(old.Username), usernameKeyOf(a.Username)
	if oldKey != key || old.PersonID != a.PersonID {
		st.accountByName.remove(t, oldKey)
		st.usernames.delete(t, usernameKey{oldKey, old.PersonID})
		st.accountByPerson.remove(t, old.PersonID)
		st.accountByName.put(t, key, a.ID)
		st.usernames.insert(t, usernameKey{key, a.PersonID})
		st.accountByPerson.put(t, a.PersonID, a.ID)
	}
	st.accounts.put(t, a.ID, a)
}

func (r accounts) Credentials(ctx context.Context, accountID string) (auth.Credentials, error) {
	return get(ctx, r.t, "memory.Accounts.Credentials", "account", &r.t.st.credentials, accountID, func(c auth.Credentials) auth.Credentials {
		c = cloneCredentials(c)
		c.Passkeys = r.t.st.passkeys.of.of(accountID).len()
		return c
	})
}

func (r accounts) SetCredentials(ctx context.Context, c auth.Credentials) error {
	const op = "memory.Accounts.SetCredentials"
	if err := r.t.begin(ctx, op, true); err != nil {
		return err
	}
	if !r.t.st.accounts.has(c.AccountID) {
		return notFound(op, "account")
	}
	r.t.st.credentials.put(r.t, c.AccountID, cloneCredentials(c))
	return nil
}

func (r accounts) Holder(ctx context.Context, personID string) (auth.Holder, error) {
	const op = "memory.Accounts.Holder"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Holder{}, err
	}
	h, err := r.t.holder(op, personID)
	if err != nil {
		return auth.Holder{}, err
	}
	p := r.t.st.people.at(personID).p
	h.Email, h.Phone = p.Email, p.Phone
	return h, nil
}

// holder is what auth knows of the person with id.
func (t *tx) holder(op, personID string) (auth.Holder, error) {
	rec, ok := t.st.people.get(personID)
	if !ok {
		return auth.Holder{}, notFound(op, "person")
	}
	p := rec.p
	h := auth.Holder{PersonID: p.ID, Active: p.Active(), EndDate: tsPtr(p.EndDate)}
	for _, n := range []string{p.GivenName, p.MiddleName, p.FamilyName} {
		if n != "" {
			h.Names = append(h.Names, n)
		}
	}
	return h, nil
}

func (r accounts) Groups(ctx context.Context, ids []string) ([]auth.SecurityGroup, error) {
	const op = "memory.Accounts.Groups"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	out := make([]auth.SecurityGroup, 0, len(ids))
	for _, id := range ids {
		g, ok := r.t.st.securityGroups.get(id)
		if !ok {
			return nil, notFound(op, "security group "+id)
		}
		out = append(out, cloneSecurityGroup(g))
	}
	return out, nil
}

// hasLoggedIn reports whether the account ever logged in or held a session.
func (t *tx) hasLoggedIn(accountID string) bool {
	return !t.st.credentials.at(accountID).LastLoginAt.IsZero() || t.st.sessionsOf.of(accountID).len() > 0
}

func (r accounts) DisableLogin(ctx context.Context, d auth.DisableLogin) (auth.DisabledLogin, error) {
	const op = "memory.Accounts.DisableLogin"
	t := r.t
	st := t.st
	old, err := beginEdit(ctx, t, op, "account", &st.accounts, d.AccountID)
	if err != nil {
		return auth.DisabledLogin{}, err
	}
	at := ts(d.At)
	a := cloneAccount(old)
	a.Active = false
	a.Version = old.Version + 1
	a.UpdatedAt = at
	st.accounts.put(t, a.ID, a)

	c := cloneCredentials(st.credentials.at(a.ID))
	c.AccountID = a.ID
	c.PasswordHash = d.PasswordHash
	st.credentials.put(t, a.ID, c)

	return auth.DisabledLogin{
		Account:          cloneAccount(a),
		WasActive:        old.Active,
		SessionsRevoked:  t.revokeSessions(a.ID, at, d.Reason, ""),
		LinksInvalidated: t.invalidateTokens(a.ID, at),
	}, nil
}

// Delete removes the account with its credentials, password links,
// passkeys and passkey ceremonies;
// InUse if it has sessions, NotFound if missing.
func (r accounts) Delete(ctx context.Context, id string) error {
	return r.remove(ctx, "memory.Accounts.Delete", id, false)
}

// TOTPAccounts orders the IDs of accounts with a sealed TOTP secret.
func (r accounts) TOTPAccounts(ctx context.Context) ([]string, error) {
	const op = "memory.Accounts.TOTPAccounts"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	var out []string
	for id, c := range r.t.st.credentials.all() {
		if len(c.TOTPSecret) > 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}

// deleteAccount removes the account with its credentials and password
// links, and takes it out of its indexes.
func (t *tx) deleteAccount(a auth.Account) {
	st := t.st
	t.deleteTokens(a.ID)
	t.deletePasskeys(a.ID)
	st.recoveryCodes.remove(t, a.ID)
	key := usernameKeyOf(a.Username)
	st.credentials.remove(t, a.ID)
	st.accountByName.remove(t, key)
	st.accountByPerson.remove(t, a.PersonID)
	st.usernames.delete(t, usernameKey{key, a.PersonID})
	st.accounts.remove(t, a.ID)
}
