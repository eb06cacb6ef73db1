package postgres

import (
	"context"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// Holdings counts, in one statement on the grantee and submitter indexes,
// the person's video shares that are neither revoked nor expired at now
// (all of them, and those that allow download) and the referrals they
// authored.
func (r accountRepo) Holdings(ctx context.Context, personID string, now time.Time) (auth.Holdings, error) {
	q := psql.Select().
		Column("(SELECT count(*) FROM carenet.video_shares s WHERE s.grantee_id = ? AND s.revoked_at IS NULL AND s.expires_at > ?)",
			personID, carenet.Timestamp(now)).
		Column("(SELECT count(*) FROM carenet.video_shares s WHERE s.grantee_id = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.mode = ?)",
			personID, carenet.Timestamp(now), string(video.ViewAndDownload)).
		Column("(SELECT count(*) FROM carenet.referrals rf WHERE rf.submitter_id = ?)", personID)
	var h auth.Holdings
	err := r.t.one(ctx, read("accounts.Holdings", "person"), q, &h.LiveShares, &h.DownloadShares, &h.Referrals)
	return h, err
}

// Administrators returns the accounts in the Administrator group with
// their holders, by ID. In a read-write transaction it first locks the
// group's row (FOR UPDATE), the lock every other such call waits for, and
// then reads the accounts in a statement of its own, so that under READ
// COMMITTED they are read as committed after the wait: two statements,
// whatever the number of administrators.
func (r accountRepo) Administrators(ctx context.Context) ([]auth.Administrator, error) {
	const name = "accounts.Administrators"
	if !r.t.readOnly {
		var id string
		lock := psql.Select("sg.id").From("carenet.security_groups sg").
			Where(sq.Eq{"sg.id": auth.AdministratorGroup}).Suffix("FOR UPDATE")
		if err := r.t.one(ctx, read(name, "security group"), lock, &id); err != nil {
			return nil, err
		}
	}
	q := psql.Select(accountColumns("a"), "p.state", "p.given_name", "p.middle_name", "p.family_name", "p.end_date").
		From("carenet.accounts a").Join("carenet.people p ON p.id = a.person_id").
		Where("a.id IN (SELECT ag.account_id FROM carenet.account_groups ag WHERE ag.group_id = ?)", auth.AdministratorGroup).
		OrderBy("a.id")
	var out []auth.Administrator
	err := r.t.many(ctx, read(name, "account"), q, func(row rowScanner) error {
		var x auth.Administrator
		var state personnel.State
		var given, middle, family string
		dest := append(accountDest(&x.Account), &state, &given, &middle, &family, optTimeCol{&x.Holder.EndDate})
		if err := row.Scan(dest...); err != nil {
			return err
		}
		x.Holder.PersonID = x.Account.PersonID
		x.Holder.Active = state == personnel.Active
		x.Holder.Names = holderNames(given, middle, family)
		out = append(out, x)
		return nil
	})
	return out, err
}
