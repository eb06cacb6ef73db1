package video

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

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
