package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet/auth"
)

// passkeyRepo keeps logins' passkeys in carenet.passkeys.
type passkeyRepo struct{ t *txn }

// Passkeys returns the passkey repository of the transaction.
func (t *txn) Passkeys() auth.PasskeyRepository { return passkeyRepo{t} }

// PasskeyCeremonies returns the passkey ceremony repository of the
// transaction.
func (t *txn) PasskeyCeremonies() auth.PasskeyCeremonyRepository { return ceremonyRepo{t} }

// passkeyColumns are the columns passkeyDest scans, from the table aliased
// pk.
const passkeyColumns = "pk.id, pk.account_id, pk.name, pk.credential_id, pk.public_key, pk.sign_count, pk.aaguid, " +
	"pk.transports, pk.user_verified, pk.backup_eligible, pk.backup_state, pk.attestation_format, pk.created_at, pk.last_used_at"

// passkeyRow is a passkey being scanned: the sign count comes as bigint.
type passkeyRow struct {
	p         auth.Passkey
	signCount int64
}

func (r *passkeyRow) dest() []any {
	p := &r.p
	return []any{&p.ID, &p.AccountID, &p.Name, &p.CredentialID, &p.PublicKey, &r.signCount, &p.AAGUID,
		stringsCol{&p.Transports}, &p.UserVerified, &p.BackupEligible, &p.BackupState, &p.AttestationFormat,
		timeCol{&p.CreatedAt}, optTimeCol{&p.LastUsedAt}}
}

func (r *passkeyRow) passkey() auth.Passkey {
	r.p.SignCount = uint32(r.signCount)
	if len(r.p.AAGUID) == 0 {
		r.p.AAGUID = nil
	}
	return r.p
}

// Create stores a new passkey. Conflict if its id or credential ID is
// taken (the transaction stays usable); NotFound if the account does not
// exist.
func (r passkeyRepo) Create(ctx context.Context, p auth.Passkey) error {
	transports := p.Transports
	if transports == nil {
		transports = []string{}
	}
	q := psql.Insert("carenet.passkeys").SetMap(map[string]any{
		"id":                 p.ID,
		"account_id":         p.AccountID,
		"name":               p.Name,
		"credential_id":      p.CredentialID,
		"public_key":         p.PublicKey,
		"sign_count":         int64(p.SignCount),
		"aaguid":             bytesArg(p.AAGUID),
		"transports":         pq.Array(transports),
		"user_verified":      p.UserVerified,
		"backup_eligible":    p.BackupEligible,
		"backup_state":       p.BackupState,
		"attestation_format": p.AttestationFormat,
		"created_at":         timeArg(p.CreatedAt),
		"last_used_at":       optTimeArg(p.LastUsedAt),
	})
	return r.t.insertNew(ctx, "passkeys.Create", "passkey", q, "a passkey with this id or credential is registered already")
}

// Get returns the passkey with id; NotFound if there is none.
func (r passkeyRepo) Get(ctx context.Context, id string) (auth.Passkey, error) {
	return r.one(ctx, "passkeys.Get", sq.Eq{"pk.id": id})
}

// ByCredentialID returns the passkey with the credential ID; NotFound if
// there is none. In a read-write transaction the row stays locked until it
// ends.
func (r passkeyRepo) ByCredentialID(ctx context.Context, credentialID []byte) (auth.Passkey, error) {
	return r.one(ctx, "passkeys.ByCredentialID", sq.Eq{"pk.credential_id": credentialID})
}

func (r passkeyRepo) one(ctx context.Context, name string, where sq.Eq) (auth.Passkey, error) {
	q := psql.Select(passkeyColumns).From("carenet.passkeys pk").Where(where)
	if !r.t.readOnly {
		q = q.Suffix("FOR UPDATE")
	}
	var row passkeyRow
	if err := r.t.one(ctx, read(name, "passkey"), q, row.dest()...); err != nil {
		return auth.Passkey{}, err
	}
	return row.passkey(), nil
}

// ListByAccount returns the account's passkeys, oldest first.
func (r passkeyRepo) ListByAccount(ctx context.Context, accountID string) ([]auth.Passkey, error) {
	q := psql.Select(passkeyColumns).From("carenet.passkeys pk").Where(sq.Eq{"pk.account_id": accountID}).
		OrderBy("pk.created_at", "pk.id")
	var out []auth.Passkey
	err := r.t.many(ctx, read("passkeys.ListByAccount", "passkey"), q, func(s rowScanner) error {
		var row passkeyRow
		if err := s.Scan(row.dest()...); err != nil {
			return err
		}
		out = append(out, row.passkey())
		return nil
	})
	return out, err
}

// Update stores the passkey's name, sign count, flags and last use;
// NotFound if missing.
func (r passkeyRepo) Update(ctx context.Context, p auth.Passkey) error {
	q := psql.Update("carenet.passkeys").SetMap(map[string]any{
		"name":            p.Name,
		"sign_count":      int64(p.SignCount),
		"user_verified":   p.UserVerified,
		"backup_eligible": p.BackupEligible,
		"backup_state":    p.BackupState,
		"last_used_at":    optTimeArg(p.LastUsedAt),
	}).Where(sq.Eq{"id": p.ID})
	n, err := r.t.exec(ctx, write("passkeys.Update", "passkey"), q)
	if err == nil && n == 0 {
		return notFound("passkeys.Update", "passkey")
	}
	return err
}

// Delete removes the passkey; NotFound if missing.
func (r passkeyRepo) Delete(ctx context.Context, id string) error {
	n, err := r.t.exec(ctx, remove("passkeys.Delete", "passkey"), psql.Delete("carenet.passkeys").Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("passkeys.Delete", "passkey")
	}
	return err
}

// ceremonyRepo keeps passkey ceremonies in carenet.passkey_ceremonies.
type ceremonyRepo struct{ t *txn }

const ceremonyColumns = "c.challenge_hash, c.purpose, c.account_id, c.created_at, c.expires_at"

func ceremonyDest(c *auth.PasskeyCeremony) []any {
	return []any{&c.ChallengeHash, &c.Purpose, zeroCol{&c.AccountID}, timeCol{&c.CreatedAt}, timeCol{&c.ExpiresAt}}
}

// Create stores a new ceremony. Conflict if its challenge hash is taken
// (the transaction stays usable); NotFound if its account does not exist.
func (r ceremonyRepo) Create(ctx context.Context, c auth.PasskeyCeremony) error {
	var account any
	if c.AccountID != "" {
		account = c.AccountID
	}
	q := psql.Insert("carenet.passkey_ceremonies").SetMap(map[string]any{
		"challenge_hash": c.ChallengeHash,
		"purpose":        string(c.Purpose),
		"account_id":     account,
		"created_at":     timeArg(c.CreatedAt),
		"expires_at":     timeArg(c.ExpiresAt),
	})
	return r.t.insertNew(ctx, "passkeyCeremonies.Create", "passkey ceremony", q, "a ceremony with this challenge already exists")
}

// Consume deletes the ceremony with the challenge hash and returns it, in
// one statement; NotFound if there is none. Of two transactions consuming
// one ceremony, the second waits for the first and then finds nothing.
func (r ceremonyRepo) Consume(ctx context.Context, challengeHash string) (auth.PasskeyCeremony, error) {
	q := psql.Delete("carenet.passkey_ceremonies AS c").Where(sq.Eq{"c.challenge_hash": challengeHash}).
		Suffix("RETURNING " + ceremonyColumns)
	var c auth.PasskeyCeremony
	err := r.t.one(ctx, write("passkeyCeremonies.Consume", "passkey ceremony"), q, ceremonyDest(&c)...)
	return c, err
}

// DeleteExpired deletes the ceremonies that expired at or before now.
func (r ceremonyRepo) DeleteExpired(ctx context.Context, now time.Time) (int, error) {
	q := psql.Delete("carenet.passkey_ceremonies").Where(sq.LtOrEq{"expires_at": timeArg(now)})
	n, err := r.t.exec(ctx, remove("passkeyCeremonies.DeleteExpired", "passkey ceremony"), q)
	return int(n), err
}
