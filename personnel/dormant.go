package personnel

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// LoginUseReport is the report of logins by last use.
type LoginUseReport struct {
	// AsOf is when it was made; IdleDays the period it used.
	AsOf     time.Time
	IdleDays int
	// NeverUsed are active logins that never logged in and were made more
	// than IdleDays ago.
	NeverUsed []auth.LoginUse
	// Idle are active logins whose last login is more than IdleDays ago.
	Idle []auth.LoginUse
	// LinkLapsed are active logins that never logged in whose set-password
	// link expired without being redeemed (whatever IdleDays).
	LinkLapsed []auth.LoginUse
}

// LoginUses reports the active logins by last use: never used, idle for
// more than idleDays (1 to MaxDormantAfterDays; else Invalid naming
// "idle_days"), and those whose set-password link expired unredeemed. It
// shows every login's use and portal switches, what the access review
// shows, so it needs what that needs (auth.RequireAccessOverview:
// ViewAudit).
func (s *Service) LoginUses(ctx context.Context, actor *auth.Principal, idleDays int) (_ LoginUseReport, callErr error) {
	defer s.obs.Call(&ctx, "personnel.LoginUses")(&callErr)
	if err := auth.RequireAccessOverview(actor); err != nil {
		return LoginUseReport{}, err
	}
	if err := checkDormancy(idleDays, 1, "idle_days"); err != nil {
		return LoginUseReport{}, err
	}
	now := s.cfg.Clock.Now()
	out := LoginUseReport{AsOf: now, IdleDays: idleDays}
	err := s.eachLoginUse(ctx, auth.LoginUseQuery{IdleSince: idleSince(now, idleDays), LinkExpiredBy: now}, func(u auth.LoginUse) {
		if !u.LinkExpiredAt.IsZero() {
			out.LinkLapsed = append(out.LinkLapsed, u)
		}
		if !u.LastUsedAt().Before(idleSince(now, idleDays)) {
			return
		}
		if u.LastLoginAt.IsZero() {
			out.NeverUsed = append(out.NeverUsed, u)
		} else {
			out.Idle = append(out.Idle, u)
		}
	})
	if err != nil {
		return LoginUseReport{}, err
	}
	return out, nil
}

// eachLoginUse pages through LoginUses with q.
func (s *Service) eachLoginUse(ctx context.Context, q auth.LoginUseQuery, fn func(auth.LoginUse)) error {
	const batch = 500
	q.Limit = batch
	for {
		page, err := carenet.View(ctx, s.store, func(tx Tx) ([]auth.LoginUse, error) {
			return tx.Accounts().LoginUses(ctx, q)
		})
		if err != nil {
			return err
		}
		for _, u := range page {
			fn(u)
		}
		if len(page) < batch {
			return nil
		}
		q.AfterID = page[len(page)-1].Account.ID
	}
}

// DormantItem is the outcome for one login of the dormant-login sweep.
type DormantItem struct {
	PersonID   string
	AccountID  string
	Username   string
	LastUsedAt time.Time
	// Result is what was disabled; zero when Err is set or the login was
	// no longer dormant when its turn came.
	Result LoginDisabled
	// Err is nil when the login was disabled or no longer dormant when its
	// turn came.
	Err error
}

// SweepDormantLogins disables every active login not used for
// Config.DormantAfterDays days (its last login, or its creation if it
// never logged in, or when it was last switched on again, by EnableLogin
// or Reactivate, if that is later: auth.LoginUse.LastUsedAt), each in a transaction of its own with the system as
// actor, as DisableLogin does: the person stays active, and what every
// end of a login ends ends (sessions, links, the video shares the person
// holds as grantee; see the package documentation), audited with the
// period. A login used, disabled or removed since the sweep listed it is
// left as it is (an item with a zero Result and no Err). With DormantAfterDays 0 (the
// default) it does nothing; a negative or absurd period is Invalid naming
// "DormantAfterDays". The last standing administrator's login is never
// disabled (the item fails with auth.ErrLastAdministrator).
func (s *Service) SweepDormantLogins(ctx context.Context) (_ []DormantItem, callErr error) {
	defer s.obs.Call(&ctx, "personnel.SweepDormantLogins")(&callErr)
	days := s.cfg.DormantAfterDays
	if err := checkDormancy(days, 0, "DormantAfterDays"); err != nil || days == 0 {
		return nil, err
	}
	now := s.cfg.Clock.Now()
	since := idleSince(now, days)
	var due []auth.LoginUse
	if err := s.eachLoginUse(ctx, auth.LoginUseQuery{IdleSince: since}, func(u auth.LoginUse) { due = append(due, u) }); err != nil {
		return nil, err
	}
	reason := "dormant: not used for " + strconv.Itoa(days) + " days"
	out := make([]DormantItem, 0, len(due))
	for _, u := range due {
		if err := ctx.Err(); err != nil {
			return out, carenet.E("personnel.SweepDormantLogins", carenet.Canceled, "", err)
		}
		it := DormantItem{PersonID: u.Account.PersonID, AccountID: u.Account.ID, Username: u.Account.Username, LastUsedAt: u.LastUsedAt()}
		var err error
		it.Result, err = carenet.Update(ctx, s.store, func(tx Tx) (LoginDisabled, error) {
			return s.disableLoginTx(ctx, tx, nil, u.Account.PersonID, reason,
				map[string]string{"dormant_after_days": strconv.Itoa(days)}, func(a auth.Account) (bool, error) {
					return dormant(ctx, tx, a, since)
				})
		})
		if err != nil && !errors.Is(err, errNotDue) {
			it.Err = err
		}
		out = append(out, it)
	}
	return out, nil
}
