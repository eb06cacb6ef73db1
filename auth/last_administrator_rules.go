package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// ErrLastAdministrator refuses a change that would leave the installation
// without an administrator who can act: deactivating, disabling,
// end-dating, demoting or deleting the last standing administrator (see
// StandingAdministrator), or switching their CareNet use off. Its code is
// Conflict: the change clashes with the stored state, and making someone
// else an administrator first lets it through.
var ErrLastAdministrator = &carenet.Error{Code: carenet.Conflict, Op: "auth",
	Message: "this would leave no active administrator without an end date; make someone else an administrator first"}

// StandingAdministrator reports whether the login a of the person h is a
// standing administrator at now: in the Administrator group, the login and
// the person active, no end date (one to come would end them at that
// date), and able to use CareNet, so that the group's permissions are
// theirs. At least one must remain: RequireAdministratorKept.
func StandingAdministrator(a Account, h Holder, now time.Time) bool {
	return a.InGroup(AdministratorGroup) && a.Active && h.Active && h.EndDate == nil &&
		portal.Compute(PortalFacts(a, h.AllowedAt(now))).Has(portal.UseCareNet)
}

// RequireAdministratorKept returns ErrLastAdministrator if a change takes
// a standing administrator away (before is one, after is not, see
// StandingAdministrator) and no other standing administrator remains. The
// system's own changes (the end-date sweep) are not exempt; they never
// meet it, since a standing administrator has no end date. In a
// read-write transaction AccountRepository.Administrators makes two such
// changes run one after the other, so two administrators removing each
// other at once cannot both succeed.
func RequireAdministratorKept(ctx context.Context, tx Tx, before, after Account, beforeHolder, afterHolder Holder, now time.Time) error {
	if !StandingAdministrator(before, beforeHolder, now) || StandingAdministrator(after, afterHolder, now) {
		return nil
	}
	admins, err := tx.Accounts().Administrators(ctx)
	if err != nil {
		return err
	}
	for _, a := range admins {
		if a.Account.ID != before.ID && StandingAdministrator(a.Account, a.Holder, now) {
			return nil
		}
	}
	return ErrLastAdministrator
}
