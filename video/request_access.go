package video

import (
	"context"
	"errors"
	"strconv"
	"time"

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

// Redemption is a ticket Service.VerifyTicket accepted: its claims and the
// video to stream, storage key included.
type Redemption struct {
	Claims Claims
	Video  Video
	// Use numbers the accepted uses of the ticket, from 1; a download
	// ticket has only one.
	Use int64
}

// VerifyTicket is for the host's handler or storage proxy, before it
// streams a byte: it verifies the ticket for the action want (see
// Ticketer.Verify), checks the store (the share still allows the action
// now, not revoked or expired since the ticket was issued, and the grantee
// is still a video portal user) and counts the use: a download ticket is
// accepted once, a view ticket at most MaxViewTicketUses times (a player's
// range requests); a ticket used up is refused with ErrTicketUsed. It
// returns the claims and the video, whose StorageKey says what to stream.
//
// Every accepted use is recorded in the video's chain of custody in the
// same transaction that accepts it, as EventViewServed or
// EventDownloadServed with the ticket's ID and the use's number; if the
// event cannot be written the ticket is refused. So every reach of the
// video's bytes through the SDK is in its chain of custody: a host
// streams only what VerifyTicket accepted.
//
// A ticket that is malformed or whose signature does not verify is refused
// with its ErrTicket error and not recorded (anyone can send garbage; the
// host should rate-limit). A ticket with a valid signature that is refused
// (expired, for another action, used up, or its share or grantee no
// longer allows it) is recorded as EventAccessDenied with the grantee as
// actor, bounded for a ticket replayed in a loop: once per
// Config.RefusalInterval for each presenter, action and reason, the next
// recorded refusal counting those left out (see TallyRefusal).
//
// A handler that knows who is asking (a session comes with the request)
// uses VerifyTicketFor instead, which also refuses another user's ticket.
func (s *Service) VerifyTicket(ctx context.Context, ticket string, want Action) (_ Redemption, callErr error) {
	defer s.obs.Call(&ctx, "video.VerifyTicket")(&callErr)
	return s.verifyTicket(ctx, ticket, want, "")
}

// VerifyTicketFor is VerifyTicket for a handler that knows who is asking:
// a ticket with a valid signature issued to anyone but p is refused with
// ErrTicketWrongUser, whatever else is wrong with it, and the attempt is
// recorded as EventAccessDenied with p as the actor (reason
// "ticket_wrong_user"). A nil p is Unauthenticated and changes nothing,
// and a p that must enrol a second factor first is refused with
// auth.ErrEnrolSecondFactor and changes nothing.
func (s *Service) VerifyTicketFor(ctx context.Context, p *auth.Principal, ticket string, want Action) (_ Redemption, callErr error) {
	defer s.obs.Call(&ctx, "video.VerifyTicketFor")(&callErr)
	if p == nil || p.PersonID == "" {
		return Redemption{}, deny(ReasonUnauthenticated).Err()
	}
	if err := p.RequireFull(); err != nil {
		return Redemption{}, err
	}
	return s.verifyTicket(ctx, ticket, want, p.PersonID)
}

// verifyTicket verifies a ticket presented by asker ("" when unknown) and,
// in one transaction, decides on its use, counts it and records it.
func (s *Service) verifyTicket(ctx context.Context, ticket string, want Action, asker string) (Redemption, error) {
	now := s.cfg.Clock.Now()
	c, verr := s.tickets.Verify(ticket, want, now)
	if verr != nil && !errors.Is(verr, ErrTicketExpired) && !errors.Is(verr, ErrTicketWrongAction) {
		return Redemption{}, verr
	}
	actor, verifiedBy := c.GranteeID, "ticket"
	if asker != "" {
		actor, verifiedBy = asker, "session"
	}
	return carenet.Update(ctx, s.store, func(tx Tx) (Redemption, error) {
		var out Redemption
		r := ReasonNone
		switch {
		case asker != "" && c.GranteeID != asker:
			r = ReasonTicketWrongUser
		case errors.Is(verr, ErrTicketExpired):
			r = ReasonTicketExpired
		case verr != nil:
			r = ReasonTicketWrongAction
		}
		if r == ReasonNone {
			var err error
			if r, err = s.checkTicketShare(ctx, tx, c, want, now); err != nil {
				return Redemption{}, err
			}
		}
		if r == ReasonNone {
			used, err := tx.Tickets().Hold(ctx, TicketTally{TicketID: c.TicketID, ActorID: c.GranteeID, Action: c.Action})
			if err != nil {
				return Redemption{}, err
			}
			if r = CheckUse(c.Action, used); r == ReasonNone {
				used.Count++
				used.RecordedAt = now
				if err := tx.Tickets().Put(ctx, used); err != nil {
					return Redemption{}, err
				}
				if out.Video, err = tx.Videos().Get(ctx, c.VideoID); err != nil {
					return Redemption{}, err
				}
				out.Claims, out.Use = c, used.Count
				event := EventViewServed
				if c.Action == Download {
					event = EventDownloadServed
				}
				return out, s.record(ctx, tx, audit.Event{ActorID: actor, Action: event, TargetID: c.VideoID, Details: map[string]string{
					DetailShare: c.ShareID, DetailGrantee: c.GranteeID, DetailAction: c.Action.String(),
					DetailTicket: c.TicketID, DetailUse: strconv.FormatInt(used.Count, 10), DetailVerifiedBy: verifiedBy,
				}})
			}
		}
		return Redemption{}, denial(r, s.refuseTicket(ctx, tx, actor, c, want, r, now))
	})
}

// checkTicketShare applies the rule again to the share of a ticket, for
// the grantee as the store has them now. The share is held until the
// transaction ends (see ShareRepository.Get), so a revoke cannot commit
// between this check and the use it allows.
func (s *Service) checkTicketShare(ctx context.Context, tx Tx, c Claims, want Action, now time.Time) (Reason, error) {
	sh, err := tx.Shares().Get(ctx, c.ShareID)
	switch carenet.ErrorCode(err) {
	case "":
	case carenet.NotFound:
		return ReasonNotFound, nil
	default:
		return ReasonNone, err
	}
	if sh.VideoID != c.VideoID || sh.GranteeID != c.GranteeID {
		return ReasonNotFound, nil
	}
	f, err := loadGrantee(ctx, tx, sh.GranteeID)
	if err != nil {
		return ReasonNone, err
	}
	holder := auth.Principal{PersonID: sh.GranteeID, Portal: f.Capabilities(now)}
	return Decide(&holder, sh, want, now).Reason, nil
}

// refuseTicket counts a refused presentation of a ticket with a valid
// signature and records it unless one like it was recorded less than
// Config.RefusalInterval ago (TallyRefusal).
func (s *Service) refuseTicket(ctx context.Context, tx Tx, actor string, c Claims, want Action, r Reason, now time.Time) error {
	t, err := tx.Tickets().Hold(ctx, TicketTally{TicketID: c.TicketID, ActorID: actor, Action: want, Outcome: r})
	if err != nil {
		return err
	}
	t, record, unrecorded := TallyRefusal(t, now, s.cfg.RefusalInterval)
	if err := tx.Tickets().Put(ctx, t); err != nil || !record {
		return err
	}
	extra := map[string]string{DetailTicket: c.TicketID}
	if unrecorded > 0 {
		extra[DetailUnrecorded] = strconv.FormatInt(unrecorded, 10)
	}
	return s.recordDenied(ctx, tx, denied{actor: actor, videoID: c.VideoID, shareID: c.ShareID, grantee: c.GranteeID, action: want, reason: r, extra: extra})
}
