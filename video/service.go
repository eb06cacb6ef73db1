package video

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/observe"
)

// Defaults of Config.
const (
	// DefaultShareDuration is how long a share lasts when no expiry is given.
	DefaultShareDuration = 10 * 24 * time.Hour
	// DefaultMaxShareDuration is the longest a share may last from its start.
	DefaultMaxShareDuration = 365 * 24 * time.Hour
	// MaxAgreementLength is the longest viewer agreement, in characters.
	MaxAgreementLength = 20000
)

// Config tunes a Service. Zero fields take their defaults.
type Config struct {
	// Clock and IDs default to carenet.SystemClock and carenet.RandomIDs.
	Clock carenet.Clock
	IDs   carenet.IDGenerator
	// DefaultShareDuration is a share's length when no expiry is given
	// (DefaultShareDuration, ten days, when 0).
	DefaultShareDuration time.Duration
	// MaxShareDuration is the longest a share may last from its start
	// (DefaultMaxShareDuration, 365 days, when 0). Extending a share stays
	// within it too.
	MaxShareDuration time.Duration
	// Tickets holds the keys that sign access tickets; required.
	Tickets TicketConfig
	// AgreementText, when not empty, is a viewer agreement the grantee must
	// acknowledge before each view or download.
	AgreementText string
	// RefusalInterval bounds how often a refused use of one ticket is
	// recorded in the chain of custody: once per interval for each
	// presenter, action and reason, the others counted (see TallyRefusal).
	// DefaultRefusalInterval (10 minutes) when 0; at least a second, at
	// most MaxRefusalInterval.
	RefusalInterval time.Duration
	// Logger, when set, logs each audited outcome (its allow-listed
	// details only) and each failed call, a store failure with its cause.
	// Observer, when set, is told of each call, store transaction and
	// audited outcome, for traces and metrics (see package otelcarenet).
	// Give every service the same two.
	Logger   *slog.Logger
	Observer carenet.Observer
	// LogReads says which reads are recorded as access events: Get
	// (audit.ReadVideo), MyVideos (audit.ReadMyVideos) and Custody
	// (audit.ReadCustody). All three when zero (audit.DefaultReads);
	// audit.NoReads for none.
	LogReads audit.ReadKinds
}

// Service runs the video rules over a Store. Each method checks the
// caller's permission, gathers facts in a transaction, applies the rules
// and writes its change and its audit event in that same transaction.
type Service struct {
	store     Store
	cfg       Config
	rec       audit.Recorder
	tickets   *Ticketer
	agreement Agreement
	obs       *observe.Hooks
}

// NewService checks cfg and returns a Service over store. Bad ticket keys,
// durations, refusal interval or agreement text are an Invalid error
// naming the field.
func NewService(store Store, cfg Config) (*Service, error) {
	if cfg.Clock == nil {
		cfg.Clock = carenet.SystemClock
	}
	if cfg.IDs == nil {
		cfg.IDs = carenet.RandomIDs
	}
	cfg.DefaultShareDuration = cmp.Or(cfg.DefaultShareDuration, DefaultShareDuration)
	cfg.MaxShareDuration = cmp.Or(cfg.MaxShareDuration, DefaultMaxShareDuration)
	cfg.RefusalInterval = cmp.Or(cfg.RefusalInterval, DefaultRefusalInterval)
	var p carenet.Problems
	if cfg.MaxShareDuration < time.Minute {
		p.Add("MaxShareDuration", carenet.RuleRange, "must be at least a minute")
	}
	if cfg.DefaultShareDuration < time.Minute || cfg.DefaultShareDuration > cfg.MaxShareDuration {
		p.Add("DefaultShareDuration", carenet.RuleRange, "must be at least a minute and at most MaxShareDuration")
	}
	if cfg.RefusalInterval < time.Second || cfg.RefusalInterval > MaxRefusalInterval {
		p.Add("RefusalInterval", carenet.RuleRange, "must be between a second and 24 hours")
	}
	checkTicketConfig(cfg.Tickets, "Tickets.", &p)
	p.Text("AgreementText", cfg.AgreementText, false, MaxAgreementLength, true)
	if err := p.Err(); err != nil {
		return nil, carenet.E("video.NewService", carenet.Invalid, "", err)
	}
	t, err := NewTicketer(cfg.Tickets)
	if err != nil {
		return nil, err
	}
	obs := observe.New(cfg.Logger, cfg.Observer)
	s := &Service{store: observe.Store(obs, "video", store), cfg: cfg, obs: obs, tickets: t,
		rec: audit.Recorder{Clock: cfg.Clock, IDs: cfg.IDs, Notify: obs.Notify()}}
	if cfg.AgreementText != "" {
		s.agreement = Agreement{Text: cfg.AgreementText, Digest: AgreementDigest(cfg.AgreementText)}
	}
	return s, nil
}

// Ticketer returns the service's ticket signer, for a host handler in the
// same process that verifies tickets without the store.
func (s *Service) Ticketer() *Ticketer { return s.tickets }

// Agreement returns the viewer agreement, and false when none is
// configured.
func (s *Service) Agreement() (Agreement, bool) { return s.agreement, s.agreement.Text != "" }

// record appends e, an audit event about the video e.TargetID, through
// tx: its target type is always audit.TargetVideo.
func (s *Service) record(ctx context.Context, tx Tx, e audit.Event) error {
	e.TargetType = audit.TargetVideo
	_, err := s.rec.Record(ctx, tx.Audit(), e)
	return err
}

// stamp formats a time for audit details.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
