package personnel

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// Update is the "Edit Account" form: nil fields are left as they are.
// State, security groups and portal access have calls of their own
// (Deactivate, Reactivate, SetSecurityGroups, SetPortalAccess).
type Update struct {
	GivenName  *string
	MiddleName *string
	FamilyName *string
	Suffix     *string
	Title      *string
	Agency     *string
	AgencyKind *AgencyKind
	Email      *string
	Phone      *string
	StartDate  *time.Time
	EndDate    *time.Time
	// ClearStartDate and ClearEndDate remove the date.
	ClearStartDate bool
	ClearEndDate   bool
	// Username renames the person's login.
	Username *string
}

// Edit saves changes to a profile whose stored version is version. It
// needs EditPersonnel (Forbidden otherwise, and nothing changes). An end
// date is also a way in and out (see EndDateNeeds): for an active person,
// setting one or moving it earlier, whatever the date, ends their
// access sooner and needs DeactivatePersonnel and, like Deactivate, a
// recent sign-in (auth.ErrReauthenticationRequired), and moving or
// clearing one that has passed (which gives access back before the sweep) needs
// ReactivatePersonnel; either needs the rank of their login
// (auth.ErrOutranked), and the last standing administrator gets no end
// date (auth.ErrLastAdministrator). Changing the email, phone or username
// of someone else's login needs its rank and reach (auth.RequireCredential,
// auth.ErrOutranked otherwise): a delivered password link goes to that
// address. Changing the email or phone of a person without a login who
// holds video shares or referrals needs the reach of those
// (auth.RequireHoldingsReach): a login given to them later has its link
// delivered there, and reaches them. An edit
// based on an old version is a Conflict and overwrites nothing. Every
// problem with the input is reported at once. The save is all-or-nothing:
// the person, their login's username and the audit event are written in one
// transaction.
func (s *Service) Edit(ctx context.Context, actor *auth.Principal, id string, version int64, u Update) (_ Profile, callErr error) {
	defer s.obs.Call(&ctx, "personnel.Edit")(&callErr)
	if err := actor.Require(auth.EditPersonnel); err != nil {
		return Profile{}, err
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (Profile, error) {
		var out Profile
		p, err := tx.People().Get(ctx, id)
		if err != nil {
			return Profile{}, err
		}
		if p.Version != version {
			return Profile{}, errStale
		}
		before := p.Fields
		f := before
		set(&f.GivenName, u.GivenName)
		set(&f.MiddleName, u.MiddleName)
		set(&f.FamilyName, u.FamilyName)
		set(&f.Suffix, u.Suffix)
		set(&f.Title, u.Title)
		set(&f.Agency, u.Agency)
		set(&f.AgencyKind, u.AgencyKind)
		set(&f.Email, u.Email)
		set(&f.Phone, u.Phone)
		if u.StartDate != nil {
			f.StartDate = day(u.StartDate)
		}
		if u.EndDate != nil {
			f.EndDate = day(u.EndDate)
		}
		if u.ClearStartDate {
			f.StartDate = nil
		}
		if u.ClearEndDate {
			f.EndDate = nil
		}
		var problems carenet.Problems
		CheckFields(f, &problems)
		acct, hasLogin, err := account(ctx, tx, id)
		if err != nil {
			return Profile{}, err
		}
		newUsername := ""
		if u.Username != nil {
			switch n, err := auth.NormalizeUsername(*u.Username); {
			case !hasLogin:
				problems.Add("username", "login_required", "the person has no login to rename")
			case err != nil:
				for _, fe := range carenet.Validation(err).Problems {
					problems.Add(fe.Field, fe.Rule, fe.Message)
				}
			case n != acct.Username:
				other, err := tx.Accounts().ByUsername(ctx, n)
				if err == nil && other.ID != acct.ID {
					problems.Add("username", carenet.RuleTaken, "is already taken")
				} else if err != nil && carenet.ErrorCode(err) != carenet.NotFound {
					return out, err
				}
				newUsername = n
			}
		}
		if err := problems.Err(); err != nil {
			return Profile{}, carenet.E("personnel.Edit", carenet.Invalid, "", err)
		}
		now := s.cfg.Clock.Now()
		if err := requireEndDateChange(ctx, tx, actor, p, acct, hasLogin, f.EndDate, now); err != nil {
			return Profile{}, err
		}
		if err := requireLoginDetails(ctx, tx, actor, id, acct, hasLogin, before, f, newUsername != "", now); err != nil {
			return Profile{}, err
		}
		changed := changedFields(before, f)
		details := map[string]string{}
		if len(changed) > 0 {
			p.Fields = f
			p.UpdatedAt = now
			if p, err = tx.People().Update(ctx, p); err != nil {
				return Profile{}, err
			}
			details["fields"] = strings.Join(changed, ",")
		}
		if newUsername != "" {
			details["username_before"], details["username_after"] = acct.Username, newUsername
			acct.Username = newUsername
			acct.UpdatedAt = now
			if acct, err = tx.Accounts().Update(ctx, acct); err != nil {
				return Profile{}, err
			}
		}
		out = Profile{Person: p}
		if hasLogin {
			out.Login = loginOf(acct)
		}
		if len(details) == 0 {
			return out, nil
		}
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventUpdated, TargetType: audit.TargetPerson, TargetID: id, Details: details})
	})
}

var errStale = &carenet.Error{Code: carenet.Conflict, Op: "personnel", Message: "the profile was changed by someone else since you opened it; reload it and make your change again"}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// changedFields names the fields that differ, sorted.
func changedFields(a, b Fields) []string {
	var out []string
	add := func(name string, differ bool) {
		if differ {
			out = append(out, name)
		}
	}
	add("given_name", a.GivenName != b.GivenName)
	add("middle_name", a.MiddleName != b.MiddleName)
	add("family_name", a.FamilyName != b.FamilyName)
	add("suffix", a.Suffix != b.Suffix)
	add("title", a.Title != b.Title)
	add("agency", a.Agency != b.Agency)
	add("agency_kind", a.AgencyKind != b.AgencyKind)
	add("email", a.Email != b.Email)
	add("phone", a.Phone != b.Phone)
	add("start_date", !sameDate(a.StartDate, b.StartDate))
	add("end_date", !sameDate(a.EndDate, b.EndDate))
	sort.Strings(out)
	return out
}

func sameDate(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}
