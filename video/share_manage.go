package video

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// Share shares a video with a video portal user. It needs ShareVideos.
// Every problem with the form is reported at once in one Invalid error
// (the rules of share_rules.go: mayShare, CheckShare, CheckGrantee and
// liveShareWith), and so is a grantee who is not a video portal user
// (see CheckGrantee), read in the same transaction that writes the share.
// A video that does not exist is NotFound; a video already shared with the
// grantee by a share that is neither revoked nor expired is a Conflict
// (extend or revoke that share instead). A ViewAndDownload share (a copy
// leaves the centre) needs a recent sign-in
// (auth.Principal.RequireRecentSignIn; auth.ErrReauthenticationRequired
// otherwise); a view-only one does not. Nothing changes on any error. The
// share and its audit event (EventShared) are written in one transaction.
func (s *Service) Share(ctx context.Context, actor *auth.Principal, in NewShare) (_ Share, callErr error) {
	defer s.obs.Call(&ctx, "video.Share")(&callErr)
	const op = "video.Share"
	now := s.cfg.Clock.Now()
	if err := mayShare(actor, in.Mode, now); err != nil {
		return Share{}, err
	}
	var p carenet.Problems
	start, expires := CheckShare(in, now, s.limits(), &p)
	if err := p.Err(); err != nil {
		return Share{}, carenet.E(op, carenet.Invalid, "", err)
	}
	sh := Share{
		ID: s.cfg.IDs.NewID(), VideoID: in.VideoID, GranteeID: in.GranteeID, SharedBy: actor.PersonID,
		Mode: in.Mode, Note: in.Note, StartsAt: start, ExpiresAt: expires, CreatedAt: now, UpdatedAt: now, Version: 1,
	}
	err := s.store.Update(ctx, func(tx Tx) error {
		if _, err := tx.Videos().Get(ctx, in.VideoID); err != nil {
			return err
		}
		f, err := loadGrantee(ctx, tx, in.GranteeID)
		if err != nil {
			return err
		}
		var p carenet.Problems
		if CheckGrantee(f, now, &p); p.Len() > 0 {
			return carenet.E(op, carenet.Invalid, "", p.Err())
		}
		existing, err := tx.Shares().ListByVideo(ctx, in.VideoID)
		if err != nil {
			return err
		}
		if e, ok := liveShareWith(existing, in.GranteeID, now); ok {
			return carenet.Errorf(carenet.Conflict, "the video is already shared with this person until %s; extend or revoke that share instead",
				e.ExpiresAt.Format(time.RFC3339))
		}
		if err := tx.Shares().Create(ctx, sh); err != nil {
			return err
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventShared, TargetID: sh.VideoID, Details: map[string]string{
			DetailShare: sh.ID, DetailGrantee: sh.GranteeID, DetailMode: string(sh.Mode),
			DetailStartsAt: stamp(sh.StartsAt), DetailExpiresAt: stamp(sh.ExpiresAt),
		}})
	})
	if err != nil {
		return Share{}, err
	}
	return sh, nil
}

// Revoke ends a share at once; a reason (at most MaxReasonLength
// characters) is optional. It needs ShareVideos. A share already revoked is
// a Conflict; an unknown share is NotFound. The grantee's next view or
// download is refused, and so is every ticket issued for the share when it
// is checked through Service.VerifyTicket. Audited as EventShareRevoked.
func (s *Service) Revoke(ctx context.Context, actor *auth.Principal, shareID, reason string) (_ Share, callErr error) {
	defer s.obs.Call(&ctx, "video.Revoke")(&callErr)
	if err := actor.Require(auth.ShareVideos); err != nil {
		return Share{}, err
	}
	var p carenet.Problems
	p.Text("reason", reason, false, MaxReasonLength, true)
	if err := p.Err(); err != nil {
		return Share{}, carenet.E("video.Revoke", carenet.Invalid, "", err)
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (Share, error) {
		sh, err := unrevoked(ctx, tx, shareID, "the share was already revoked")
		if err != nil {
			return Share{}, err
		}
		return s.revoke(ctx, tx, actor.PersonID, sh, reason, s.cfg.Clock.Now())
	})
}

// unrevoked reads the share shareID in tx for a change a revoked share
// refuses: NotFound for none, a Conflict saying refusal for a revoked one.
func unrevoked(ctx context.Context, tx Tx, shareID, refusal string) (Share, error) {
	sh, err := tx.Shares().Get(ctx, shareID)
	if err != nil {
		return Share{}, err
	}
	if sh.RevokedAt != nil {
		return Share{}, carenet.Errorf(carenet.Conflict, "%s", refusal)
	}
	return sh, nil
}

// revoke revokes sh, read in tx, at now and records EventShareRevoked.
func (s *Service) revoke(ctx context.Context, tx Tx, actorID string, sh Share, reason string, now time.Time) (Share, error) {
	before := sh.State(now)
	sh.RevokedAt, sh.RevokedBy, sh.RevokeReason, sh.UpdatedAt = &now, actorID, reason, now
	out, err := tx.Shares().Update(ctx, sh)
	if err != nil {
		return Share{}, err
	}
	details := map[string]string{DetailShare: sh.ID, DetailGrantee: sh.GranteeID, "state_before": string(before)}
	if reason != "" {
		details[DetailReason] = reason
	}
	return out, s.record(ctx, tx, audit.Event{ActorID: actorID, Action: EventShareRevoked, TargetID: sh.VideoID, Details: details})
}

// RevokeGranteeShares revokes, in the caller's transaction tx, every live
// share whose grantee is granteeID: every share neither revoked nor
// expired, scheduled ones included. Each is revoked by actorID with the
// reason (at most MaxReasonLength characters; may be empty) and recorded
// as EventShareRevoked in tx, and every ticket issued for it stops working
// (see VerifyTicket). It returns the shares as revoked, oldest first (by
// CreatedAt, then ID); a person who holds none is not an error.
//
// It is for a caller that ends a person's access in its own transaction,
// such as a deactivation: a store's transaction is one value that is a
// personnel.Tx and a video.Tx alike. It checks no permission: the caller
// has, in tx. A bad reason is an Invalid error naming "reason"; any error
// leaves the rest of tx to the caller, who must roll it back.
func (s *Service) RevokeGranteeShares(ctx context.Context, tx Tx, actorID, granteeID, reason string) ([]Share, error) {
	const op = "video.RevokeGranteeShares"
	var p carenet.Problems
	p.Text("reason", reason, false, MaxReasonLength, true)
	if granteeID == "" {
		p.Add("grantee_id", carenet.RuleRequired, "is required")
	}
	if err := p.Err(); err != nil {
		return nil, carenet.E(op, carenet.Invalid, "", err)
	}
	now := s.cfg.Clock.Now()
	live, err := tx.Shares().MyVideos(ctx, granteeID, now)
	if err != nil {
		return nil, err
	}
	slices.SortFunc(live, func(a, b SharedVideo) int {
		return cmp.Or(a.Share.CreatedAt.Compare(b.Share.CreatedAt), strings.Compare(a.Share.ID, b.Share.ID))
	})
	out := make([]Share, 0, len(live))
	for _, l := range live {
		// Read again, and held until tx ends: a concurrent revoke or
		// extension queues behind this one.
		sh, err := tx.Shares().Get(ctx, l.Share.ID)
		if err != nil {
			return nil, err
		}
		if !sh.Current(now) {
			continue
		}
		if sh, err = s.revoke(ctx, tx, actorID, sh, reason, now); err != nil {
			return nil, err
		}
		out = append(out, sh)
	}
	return out, nil
}

// Extend moves a share's expiry later, to expires (see CheckExtension: at
// most Config.MaxShareDuration after the share's start). An expired share
// may be extended, which makes it active again; a revoked one may not (a
// Conflict). It needs ShareVideos and is audited as EventShareExtended with
// the expiry before and after.
func (s *Service) Extend(ctx context.Context, actor *auth.Principal, shareID string, expires time.Time) (_ Share, callErr error) {
	defer s.obs.Call(&ctx, "video.Extend")(&callErr)
	if err := actor.Require(auth.ShareVideos); err != nil {
		return Share{}, err
	}
	expires = carenet.Timestamp(expires)
	return carenet.Update(ctx, s.store, func(tx Tx) (Share, error) {
		sh, err := unrevoked(ctx, tx, shareID, "the share was revoked and cannot be extended; share the video again")
		if err != nil {
			return Share{}, err
		}
		now := s.cfg.Clock.Now()
		var p carenet.Problems
		if CheckExtension(sh, expires, now, s.limits(), &p); p.Len() > 0 {
			return Share{}, carenet.E("video.Extend", carenet.Invalid, "", p.Err())
		}
		before := sh.ExpiresAt
		sh.ExpiresAt, sh.UpdatedAt = expires, now
		out, err := tx.Shares().Update(ctx, sh)
		if err != nil {
			return Share{}, err
		}
		return out, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventShareExtended, TargetID: sh.VideoID, Details: map[string]string{
			DetailShare: sh.ID, DetailGrantee: sh.GranteeID, DetailPrevExpiry: stamp(before), DetailExpiresAt: stamp(expires),
		}})
	})
}

// Shares lists every share of a video, revoked and expired ones included,
// oldest first: the video's sharing history on its tab. It needs
// ViewVideos; an unknown video is NotFound.
func (s *Service) Shares(ctx context.Context, actor *auth.Principal, videoID string) (_ []Share, callErr error) {
	defer s.obs.Call(&ctx, "video.Shares")(&callErr)
	if err := actor.Require(auth.ViewVideos); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Share, error) {
		if _, err := tx.Videos().Get(ctx, videoID); err != nil {
			return nil, err
		}
		return tx.Shares().ListByVideo(ctx, videoID)
	})
}

func (s *Service) limits() Limits {
	return Limits{Default: s.cfg.DefaultShareDuration, Max: s.cfg.MaxShareDuration}
}

// loadGrantee reads a person and their login.
func loadGrantee(ctx context.Context, tx Tx, personID string) (GranteeFacts, error) {
	person, err := tx.People().Get(ctx, personID)
	switch carenet.ErrorCode(err) {
	case "":
	case carenet.NotFound:
		return GranteeFacts{}, nil
	default:
		return GranteeFacts{}, err
	}
	f := GranteeFacts{Found: true, Person: person}
	acct, err := tx.Accounts().ByPerson(ctx, personID)
	switch carenet.ErrorCode(err) {
	case "":
		f.Account = acct
	case carenet.NotFound:
	default:
		return GranteeFacts{}, err
	}
	return f, nil
}
