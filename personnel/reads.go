package personnel

import (
	"context"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// logRead records that actor opened the profile of personID, if
// Config.LogReads logs audit.ReadProfile (off by default), in a
// transaction of its own after the read's: one insert that waits for no
// other writer. The caller returns its error instead of the profile.
func (s *Service) logRead(ctx context.Context, actor *auth.Principal, personID string) error {
	return s.rec.RecordRead(ctx, audit.Over(s.store), s.cfg.LogReads, audit.ReadProfile, audit.Event{ActorID: actor.ActorID(), TargetType: audit.TargetPerson, TargetID: personID})
}
