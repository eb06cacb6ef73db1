package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// Tx is the transaction handle auth works in: the repositories it reads and
// writes, all in one transaction.
type Tx interface {
	Accounts() AccountRepository
	SecurityGroups() SecurityGroupRepository
	Sessions() SessionRepository
	PasswordTokens() PasswordTokenRepository
	Passkeys() PasskeyRepository
	PasskeyCeremonies() PasskeyCeremonyRepository
	RecoveryCodes() RecoveryCodeRepository
	Audit() audit.Repository
}

// Store is the transaction boundary auth needs.
type Store = carenet.Transactor[Tx]

// AccountRepository keeps accounts and their credentials. Errors carry the
// SDK's codes: NotFound for a missing row, Conflict for a taken username, an
// account the person already has, or a stale version. A store may add the
// fast paths LoginDisabler and AccountDeleter (see package storetest for
// the whole contract).
type AccountRepository interface {
	// Create stores a new account with its credentials. The account's
	// Version is stored as 1. Returns Conflict if the username (already
	// normalised) or the person already has an account, NotFound if the
	// person or one of the groups does not exist.
	Create(ctx context.Context, a Account, c Credentials) error
	// Get returns the account with id.
	Get(ctx context.Context, id string) (Account, error)
	// ByUsername returns the account with the normalised username.
	ByUsername(ctx context.Context, username string) (Account, error)
	// ByPerson returns the account of the person.
	ByPerson(ctx context.Context, personID string) (Account, error)
	// Update stores a, whose Version must equal the stored one, and returns
	// it with Version increased by one. Returns Conflict on a stale version
	// or a taken username, NotFound if missing or a group does not exist.
	Update(ctx context.Context, a Account) (Account, error)
	// Credentials returns the account's credentials (privileged).
	Credentials(ctx context.Context, accountID string) (Credentials, error)
	// SetCredentials replaces the account's credentials.
	SetCredentials(ctx context.Context, c Credentials) error
	// TOTPAccounts returns the IDs of the accounts whose credentials hold
	// a sealed TOTP secret, ordered by ID (for re-sealing them under a
	// new key, Service.ResealTOTPSecrets).
	TOTPAccounts(ctx context.Context) ([]string, error)
	// Holder returns what auth knows of the person.
	Holder(ctx context.Context, personID string) (Holder, error)
	// Holdings counts, at now, the person's records that a login of theirs
	// reaches (see Holdings): video shares with them as grantee, neither
	// revoked nor expired, and referrals they authored. A person with none,
	// or no such person, has the zero Holdings.
	Holdings(ctx context.Context, personID string, now time.Time) (Holdings, error)
	// Administrators returns every account in the built-in Administrator
	// group with its holder, ordered by account ID. In a read-write
	// transaction it first takes a lock that the Administrators call of
	// every other read-write transaction waits for until this one ends,
	// and reads the accounts after it, so that changes that each check the
	// administrators left (RequireAdministratorKept) run one after the
	// other.
	Administrators(ctx context.Context) ([]Administrator, error)
	// Groups returns the security groups with the ids, in the order given,
	// skipping none: NotFound if one is missing.
	Groups(ctx context.Context, ids []string) ([]SecurityGroup, error)
	// Remove deletes an account with its credentials, password links,
	// passkeys, passkey ceremonies, recovery codes and sessions, for a
	// login taken away while its person stays (the caller disables it
	// first, in the same transaction), and for a profile deleted because
	// it was made by accident (DeleteAccount). NotFound if missing.
	Remove(ctx context.Context, id string) error
	// LoginUses returns up to q.Limit active logins that q selects, ordered
	// by account ID after q.AfterID, each with its last login and its
	// expired, unredeemed set-password link (see LoginUse).
	LoginUses(ctx context.Context, q LoginUseQuery) ([]LoginUse, error)
}

// LoginDisabler is an optional capability of an AccountRepository: shutting
// a login in one step, which DisableLoginIn uses when the repository has
// it. DisableLogin must do exactly what DisableLoginIn does without it:
// the account becomes inactive (Version increased, UpdatedAt d.At), its
// password hash is replaced by d.PasswordHash, every unrevoked session is
// revoked with d.Reason and every unused password link is invalidated,
// all at d.At; it returns the account as stored and what it changed.
// NotFound if the account is missing.
type LoginDisabler interface {
	DisableLogin(ctx context.Context, d DisableLogin) (DisabledLogin, error)
}

// AccountDeleter is an optional capability of an AccountRepository:
// deleting an account that never held a session in one step, which
// DeleteAccount uses when the repository has it. Delete must do exactly
// what DeleteAccount does without it: InUse, changing nothing, if the
// account has sessions (revoked ones too); otherwise what Remove does.
// NotFound if missing.
type AccountDeleter interface {
	Delete(ctx context.Context, id string) error
}

// Administrator is an account in the Administrator group and its holder,
// as AccountRepository.Administrators returns them.
type Administrator struct {
	Account Account
	Holder  Holder
}

// DisableLogin is what DisableLoginIn writes.
type DisableLogin struct {
	AccountID    string
	PasswordHash string
	At           time.Time
	Reason       string
}

// DisabledLogin is what DisableLoginIn changed.
type DisabledLogin struct {
	Account          Account
	WasActive        bool
	SessionsRevoked  int
	LinksInvalidated int
}

// SecurityGroupRepository keeps security groups. The built-in groups exist
// in every store from the start. A store may add the fast path
// SecurityGroupGetter.
type SecurityGroupRepository interface {
	// Create stores a new group (Version stored as 1). Conflict if the id or
	// the name (without regard to case) is taken.
	Create(ctx context.Context, g SecurityGroup) error
	// List returns every group ordered by name.
	List(ctx context.Context) ([]SecurityGroup, error)
	// Update stores g if its Version is current; returns it with the new
	// version. Conflict on a stale version or a taken name.
	Update(ctx context.Context, g SecurityGroup) (SecurityGroup, error)
	// SetRequireSecondFactor stores whether the group with id, built-in or
	// not, requires a second factor (SecurityGroup.RequireSecondFactor)
	// and its UpdatedAt at, if version is its stored version, and returns
	// it with the new version. Conflict on a stale version; NotFound if
	// missing.
	SetRequireSecondFactor(ctx context.Context, id string, version int64, require bool, at time.Time) (SecurityGroup, error)
	// Delete removes the group. InUse if an account is in it.
	Delete(ctx context.Context, id string) error
}

// SecurityGroupGetter is an optional capability of a
// SecurityGroupRepository: reading one group by its key, which
// SecurityGroupByID uses when the repository has it. Get must return what
// SecurityGroupByID returns without it: the group with id, or NotFound.
type SecurityGroupGetter interface {
	Get(ctx context.Context, id string) (SecurityGroup, error)
}

// SessionLooker is an optional capability of a Store: reading SessionFacts
// outside a transaction, as one statement. Service.Authenticate uses it when
// the store has it, and a View transaction otherwise.
type SessionLooker interface {
	LookupSession(ctx context.Context, tokenHash string) (SessionFacts, error)
}

// SessionRepository keeps sessions. A store may add the fast path
// SessionRevoker.
type SessionRepository interface {
	// Create stores a new session.
	Create(ctx context.Context, s Session) error
	// Lookup returns the session with the token hash together with its
	// account, the account's holder and security groups, in one call.
	// Revoked and expired sessions are returned too: the caller decides.
	Lookup(ctx context.Context, tokenHash string) (SessionFacts, error)
	// Touch sets the session's LastSeenAt.
	Touch(ctx context.Context, id string, at time.Time) error
	// Reauthenticated records that the session's user gave their
	// credentials again at at: it sets the session's AuthenticatedAt and
	// LastSeenAt, and nothing else (its lifetime stays). NotFound if the
	// session is missing.
	Reauthenticated(ctx context.Context, id string, at time.Time) error
	// Revoke marks one session revoked (a no-op if it already is).
	Revoke(ctx context.Context, id string, at time.Time, reason string) error
	// ListByAccount returns the account's sessions, newest first.
	ListByAccount(ctx context.Context, accountID string) ([]Session, error)
}

// SessionRevoker is an optional capability of a SessionRepository:
// revoking a login's sessions in one step, which RevokeSessions uses when
// the repository has it. RevokeAll must do exactly what RevokeSessions
// does without it: revoke, at at with reason, every unrevoked session of
// the account but the one with exceptID (empty for none), and return how
// many it revoked.
type SessionRevoker interface {
	RevokeAll(ctx context.Context, accountID string, at time.Time, reason, exceptID string) (int, error)
}

// PasswordTokenRepository keeps password set and reset links.
type PasswordTokenRepository interface {
	// Create stores a new link.
	Create(ctx context.Context, t PasswordToken) error
	// Find returns the link with the token hash, used or not; NotFound if
	// there is none.
	Find(ctx context.Context, tokenHash string) (PasswordToken, error)
	// Consume marks the unused link with the token hash used at the time and
	// returns it. NotFound if there is none or it was used.
	Consume(ctx context.Context, tokenHash string, at time.Time) (PasswordToken, error)
	// InvalidateAll marks every unused link of the account used, and returns
	// how many.
	InvalidateAll(ctx context.Context, accountID string, at time.Time) (int, error)
}

// PasskeyRepository keeps the passkeys of logins. They go with their
// account when it is deleted or removed.
type PasskeyRepository interface {
	// Create stores a new passkey. Conflict if its ID or its credential
	// ID is taken (by any login); NotFound if the account is missing.
	Create(ctx context.Context, p Passkey) error
	// Get returns the passkey with id; NotFound if there is none.
	Get(ctx context.Context, id string) (Passkey, error)
	// ByCredentialID returns the passkey with the WebAuthn credential ID;
	// NotFound if there is none. In a write transaction it stays locked
	// until the transaction ends, so two assertions of one credential
	// check and advance its sign count one after the other.
	ByCredentialID(ctx context.Context, credentialID []byte) (Passkey, error)
	// ListByAccount returns the account's passkeys, oldest first (by
	// CreatedAt, then ID).
	ListByAccount(ctx context.Context, accountID string) ([]Passkey, error)
	// Update stores the passkey's Name, SignCount, flags (UserVerified,
	// BackupEligible, BackupState) and LastUsedAt; the rest never
	// changes. NotFound if missing.
	Update(ctx context.Context, p Passkey) error
	// Delete removes the passkey; NotFound if missing.
	Delete(ctx context.Context, id string) error
}

// PasskeyCeremonyRepository keeps passkey ceremonies in flight. They go
// with their account when it is deleted or removed.
type PasskeyCeremonyRepository interface {
	// Create stores a new ceremony. Conflict if its challenge hash is
	// taken; NotFound if its account (when it names one) is missing.
	Create(ctx context.Context, c PasskeyCeremony) error
	// Consume deletes the ceremony with the challenge hash and returns
	// it, expired or not; NotFound if there is none. Of two transactions
	// consuming one ceremony, one gets NotFound.
	Consume(ctx context.Context, challengeHash string) (PasskeyCeremony, error)
	// DeleteExpired deletes the ceremonies that expired at or before now
	// and returns how many.
	DeleteExpired(ctx context.Context, now time.Time) (int, error)
}

// RecoveryCodeRepository keeps the recovery codes of logins, by hash.
type RecoveryCodeRepository interface {
	// Replace deletes every recovery code of the account, stores codes in
	// their place (each for the account accountID) and returns how many
	// it deleted. With no codes it only deletes. NotFound if codes are
	// given for an account that does not exist.
	Replace(ctx context.Context, accountID string, codes []RecoveryCode) (int, error)
	// List returns the account's recovery codes ordered by ID: none for
	// an account that has none or does not exist.
	List(ctx context.Context, accountID string) ([]RecoveryCode, error)
	// Use deletes the account's recovery code with id, so it is never
	// accepted again. NotFound if the account has no such code (it was
	// used, or replaced).
	Use(ctx context.Context, accountID, id string) error
}
