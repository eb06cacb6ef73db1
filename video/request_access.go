package video

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// AccessRequest is a grantee's click on View or Download in My Videos.
type AccessRequest struct {
	ShareID string
	Action  Action
	// Agreement acknowledges the viewer agreement: the Digest of the
	// Agreement the grantee was shown and accepted. Required when
	// Config.AgreementText is set; ignored otherwise.
	Agreement string
}

// Access is an allowed view or download: the ticket the host's player or
// download link presents to the storage proxy, and what the grantee may
// know about the video.
type Access struct {
	// Ticket is the signed access ticket; pass it to the storage proxy as
	// it is (it is URL-safe). It is a bearer credential until
	// Claims.ExpiresAt: never log it.
	Ticket string
	Claims Claims
	Video  Info
	// FirstOpen is true when this access opened the share for the first
	// time.
	FirstOpen bool
}

// RequestAccess decides whether the caller may view or download the video
// of a share and, if so, marks the share opened (the first time) and issues
// an access ticket (see Ticketer). It needs no staff permission: Decide is
// the rule, applied to the share and the caller as read in one transaction.
// Because a host may hold a Principal built before a change, the grantee's
// stored person and login are checked too: a grantee deactivated or whose
// portal or Video Portal Access was switched off since is refused. With a
// viewer agreement configured, req.Agreement must be its current Digest.
//
// Every outcome is audited against the video in the same transaction: an
// allowed access as EventViewed or EventDownloaded with the ticket's ID,
// its expiry and the acknowledged agreement; a refusal as
// EventAccessDenied with the reason, and then returned as Decision.Err
// gives it. A share that does not exist and a share that is someone else's
// give the same error, ErrShareNotFound. A principal that must enrol a
// second factor first is refused with auth.ErrEnrolSecondFactor before
// anything is read.
func (s *Service) RequestAccess(ctx context.Context, p *auth.Principal, req AccessRequest) (_ *Access, callErr error) {
	defer s.obs.Call(&ctx, "video.RequestAccess")(&callErr)
	const op = "video.RequestAccess"
	if p == nil {
		return nil, deny(ReasonUnauthenticated).Err()
	}
	if err := p.RequireFull(); err != nil {
		return nil, err
	}
	var pr carenet.Problems
	pr.Text("share_id", req.ShareID, true, MaxIDLength, false)
	if !req.Action.Valid() {
		pr.Add("action", carenet.RuleOneOf, "must be view or download")
	}
	if err := pr.Err(); err != nil {
		return nil, carenet.E(op, carenet.Invalid, "", err)
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (*Access, error) {
		var out Access
		now := s.cfg.Clock.Now()
		sh, err := tx.Shares().Get(ctx, req.ShareID)
		switch carenet.ErrorCode(err) {
		case "":
		case carenet.NotFound:
			return nil, denial(ReasonNotFound, s.recordDenied(ctx, tx, denied{actor: p.PersonID, shareID: req.ShareID, action: req.Action, reason: ReasonNotFound}))
		default:
			return nil, err
		}
		d := Decide(p, sh, req.Action, now)
		if d.Allowed {
			f, err := loadGrantee(ctx, tx, sh.GranteeID)
			if err != nil {
				return nil, err
			}
			if !f.Capabilities(now).Has(portal.ViewSharedVideos) {
				d = deny(ReasonNoVideoAccess)
			}
		}
		if d.Allowed && s.agreement.Text != "" && req.Agreement != s.agreement.Digest {
			d = deny(ReasonAgreementRequired)
		}
		if !d.Allowed {
			return nil, denial(d.Reason, s.recordDenied(ctx, tx, denied{actor: p.PersonID, videoID: sh.VideoID, shareID: sh.ID, grantee: sh.GranteeID, action: req.Action, reason: d.Reason}))
		}
		v, err := tx.Videos().Get(ctx, sh.VideoID)
		if err != nil {
			return nil, err
		}
		out.FirstOpen = sh.OpenedAt == nil
		if out.FirstOpen {
			sh.OpenedAt, sh.UpdatedAt = &now, now
			if sh, err = tx.Shares().Update(ctx, sh); err != nil {
				return nil, err
			}
		}
		out.Ticket, out.Claims, err = s.tickets.Issue(Claims{
			TicketID: s.cfg.IDs.NewID(), ShareID: sh.ID, VideoID: sh.VideoID, GranteeID: sh.GranteeID,
			Action: req.Action, ExpiresAt: sh.ExpiresAt,
		}, now)
		if err != nil {
			return nil, err
		}
		out.Video = v.Info()
		details := map[string]string{
			DetailShare: sh.ID, DetailGrantee: sh.GranteeID, DetailAction: req.Action.String(),
			DetailTicket: out.Claims.TicketID, DetailExpiresAt: stamp(out.Claims.ExpiresAt),
		}
		if out.FirstOpen {
			details[DetailFirstOpen] = "true"
		}
		if s.agreement.Text != "" {
			details[DetailAgreement] = s.agreement.Digest
		}
		event := EventViewed
		if req.Action == Download {
			event = EventDownloaded
		}
		return &out, s.record(ctx, tx, audit.Event{ActorID: p.PersonID, Action: event, TargetID: sh.VideoID, Details: details})
	})
}

// denial is what a transaction that denies access for r returns: the
// denial, committing the audit event that records it (recordErr, the
// error of recording it, nil if it was recorded), or recordErr.
func denial(r Reason, recordErr error) error {
	if recordErr != nil {
		return recordErr
	}
	return carenet.Refusal(deny(r).Err())
}

// denied is a refused view, download or use of a ticket, as recordDenied
// records it: who asked, the video, share and grantee concerned (empty
// when unknown), the action asked for, the reason, and details to add.
type denied struct {
	actor, videoID, shareID, grantee string
	action                           Action
	reason                           Reason
	extra                            map[string]string
}

// recordDenied appends an EventAccessDenied.
func (s *Service) recordDenied(ctx context.Context, tx Tx, d denied) error {
	details := map[string]string{DetailShare: d.shareID, DetailAction: d.action.String(), DetailReason: d.reason.String()}
	if d.grantee != "" {
		details[DetailGrantee] = d.grantee
	}
	for k, v := range d.extra {
		details[k] = v
	}
	return s.record(ctx, tx, audit.Event{ActorID: d.actor, Action: EventAccessDenied, TargetID: d.videoID, Details: details})
}
