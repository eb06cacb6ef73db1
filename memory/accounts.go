package memory

import (
	"context"
	"slices"
	"strings"

	"github.com/carenet-go/carenet"
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
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	if _, ok := st.accounts[a.ID]; ok {
		return conflict(op, "an account with this id already exists")
	}
	key := usernameKeyOf(a.Username)
	if _, ok := st.accountByName[key]; ok {
		return conflict(op, "the username is taken")
	}
	if _, ok := st.people[a.PersonID]; !ok {
		return notFound(op, "person")
	}
	if _, ok := st.accountByPerson[a.PersonID]; ok {
		return conflict(op, "the person already has an account")
	}
	if err := r.checkGroups(op, a.Groups); err != nil {
		return err
	}
	a = cloneAccount(a)
	a.Version = 1
	c = cloneCredentials(c)
	c.AccountID = a.ID
	put(t, st.accounts, a.ID, a)
	put(t, st.accountByName, key, a.ID)
	put(t, st.accountByPerson, a.PersonID, a.ID)
	insert(t, st.usernames, usernameKey{key, a.PersonID})
	put(t, st.credentials, a.ID, c)
	return nil
}

// checkGroups returns NotFound unless every security group in ids exists.
func (r accounts) checkGroups(op string, ids []string) error {
	for _, id := range ids {
		if _, ok := r.t.st.securityGroups[id]; !ok {
			return notFound(op, "security group "+id)
		}
	}
	return nil
}

func (r accounts) Get(ctx context.Context, id string) (auth.Account, error) {
	const op = "memory.Accounts.Get"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Account{}, err
	}
	a, ok := r.t.st.accounts[id]
	if !ok {
		return auth.Account{}, notFound(op, "account")
	}
	return cloneAccount(a), nil
}

func (r accounts) ByUsername(ctx context.Context, username string) (auth.Account, error) {
	const op = "memory.Accounts.ByUsername"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Account{}, err
	}
	id, ok := r.t.st.accountByName[usernameKeyOf(username)]
	if !ok {
		return auth.Account{}, notFound(op, "account")
	}
	return cloneAccount(r.t.st.accounts[id]), nil
}

func (r accounts) ByPerson(ctx context.Context, personID string) (auth.Account, error) {
	const op = "memory.Accounts.ByPerson"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Account{}, err
	}
	id, ok := r.t.st.accountByPerson[personID]
	if !ok {
		return auth.Account{}, notFound(op, "account")
	}
	return cloneAccount(r.t.st.accounts[id]), nil
}

func (r accounts) Update(ctx context.Context, a auth.Account) (auth.Account, error) {
	const op = "memory.Accounts.Update"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return auth.Account{}, err
	}
	st := t.st
	old, ok := st.accounts[a.ID]
	if !ok {
		return auth.Account{}, notFound(op, "account")
	}
	if a.Version != old.Version {
		return auth.Account{}, staleVersion(op, "account")
	}
	if id, ok := st.accountByName[usernameKeyOf(a.Username)]; ok && id != a.ID {
		return auth.Account{}, conflict(op, "the username is taken")
	}
	if a.PersonID != old.PersonID {
		if _, ok := st.people[a.PersonID]; !ok {
			return auth.Account{}, notFound(op, "person")
		}
		if _, ok := st.accountByPerson[a.PersonID]; ok {
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
		remove(t, st.accountByName, oldKey)
		drop(t, st.usernames, usernameKey{oldKey, old.PersonID})
		remove(t, st.accountByPerson, old.PersonID)
		put(t, st.accountByName, key, a.ID)
		insert(t, st.usernames, usernameKey{key, a.PersonID})
		put(t, st.accountByPerson, a.PersonID, a.ID)
	}
	put(t, st.accounts, a.ID, a)
}

func (r accounts) Credentials(ctx context.Context, accountID string) (auth.Credentials, error) {
	const op = "memory.Accounts.Credentials"
	if err := r.t.begin(ctx, op, false); err != nil {
		return auth.Credentials{}, err
	}
	c, ok := r.t.st.credentials[accountID]
	if !ok {
		return auth.Credentials{}, notFound(op, "account")
	}
	return cloneCredentials(c), nil
}

func (r accounts) SetCredentials(ctx context.Context, c auth.Credentials) error {
	const op = "memory.Accounts.SetCredentials"
	if err := r.t.begin(ctx, op, true); err != nil {
		return err
	}
	if _, ok := r.t.st.accounts[c.AccountID]; !ok {
		return notFound(op, "account")
	}
	put(r.t, r.t.st.credentials, c.AccountID, cloneCredentials(c))
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
	p := r.t.st.people[personID].p
	h.Email, h.Phone = p.Email, p.Phone
	return h, nil
}

// holder is what auth knows of the person with id.
func (t *tx) holder(op, personID string) (auth.Holder, error) {
	rec, ok := t.st.people[personID]
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
		g, ok := r.t.st.securityGroups[id]
		if !ok {
			return nil, notFound(op, "security group "+id)
		}
		out = append(out, cloneSecurityGroup(g))
	}
	return out, nil
}

func (r accounts) HasLoggedIn(ctx context.Context, accountID string) (bool, error) {
	const op = "memory.Accounts.HasLoggedIn"
	if err := r.t.begin(ctx, op, false); err != nil {
		return false, err
	}
	if _, ok := r.t.st.accounts[accountID]; !ok {
		return false, notFound(op, "account")
	}
	return r.t.hasLoggedIn(accountID), nil
}

// hasLoggedIn reports whether the account ever logged in or held a session.
func (t *tx) hasLoggedIn(accountID string) bool {
	return !t.st.credentials[accountID].LastLoginAt.IsZero() || len(t.st.sessionsOf[accountID]) > 0
}

func (r accounts) DisableLogin(ctx context.Context, d auth.DisableLogin) (auth.DisabledLogin, error) {
	const op = "memory.Accounts.DisableLogin"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return auth.DisabledLogin{}, err
	}
	st := t.st
	old, ok := st.accounts[d.AccountID]
	if !ok {
		return auth.DisabledLogin{}, notFound(op, "account")
	}
	at := ts(d.At)
	a := cloneAccount(old)
	a.Active = false
	a.Version = old.Version + 1
	a.UpdatedAt = at
	put(t, st.accounts, a.ID, a)

	c := cloneCredentials(st.credentials[a.ID])
	c.AccountID = a.ID
	c.PasswordHash = d.PasswordHash
	put(t, st.credentials, a.ID, c)

	return auth.DisabledLogin{
		Account:          cloneAccount(a),
		WasActive:        old.Active,
		SessionsRevoked:  t.revokeSessions(a.ID, at, d.Reason, ""),
		LinksInvalidated: t.invalidateTokens(a.ID, at),
	}, nil
}

// Delete removes the account with its credentials and password links;
// InUse if it has sessions, NotFound if missing.
func (r accounts) Delete(ctx context.Context, id string) error {
	const op = "memory.Accounts.Delete"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	st := t.st
	a, ok := st.accounts[id]
	if !ok {
		return notFound(op, "account")
	}
	if len(st.sessionsOf[id]) > 0 {
		return &carenet.Error{Code: carenet.InUse, Op: op, Message: "the account has sessions"}
	}
	t.deleteTokens(id)
	remove(t, st.recoveryCodes, id)
	key := usernameKeyOf(a.Username)
	remove(t, st.credentials, id)
	remove(t, st.accountByName, key)
	remove(t, st.accountByPerson, a.PersonID)
	drop(t, st.usernames, usernameKey{key, a.PersonID})
	remove(t, st.accounts, id)
	return nil
}

// TOTPAccounts orders the IDs of accounts with a sealed TOTP secret.
func (r accounts) TOTPAccounts(ctx context.Context) ([]string, error) {
	const op = "memory.Accounts.TOTPAccounts"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	var out []string
	for id, c := range r.t.st.credentials {
		if len(c.TOTPSecret) > 0 {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out, nil
}
