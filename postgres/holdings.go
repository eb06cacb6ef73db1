package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Holdings counts, in one statement on the grantee and submitter indexes,
// the person's video shares that are neither revoked nor expired at now and
// the referrals they authored.
func (r accountRepo) Holdings(ctx context.Context, personID string, now time.Time) (auth.Holdings, error) {
	q := psql.Select().
		Column("(SELECT count(*) FROM carenet.video_shares s WHERE s.grantee_id = ? AND s.revoked_at IS NULL AND s.expires_at > ?)",
			personID, carenet.Timestamp(now)).
		Column("(SELECT count(*) FROM carenet.referrals rf WHERE rf.submitter_id = ?)", personID)
	var h auth.Holdings
	err := r.t.one(ctx, read("accounts.Holdings", "person"), q, &h.LiveShares, &h.Referrals)
	return h, err
}

// Administrators returns the accounts in the Administrator group by ID. In
// a read-write transaction it first locks the group's row (FOR UPDATE), the
// lock every other such call waits for, and then reads the accounts in a
// statement of its own, so that under READ COMMITTED they are read as
// committed after the wait.
func (r accountRepo) Administrators(ctx context.Context) ([]auth.Account, error) {
	const name = "accounts.Administrators"
	if !r.t.readOnly {
		var id string
		lock := psql.Select("sg.id").From("carenet.security_groups sg").
			Where(sq.Eq{"sg.id": auth.AdministratorGroup}).Suffix("FOR UPDATE")
		if err := r.t.one(ctx, read(name, "security group"), lock, &id); err != nil {
			return nil, err
		}
	}
	q := psql.Select(accountColumns("a")).From("carenet.accounts a").
		Where("a.id IN (SELECT ag.account_id FROM carenet.account_groups ag WHERE ag.group_id = ?)", auth.AdministratorGroup).
		OrderBy("a.id")
	var out []auth.Account
	err := r.t.many(ctx, read(name, "account"), q, func(row rowScanner) error {
		var a auth.Account
		if err := row.Scan(accountDest(&a)...); err != nil {
			return err
		}
		out = append(out, a)
		return nil
	})
	return out, err
}
