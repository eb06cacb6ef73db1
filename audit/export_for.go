package audit

import (
	"context"
	"io"
	"time"

	"github.com/carenet-go/carenet"
)

// Exporter is the caller of ExportFor: an *auth.Principal is one (audit
// sits below auth and cannot name it).
type Exporter interface {
	// ActorID is the person the export's access event names.
	ActorID() string
	// RequireAuditExport returns nil if the caller may export the log at
	// now, and otherwise the error ExportFor returns. An *auth.Principal
	// needs auth.ViewAudit and a recent sign-in.
	RequireAuditExport(now time.Time) error
}

// errNoExporter refuses ExportFor without a caller.
var errNoExporter = &carenet.Error{Code: carenet.Unauthenticated, Op: "audit.ExportFor", Message: "authentication required"}

// ExportFor is Export for a signed-in caller, the way a host hands the log
// to one of its users: it writes nothing unless who may export at now
// (Exporter.RequireAuditExport: for an *auth.Principal, auth.ViewAudit and
// a sign-in within the window, auth.ErrReauthenticationRequired past it),
// and records the export's access event naming who. A nil who is
// Unauthenticated. The time is that of the Service's Recorder (WithRecorder;
// the system clock by default).
func (s *Service) ExportFor(ctx context.Context, who Exporter, w io.Writer, format Format, q Query) (ExportSummary, error) {
	if who == nil {
		return ExportSummary{}, errNoExporter
	}
	clock := s.rec.Clock
	if clock == nil {
		clock = carenet.SystemClock
	}
	if err := who.RequireAuditExport(clock.Now()); err != nil {
		return ExportSummary{}, err
	}
	return s.ExportAs(ctx, who.ActorID(), w, format, q)
}
