package auth

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/portal"
)

// Reach is everything a login reaches: what whoever holds a credential for
// it (a password link, a password someone chose for it, a session) could
// see and do. An actor may obtain such a credential only if they reach all
// of it themselves (see Reach.Needs and RequireReach).
type Reach struct {
	// Permissions are the staff permissions the login's security groups
	// grant, whether or not its portal switches let it use CareNet now: a
	// switch turns them on.
	Permissions PermissionSet
	// Portal is what the portal gives the login once it is in use (its
	// person and login active).
	Portal portal.Capabilities
	// Holdings are the person's records in the other packages.
	Holdings Holdings
}

// Holdings are the records of a person that a login of theirs reaches
// beyond its permissions and capabilities: the forensic interview videos
// shared with them and the referrals they wrote. A store counts them in
// the transaction that decides (AccountRepository.Holdings).
type Holdings struct {
	// LiveShares counts the video shares with the person as grantee that
	// are neither revoked nor expired (scheduled ones included).
	LiveShares int
	// DownloadShares counts those of LiveShares whose mode lets the
	// grantee download the video: its bytes, not only its viewing.
	DownloadShares int
	// Referrals counts the referrals the person authored, drafts included.
	Referrals int
}

// The staff permission that reaches, from CareNet, what a portal
// capability or a holding reaches: a video shared with a portal user is
// one of a client's videos (ViewVideos); a portal user's referrals are in
// the intake queue (ReviewReferrals), and submitting referrals as them is
// submitting referrals (SubmitReferrals). No staff permission gives a
// video's bytes but ShareVideos, which lets its holder share one for
// download, so a share that allows download needs it beside ViewVideos. Using CareNet reaches the
// login's permissions, counted as they are; the portal's Dashboard alone
// reaches nothing.
var (
	videoReach          = NewPermissionSet(ViewVideos)
	downloadReach       = NewPermissionSet(ViewVideos, ShareVideos)
	submitReferralReach = NewPermissionSet(SubmitReferrals)
	referralsReach      = NewPermissionSet(ReviewReferrals)
)

// Needs returns the staff permissions that reach everything r reaches: an
// actor who holds them all may obtain a credential for the login without
// reaching anything more than they already do. It is pure and does not
// allocate.
func (r Reach) Needs() PermissionSet {
	need := r.Permissions
	if r.Portal.Has(portal.ViewSharedVideos) || r.Holdings.LiveShares > 0 {
		need = need.Union(videoReach)
	}
	if r.Holdings.DownloadShares > 0 {
		need = need.Union(downloadReach)
	}
	if r.Portal.Has(portal.SubmitLEReferrals) || r.Portal.Has(portal.SubmitCPSReferrals) {
		need = need.Union(submitReferralReach)
	}
	if r.Holdings.Referrals > 0 {
		need = need.Union(referralsReach)
	}
	return need
}

// RequireReach returns nil if actor holds every permission r needs (see
// Reach.Needs), ErrOutranked otherwise, and Unauthenticated for a nil
// actor. Services call it, with the Reach gathered in the write
// transaction, before handing an actor a credential for someone else's
// login.
func RequireReach(actor *Principal, r Reach) error {
	if actor == nil {
		return errNoPrincipal
	}
	if !actor.Permissions.Covers(r.Needs()) {
		return ErrOutranked
	}
	return nil
}

// RequirePortalReach returns ErrOutranked if a change of a login from
// before to after gives it portal capabilities that reach what actor
// cannot (see Reach.Needs: videos.view for Video Portal Access,
// referrals.submit for referral capabilities). Whoever holds a credential
// for the login would reach them, and that may be the actor: otherwise
// switching a capability off, taking a link and switching it back on would
// get round RequireReach. One's own login is no exception: giving oneself
// a capability (a switch, the Referral User group) is conferring it. Taking
// capabilities away needs nothing. A new login is a change from the zero
// Account. It is pure: the accounts as they stand before and after the
// change.
func RequirePortalReach(actor *Principal, before, after Account) error {
	if actor == nil {
		return errNoPrincipal
	}
	needs := func(a Account) PermissionSet {
		a.Active = true
		return Reach{Portal: portal.Compute(PortalFacts(a, true))}.Needs()
	}
	if !actor.Permissions.Covers(needs(after).Minus(needs(before))) {
		return ErrOutranked
	}
	return nil
}

// RequireCredential is the rule for handing actor a way into the login a
// (a password link's token, a password they chose for it, its second
// factor removed, or its holder's contact details that a delivered link
// follows): the system (a nil actor: operators' tools such as
// CreateAdministrator) and the login's own holder may have it; anyone else
// must reach everything the login reaches (RequireReach, ErrOutranked
// otherwise), gathered in tx at now. Reaching its permissions includes
// its rank (RequireOutrank). Call it in the write transaction that makes
// the change.
func RequireCredential(ctx context.Context, tx Tx, actor *Principal, a Account, now time.Time) error {
	if actor == nil || actor.AccountID == a.ID {
		return nil
	}
	r, err := reachOf(ctx, tx, actor.reg, a, now)
	if err != nil {
		return err
	}
	return RequireReach(actor, r)
}

// RequireHoldingsReach is RequireCredential for a person without a login:
// the rule for changing where a login given to them later would have its
// links delivered (their email and phone). Such a login reaches the
// records the person holds (Holdings: video shares granted to them,
// referrals they wrote), so the system (a nil actor) and the person
// themselves may change them; anyone else must reach those holdings
// (RequireReach), gathered in tx at now, ErrOutranked otherwise. A person
// who holds nothing needs nothing. Call it in the write transaction that
// makes the change.
func RequireHoldingsReach(ctx context.Context, tx Tx, actor *Principal, personID string, now time.Time) error {
	if actor == nil || actor.PersonID == personID {
		return nil
	}
	h, err := tx.Accounts().Holdings(ctx, personID, now)
	if err != nil {
		return err
	}
	return RequireReach(actor, Reach{Holdings: h})
}

// requireHandedToReach is the rule for redeeming a link whose token was
// handed to the actor with the account handedTo (PasswordToken.HandedTo):
// that actor, with the permissions they hold at now, must still reach
// everything the login a reaches at now (RequireReach); ErrOutranked
// otherwise, also when their account is gone. A link handed to no one
// (delivered to the holder, or given to the system or the holder) needs
// nothing.
func requireHandedToReach(ctx context.Context, tx Tx, reg *PermissionRegistry, handedTo string, a Account, now time.Time) error {
	if handedTo == "" || handedTo == a.ID {
		return nil
	}
	issuer, err := tx.Accounts().Get(ctx, handedTo)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return ErrOutranked
	}
	if err != nil {
		return err
	}
	p, err := reg.PrincipalOf(ctx, tx.Accounts(), issuer, now)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return ErrOutranked
	}
	if err != nil {
		return err
	}
	r, err := reachOf(ctx, tx, reg, a, now)
	if err != nil {
		return err
	}
	return RequireReach(p, r)
}

// reachOf gathers in tx what the login a reaches once in use (its person
// and login active, as a set-password link makes it): the permissions of
// its security groups, its portal capabilities and its person's holdings
// at now.
func reachOf(ctx context.Context, tx Tx, reg *PermissionRegistry, a Account, now time.Time) (Reach, error) {
	groups, err := groupsFor(ctx, tx.Accounts(), a.Groups)
	if err != nil {
		return Reach{}, err
	}
	if reg.unknownHost(groups) {
		return Reach{}, ErrOutranked
	}
	h, err := tx.Accounts().Holdings(ctx, a.PersonID, now)
	if err != nil {
		return Reach{}, err
	}
	inUse := a
	inUse.Active = true
	return Reach{
		Permissions: reg.EffectivePermissions(groups),
		Portal:      portal.Compute(PortalFacts(inUse, true)),
		Holdings:    h,
	}, nil
}
