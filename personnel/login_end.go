package personnel

import (
	"context"
	"strconv"

	"github.com/carenet-go/carenet/auth"
)

// loginEnd is what endLogin found and ended.
type loginEnd struct {
	person   Person
	acct     auth.Account
	hasLogin bool
	// ended is what the hooks ended, by kind.
	ended []Reference
	// disabled is what disabling the login ended; nil when it was not
	// disabled.
	disabled *auth.DisabledLogin
}

// endLogin is the one rule for what ends with a login. Deactivate,
// DisableLogin, RemoveLogin and SweepDormantLogins end a person's login
// through it, in the transaction of the change:
//
//   - the login goes inactive, its password is replaced by an unusable
//     random secret, every session is revoked and every password link
//     invalidated (auth.Service.DisableLoginTx); RemoveLogin then deletes
//     the account;
//   - every access Config.OnDeactivate ends: with video.Service there,
//     every video share the person holds as grantee is revoked, so every
//     ticket for one stops (Deactivation.Ended, LoginDisabled.Ended,
//     LoginRemoved.Ended).
//
// None of it comes back with a login: EnableLogin and Reactivate bring a
// login back only through a fresh set-password link, and they and
// GiveLogin run the hooks again first, so access a hook did not end when
// the login ended (ended before the hook was configured) ends then. What
// the person holds as author or creator stays, for someone to take over:
// the referrals they submitted (referral.Service.HandOver hands them on),
// the video shares they created for others, their personnel groups and
// the host's records; Deactivation.Outstanding reports them, and a login
// given to the person later reaches their referrals again, which is why
// GiveLogin needs their reach.
//
// It ends in tx the access of the person l names. The hooks run first: a
// use of a video ticket holds the share and then reads the person, so
// ending shares before the person is read takes the locks in the same
// order, and the two never deadlock. Then the person and their login are
// read, and check (the caller's own rules: permission, rank, the last
// administrator; and the caller's own changes) says whether the login is
// to be disabled. An error from check is returned, and the caller's
// transaction rolls back, the hooks' work with it.
func (s *Service) endLogin(ctx context.Context, tx Tx, l Leaver, check func(e loginEnd) (disable bool, err error)) (loginEnd, error) {
	ended, err := s.endAccess(ctx, tx, l)
	if err != nil {
		return loginEnd{}, err
	}
	p, acct, hasLogin, err := personAndLogin(ctx, tx, l.PersonID)
	if err != nil {
		return loginEnd{}, err
	}
	e := loginEnd{person: p, acct: acct, hasLogin: hasLogin, ended: ended}
	disable, err := check(e)
	if err != nil {
		return loginEnd{}, err
	}
	if disable && hasLogin {
		d, err := s.auth.DisableLoginTx(ctx, tx, acct.ID)
		if err != nil {
			return loginEnd{}, err
		}
		e.disabled = &d
	}
	return e, nil
}

// details adds to an audit event's details what e ended.
func (e loginEnd) details(details map[string]string) {
	if len(e.ended) > 0 {
		details["ended"] = describeRefs(e.ended)
	}
	if e.disabled != nil {
		details["account"] = e.acct.ID
		details["password_replaced"] = "true"
		details["sessions_revoked"] = strconv.Itoa(e.disabled.SessionsRevoked)
		details["links_invalidated"] = strconv.Itoa(e.disabled.LinksInvalidated)
	}
}

// shutLogin is the check of an end of the login alone (DisableLogin,
// RemoveLogin): the person must have one (ErrNoLogin), the actor must
// outrank it (auth.ErrOutranked; a nil actor is the system) and it must
// not be the last standing administrator's (auth.ErrLastAdministrator).
func (s *Service) shutLogin(ctx context.Context, tx Tx, actor *auth.Principal, e loginEnd) error {
	if !e.hasLogin {
		return ErrNoLogin
	}
	if err := requireRank(ctx, tx, actor, e.acct, true); err != nil {
		return err
	}
	if !e.acct.Active {
		return nil
	}
	off := e.acct
	off.Active = false
	return keepAdministrator(ctx, tx, e.person, e.person, e.acct, off, true, s.cfg.Clock.Now())
}

// mayEnd is what every call that ends a person's access (Deactivate,
// DeactivateMany, DisableLogin) asks before anything is read:
// DeactivatePersonnel, a recent sign-in, and a reason within the rules.
func (s *Service) mayEnd(actor *auth.Principal, reason string) error {
	if err := actor.Require(auth.DeactivatePersonnel); err != nil {
		return err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	return checkReason(reason)
}

// mayBringBack is what every call that brings a login back (Reactivate,
// EnableLogin) asks before anything is read: ReactivatePersonnel, a recent
// sign-in (without a deliverer the actor is handed the login's
// set-password link, so a session alone must not be enough), and a reason
// within the rules.
func (s *Service) mayBringBack(actor *auth.Principal, reason string) error {
	if err := actor.Require(auth.ReactivatePersonnel); err != nil {
		return err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	return checkReason(reason)
}

// bringBack switches acct, the login of a person brought back, on again
// in tx with a fresh set-password link. Bringing back a login that holds
// more than the actor would confer what they lack (auth.ErrOutranked);
// EnableLoginTx checks the link.
func (s *Service) bringBack(ctx context.Context, tx Tx, actor *auth.Principal, acct auth.Account) (auth.Account, *auth.IssuedLink, error) {
	if err := auth.RequireOutrank(ctx, tx, actor, acct); err != nil {
		return auth.Account{}, nil, err
	}
	return s.auth.EnableLoginTx(ctx, tx, actor, acct.ID)
}
