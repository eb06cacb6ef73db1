package video

import (
	"context"
	"slices"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// logRead records that actor read the target, if Config.LogReads logs
// reads of kind (by default it logs every kind video serves), in a
// transaction of its own after the read's: one insert that waits for no
// other writer. The caller returns its error instead of what was read.
func (s *Service) logRead(ctx context.Context, actor *auth.Principal, kind audit.ReadKinds, targetType, targetID string) error {
	return s.rec.RecordRead(ctx, audit.Over(s.store), s.cfg.LogReads, kind, audit.Event{ActorID: actor.ActorID(), TargetType: targetType, TargetID: targetID})
}

// withoutReads drops access events from a chain of custody: who opened
// the video's information or a custody report is the audit log's access
// record (audit.IsRead), not the custody of the video itself, whose every
// view and download the report holds.
func withoutReads(events []audit.Event) []audit.Event {
	return slices.DeleteFunc(events, func(e audit.Event) bool { return audit.IsRead(e.Action) })
}
