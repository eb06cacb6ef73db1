package personnel

import (
	"context"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
)

// Dormancy limits. Config.DormantAfterDays of 0 turns the dormant-login
// sweep off; SuggestedDormantAfterDays is what most policies ask for.
const (
	SuggestedDormantAfterDays = 90
	MaxDormantAfterDays       = 3650
)

// checkDormancy reports a period under least or over MaxDormantAfterDays
// as Invalid, naming field.
func checkDormancy(days, least int, field string) error {
	if days < least || days > MaxDormantAfterDays {
		var p carenet.Problems
		p.Add(field, carenet.RuleRange, "must be between "+strconv.Itoa(least)+" and "+strconv.Itoa(MaxDormantAfterDays)+" days")
		return carenet.E("personnel", carenet.Invalid, "", p.Err())
	}
	return nil
}

// idleSince is the time before which a login last used is idle.
func idleSince(now time.Time, days int) time.Time { return now.AddDate(0, 0, -days) }

// dormant reports whether the login a, read in tx, is active and still
// unused since since: a login used, disabled or removed (a zero a) since
// the sweep listed it is not.
func dormant(ctx context.Context, tx Tx, a auth.Account, since time.Time) (bool, error) {
	if !a.Active {
		return false, nil
	}
	c, err := tx.Accounts().Credentials(ctx, a.ID)
	if err != nil {
		return false, err
	}
	return (auth.LoginUse{Account: a, LastLoginAt: c.LastLoginAt, EnabledAt: c.EnabledAt}).LastUsedAt().Before(since), nil
}
