package postgres

import (
	"context"
	"strings"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/uniq"
	"github.com/carenet-go/carenet/personnel"
)

// accountRepo keeps logins in carenet.accounts, their secrets in
// carenet.account_credentials and their security groups in
// carenet.account_groups.
type accountRepo struct{ t *txn }

var (
	_ auth.LoginDisabler  = accountRepo{}
	_ auth.AccountDeleter = accountRepo{}
)

// accountBase lists the columns of carenet.accounts that accountDest scans
// (but the groups), from the table aliased as alias.
func accountBase(alias string) string {
	cols := []string{"id", "person_id", "username", "active", "portal_enabled", "portal_video",
		"portal_referral", "portal_carenet", "created_in_release", "totp_enabled", "created_at",
		"updated_at", "version"}
	for i, c := range cols {
		cols[i] = alias + "." + c
	}
	return strings.Join(cols, ", ")
}

// groupsOf is the column of the account's security group ids, in order.
func groupsOf(alias string) string {
	return "ARRAY(SELECT ag.group_id FROM carenet.account_groups ag WHERE ag.account_id = " + alias + ".id ORDER BY ag.position)"
}

// accountColumns lists every column accountDest scans.
func accountColumns(alias string) string { return accountBase(alias) + ", " + groupsOf(alias) }

func accountBaseDest(a *auth.Account) []any {
	return []any{&a.ID, &a.PersonID, &a.Username, &a.Active, &a.Portal.Enabled, &a.Portal.Video,
		&a.Portal.Referral, &a.Portal.CareNet, &a.CreatedInRelease, &a.TOTPEnabled, timeCol{&a.CreatedAt},
		timeCol{&a.UpdatedAt}, &a.Version}
}

func accountDest(a *auth.Account) []any { return append(accountBaseDest(a), stringsCol{&a.Groups}) }

// accountValues are the stored columns of a but id and version.
func accountValues(a auth.Account) map[string]any {
	return map[string]any{
		"person_id":          a.PersonID,
		"created_in_release": a.CreatedInRelease,
		"created_at":         timeArg(a.CreatedAt),
		"username":           a.Username,
		"active":             a.Active,
		"portal_enabled":     a.Portal.Enabled,
		"portal_video":       a.Portal.Video,
		"portal_referral":    a.Portal.Referral,
		"portal_carenet":     a.Portal.CareNet,
		"totp_enabled":       a.TOTPEnabled,
		"updated_at":         timeArg(a.UpdatedAt),
	}
}

func credentialValues(c auth.Credentials) map[string]any {
	return map[string]any{
		"password_hash":   c.PasswordHash,
		"password_set_at": timeArg(c.PasswordSetAt),
		"totp_secret":     bytesArg(c.TOTPSecret),
		"totp_last_step":  c.TOTPLastStep,
		"failed_logins":   c.FailedLogins,
		"failed_codes":    c.FailedCodes,
		"locked_until":    timeArg(c.LockedUntil),
		"last_login_at":   timeArg(c.LastLoginAt),
		"enabled_at":      timeArg(c.EnabledAt),
	}
}

// insertGroups is the statement adding the security groups to the account
// returned by the statement named from, at their positions in groups; with
// upsert it moves a group the account already has to its new position.
func insertGroups(from string, groups []string, upsert bool) sq.InsertBuilder {
	q := frag.Insert("carenet.account_groups").Columns("account_id", "group_id", "position").
		Select(frag.Select(from+".id", "g.id", "g.ord").From(from).
			JoinClause("CROSS JOIN unnest(CAST(? AS text[])) WITH ORDINALITY AS g(id, ord)", pq.Array(groups)))
	if upsert {
		q = q.Suffix("ON CONFLICT (account_id, group_id) DO UPDATE SET position = EXCLUDED.position")
	}
	return q
}

// Create stores a and its credentials c (whose AccountID is taken to be
// a.ID) in one statement, with Version 1. Conflict if the id or the
// username is taken or the person already has a login (the transaction
// stays usable); NotFound if the person or one of the groups does not
// exist; Invalid if the username is not lower case.
func (r accountRepo) Create(ctx context.Context, a auth.Account, c auth.Credentials) error {
	const name = "accounts.Create"
	values := accountValues(a)
	values["id"] = a.ID
	values["version"] = 1
	ctes := []cte{{"acct", frag.Insert("carenet.accounts").SetMap(values).
		Suffix(onConflictDoNothing + " RETURNING id")}}
	if groups := uniq.Ordered(a.Groups); len(groups) > 0 {
		ctes = append(ctes, cte{"grp", insertGroups("acct", groups, false)})
	}
	// The credentials go in only if the account did.
	creds := frag.Select("acct.id").
		Column("CAST(? AS text)", c.PasswordHash).
		Column("CAST(? AS timestamptz)", timeArg(c.PasswordSetAt)).
		Column("CAST(? AS bytea)", bytesArg(c.TOTPSecret)).
		Column("CAST(? AS bigint)", c.TOTPLastStep).
		Column("CAST(? AS integer)", c.FailedLogins).
		Column("CAST(? AS integer)", c.FailedCodes).
		Column("CAST(? AS timestamptz)", timeArg(c.LockedUntil)).
		Column("CAST(? AS timestamptz)", timeArg(c.LastLoginAt)).
		Column("CAST(? AS timestamptz)", timeArg(c.EnabledAt)).
		From("acct")
	q := psql.Insert("carenet.account_credentials").
		Columns("account_id", "password_hash", "password_set_at", "totp_secret", "totp_last_step",
			"failed_logins", "failed_codes", "locked_until", "last_login_at", "enabled_at").
		Select(creds).PrefixExpr(with(ctes...))
	n, err := r.t.exec(ctx, write(name, "account"), q)
	if err == nil && n == 0 {
		return r.taken(ctx, name, a)
	}
	return err
}

// taken explains an account that a unique key kept out.
func (r accountRepo) taken(ctx context.Context, name string, a auth.Account) error {
	var id, username, person bool
	q := psql.Select().
		Column("EXISTS (SELECT 1 FROM carenet.accounts WHERE id = ?)", a.ID).
		Column("EXISTS (SELECT 1 FROM carenet.accounts WHERE lower(username) = lower(?))", a.Username).
		Column("EXISTS (SELECT 1 FROM carenet.accounts WHERE person_id = ?)", a.PersonID)
	if err := r.t.one(ctx, read(name, "account"), q, &id, &username, &person); err != nil {
		return err
	}
	switch {
	case id:
		return conflict(name, "an account with this id already exists")
	case username:
		return conflict(name, constraintMessages["accounts_username_key"])
	default:
		return conflict(name, constraintMessages["accounts_person_id_key"])
	}
}

// Get returns the account with id; NotFound if there is none.
func (r accountRepo) Get(ctx context.Context, id string) (auth.Account, error) {
	return r.get(ctx, "accounts.Get", accountByID, id)
}

// ByUsername returns the account with the normalised username; NotFound if
// there is none. It runs on the unique index of lower(username).
func (r accountRepo) ByUsername(ctx context.Context, username string) (auth.Account, error) {
	return r.get(ctx, "accounts.ByUsername", accountByUsername, username)
}

// ByPerson returns the person's account; NotFound if they have none.
func (r accountRepo) ByPerson(ctx context.Context, personID string) (auth.Account, error) {
	return r.get(ctx, "accounts.ByPerson", accountByPerson, personID)
}

// get reads one account. In a read-write transaction it locks the row
// (FOR UPDATE) until the transaction ends, so that whatever the transaction
// does next rests on the account as it stands: a login that read an account
// waits for a deactivation in flight and then sees it inactive, and a
// deactivation that read the account waits for a login in flight, whose
// session its later statements then see and revoke.
func (r accountRepo) get(ctx context.Context, name string, by accountBy, key string) (auth.Account, error) {
	var a auth.Account
	q := by.read
	if !r.t.readOnly {
		q = by.forUpdate
	}
	err := r.t.one(ctx, read(name, "account"), q.with(key), accountDest(&a)...)
	return a, err
}

// accountBy is the statements reading one account by a column: as it is,
// and locked.
type accountBy struct{ read, forUpdate *prebuilt }

// accountByColumn returns the statements reading one account by column.
func accountByColumn(column string) accountBy {
	return accountBy{
		read: newPrebuilt(func(v ...any) sqlizer {
			return psql.Select(accountColumns("a")).From("carenet.accounts a").Where(sq.Eq{column: v[0]})
		}),
		forUpdate: newPrebuilt(func(v ...any) sqlizer {
			return psql.Select(accountColumns("a")).From("carenet.accounts a").Where(sq.Eq{column: v[0]}).Suffix("FOR UPDATE OF a")
		}),
	}
}

// The ways get reads an account.
var (
	accountByID       = accountByColumn("a.id")
	accountByUsername = accountByColumn("lower(a.username)")
	accountByPerson   = accountByColumn("a.person_id")
)

// Update stores a if a.Version is the stored version, replacing its
// security groups, in one statement, and returns it as stored with Version
// increased by one. NotFound if the account, its person or one of the
// groups is missing; Conflict if the version is stale, the username taken
// or the person already has another login.
func (r accountRepo) Update(ctx context.Context, a auth.Account) (auth.Account, error) {
	o := write("accounts.Update", "account")
	groups := uniq.Ordered(a.Groups)
	q := psql.Select(accountBase("u")).From("u").PrefixExpr(with(
		cte{"u", frag.Update("carenet.accounts AS a").SetMap(accountValues(a)).
			Set("version", sq.Expr("a.version + 1")).
			Where(sq.Eq{"a.id": a.ID, "a.version": a.Version}).
			Suffix("RETURNING " + accountBase("a"))},
		cte{"d", frag.Delete("carenet.account_groups").
			Where("account_id IN (SELECT id FROM u)").
			Where("NOT (group_id = ANY(CAST(? AS text[])))", pq.Array(groups))},
		cte{"i", insertGroups("u", groups, true)},
	))
	var out auth.Account
	err := r.t.updateVersioned(ctx, o, q, "carenet.accounts", a.ID, accountBaseDest(&out)...)
	if err != nil {
		return auth.Account{}, err
	}
	if len(groups) > 0 {
		out.Groups = groups
	}
	return out, nil
}

// credentialColumns are the columns credentialDest scans.
// The passkeys are counted in the same statement.
const credentialColumns = "c.account_id, c.password_hash, c.password_set_at, c.totp_secret, " +
	"c.totp_last_step, c.failed_logins, c.failed_codes, c.locked_until, c.last_login_at, c.enabled_at, " +
	"(SELECT count(*) FROM carenet.passkeys pk WHERE pk.account_id = c.account_id)"

func credentialDest(c *auth.Credentials) []any {
	return []any{&c.AccountID, &c.PasswordHash, timeCol{&c.PasswordSetAt}, &c.TOTPSecret,
		&c.TOTPLastStep, &c.FailedLogins, &c.FailedCodes, timeCol{&c.LockedUntil}, timeCol{&c.LastLoginAt},
		timeCol{&c.EnabledAt}, &c.Passkeys}
}

// Credentials returns the account's credentials, with its passkeys
// counted; NotFound if the account is missing. In an Update transaction the credentials stay locked until it
// ends, so concurrent logins count their failures one after the other.
func (r accountRepo) Credentials(ctx context.Context, accountID string) (auth.Credentials, error) {
	q := psql.Select(credentialColumns).From("carenet.account_credentials c").Where(sq.Eq{"c.account_id": accountID})
	if !r.t.readOnly {
		q = q.Suffix("FOR UPDATE")
	}
	var c auth.Credentials
	err := r.t.one(ctx, read("accounts.Credentials", "account"), q, credentialDest(&c)...)
	if len(c.TOTPSecret) == 0 {
		c.TOTPSecret = nil
	}
	return c, err
}

// SetCredentials replaces the account's credentials; NotFound if the
// account is missing.
func (r accountRepo) SetCredentials(ctx context.Context, c auth.Credentials) error {
	q := psql.Update("carenet.account_credentials").SetMap(credentialValues(c)).Where(sq.Eq{"account_id": c.AccountID})
	n, err := r.t.exec(ctx, write("accounts.SetCredentials", "account"), q)
	if err == nil && n == 0 {
		return notFound("accounts.SetCredentials", "account")
	}
	return err
}

// Holder returns what auth knows of the person; NotFound if the person is
// missing.
func (r accountRepo) Holder(ctx context.Context, personID string) (auth.Holder, error) {
	var h auth.Holder
	var state personnel.State
	var given, middle, family string
	q := psql.Select("p.id", "p.state", "p.given_name", "p.middle_name", "p.family_name", "p.end_date", "p.email", "p.phone").
		From("carenet.people p").Where(sq.Eq{"p.id": personID})
	if err := r.t.one(ctx, read("accounts.Holder", "person"), q, &h.PersonID, &state, &given, &middle, &family, optTimeCol{&h.EndDate}, &h.Email, &h.Phone); err != nil {
		return auth.Holder{}, err
	}
	h.Active = state == personnel.Active
	h.Names = holderNames(given, middle, family)
	return h, nil
}

// holderNames are the name parts of a holder, for the password policy.
func holderNames(parts ...string) []string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return out
}

// Groups returns the security groups with the ids, in the order given, in
// one statement; NotFound if one is missing.
func (r accountRepo) Groups(ctx context.Context, ids []string) ([]auth.SecurityGroup, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	byID := make(map[string]auth.SecurityGroup, len(ids))
	q := psql.Select(securityGroupColumns).From("carenet.security_groups sg").
		Where("sg.id = ANY(CAST(? AS text[]))", pq.Array(uniq.Ordered(ids)))
	err := r.t.many(ctx, read("accounts.Groups", "security group"), q, func(row rowScanner) error {
		g, err := scanSecurityGroup(row)
		if err != nil {
			return err
		}
		byID[g.ID] = g
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]auth.SecurityGroup, len(ids))
	for i, id := range ids {
		g, ok := byID[id]
		if !ok {
			return nil, carenet.E("postgres.accounts.Groups", carenet.NotFound, "security group not found", nil)
		}
		out[i] = g
	}
	return out, nil
}

// DisableLogin shuts the login in one statement: the account goes inactive
// (Version increased), the password hash is replaced, every unrevoked
// session is revoked and every unused link invalidated, all at d.At. It
// returns the account as stored and what changed; NotFound if the account
// is missing.
func (r accountRepo) DisableLogin(ctx context.Context, d auth.DisableLogin) (auth.DisabledLogin, error) {
	var out auth.DisabledLogin
	dest := append(accountDest(&out.Account), &out.WasActive, &out.SessionsRevoked, &out.LinksInvalidated)
	err := r.t.one(ctx, write("accounts.DisableLogin", "account"),
		disableLogin.with(d.AccountID, timeArg(d.At), d.PasswordHash, d.Reason, false), dest...)
	return out, err
}

// disableLogin is DisableLogin's statement, of the account's ID, the time,
// the new password hash, the reason and false.
var disableLogin = newPrebuilt(func(v ...any) sqlizer {
	id, at, hash, reason, inactive := v[0], v[1], v[2], v[3], v[4]
	return psql.Select(accountColumns("acct"), "prev.active",
		"(SELECT count(*) FROM sess)", "(SELECT count(*) FROM links)").
		From("acct").Join("prev ON prev.id = acct.id").
		PrefixExpr(with(
			cte{"prev", frag.Select("id", "active").From("carenet.accounts").
				Where(sq.Eq{"id": id}).Suffix("FOR UPDATE")},
			cte{"acct", frag.Update("carenet.accounts AS a").
				Set("active", inactive).Set("updated_at", at).Set("version", sq.Expr("a.version + 1")).
				From("prev").Where("a.id = prev.id").
				Suffix("RETURNING " + accountBase("a"))},
			cte{"cred", frag.Update("carenet.account_credentials AS c").
				Set("password_hash", hash).
				From("prev").Where("c.account_id = prev.id")},
			cte{"sess", frag.Update("carenet.sessions AS s").
				Set("revoked_at", at).Set("revoked_reason", reason).
				From("prev").Where("s.account_id = prev.id AND s.revoked_at IS NULL").
				Suffix("RETURNING s.id")},
			cte{"links", frag.Update("carenet.password_tokens AS t").
				Set("used_at", at).
				From("prev").Where("t.account_id = prev.id AND t.used_at IS NULL").
				Suffix("RETURNING t.id")},
		))
})

// Delete removes the account with its credentials, security groups,
// password links and recovery codes. NotFound if missing; InUse if it has
// sessions.
func (r accountRepo) Delete(ctx context.Context, id string) error {
	n, err := r.t.exec(ctx, remove("accounts.Delete", "account"), psql.Delete("carenet.accounts").Where(sq.Eq{"id": id}))
	if err == nil && n == 0 {
		return notFound("accounts.Delete", "account")
	}
	return err
}

// TOTPAccounts returns the IDs of accounts with a sealed TOTP secret,
// ordered by ID.
func (r accountRepo) TOTPAccounts(ctx context.Context) ([]string, error) {
	q := psql.Select("c.account_id").From("carenet.account_credentials c").
		Where("c.totp_secret IS NOT NULL").Where("length(c.totp_secret) > 0").OrderBy(`c.account_id COLLATE "C"`)
	return scanAll(ctx, r.t, read("accounts.TOTPAccounts", "account"), q, func(id *string) []any { return []any{id} })
}
