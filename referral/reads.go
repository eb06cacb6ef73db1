package referral

import (
	"context"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// logRead records that actor opened referral id, if Config.LogReads logs
// audit.ReadReferral (on by default), in a transaction of its own after
// the read's: one insert that waits for no other writer. The caller
// returns its error instead of the referral.
func (s *Service) logRead(ctx context.Context, actor *auth.Principal, id string) error {
	return s.rec.RecordRead(ctx, audit.Over(s.store), s.cfg.LogReads, audit.ReadReferral, audit.Event{ActorID: actor.ActorID(), TargetType: audit.TargetReferral, TargetID: id})
}

// openLogged reads referral id with load in a read transaction, then
// records the read (logRead); the error of either is returned instead of
// the referral.
func (s *Service) openLogged(ctx context.Context, actor *auth.Principal, id string, load func(Tx) (Referral, error)) (Referral, error) {
	out, err := carenet.View(ctx, s.store, load)
	if err == nil {
		err = s.logRead(ctx, actor, id)
	}
	if err != nil {
		return Referral{}, err
	}
	return out, nil
}
