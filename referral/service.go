package referral

import (
	"context"
	"log/slog"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/observe"
)

// Config tunes a Service. Zero fields take their defaults.
type Config struct {
	// Clock and IDs default to carenet.SystemClock and carenet.RandomIDs.
	Clock carenet.Clock
	IDs   carenet.IDGenerator
	// Rules are the validation rules submissions are held to.
	Rules Rules
	// Intake is the host's case system, asked when a referral is accepted.
	// Without one, a referral can only be accepted into an existing case
	// the reviewer names.
	Intake IntakeHook
	// Logger, when set, logs each audited outcome (its allow-listed
	// details only) and each failed call, a store failure with its cause.
	// Observer, when set, is told of each call, store transaction and
	// audited outcome, for traces and metrics (see package otelcarenet).
	// Give every service the same two.
	Logger   *slog.Logger
	Observer carenet.Observer
	// LogReads says which reads are recorded as access events: Open and
	// GetMine record audit.ReadReferral, which is on when zero
	// (audit.DefaultReads); audit.NoReads turns it off.
	LogReads audit.ReadKinds
}

// Service runs the referral rules over a Store. Each method checks the
// caller's permission or portal capability, gathers facts in one
// transaction, applies the pure rules (Validate, CheckDraft, Transition,
// MaySubmit) and writes the change and its audit event in that same
// transaction.
type Service struct {
	store Store
	cfg   Config
	rec   audit.Recorder
	obs   *observe.Hooks
}

// NewService returns a Service over store.
func NewService(store Store, cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = carenet.SystemClock
	}
	if cfg.IDs == nil {
		cfg.IDs = carenet.RandomIDs
	}
	obs := observe.New(cfg.Logger, cfg.Observer)
	return &Service{store: observe.Store(obs, "referral", store), cfg: cfg, obs: obs,
		rec: audit.Recorder{Clock: cfg.Clock, IDs: cfg.IDs, Notify: obs.Notify()}}
}

// Page is one page of a list. Next is the cursor of the following page,
// empty on the last.
type Page struct {
	Referrals []Referral
	Next      string
}

// List limits.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

var (
	// errNotFound is the one answer for a referral that does not exist and
	// for one the caller may not see, so the two cannot be told apart.
	errNotFound = &carenet.Error{Code: carenet.NotFound, Op: "referral", Message: "referral not found"}
	errStale    = &carenet.Error{Code: carenet.Conflict, Op: "referral", Message: "the referral was changed by someone else since you opened it; reload it and try again"}
	errFull     = &carenet.Error{Code: carenet.Conflict, Op: "referral", Message: "the referral's history is full"}
)

// get reads a referral, turning the store's NotFound into errNotFound.
func get(ctx context.Context, tx Tx, id string) (Referral, error) {
	r, err := tx.Referrals().Get(ctx, id)
	if carenet.ErrorCode(err) == carenet.NotFound {
		return Referral{}, errNotFound
	}
	return r, err
}

// move applies action to r at now, appending its history entry.
func move(r *Referral, action Action, actorID string, now time.Time, message, note string) error {
	to, err := Transition(r.Status, action)
	if err != nil {
		return err
	}
	if len(r.History) >= MaxHistory {
		return errFull
	}
	r.History = append(r.History, Entry{At: now, Action: action, From: r.Status, To: to, ActorID: actorID, Message: message, Note: note})
	r.Status = to
	r.UpdatedAt = now
	if action == ActionSubmit {
		r.SubmittedAt = &now
	}
	return nil
}

// change is one change of a stored referral.
type change struct {
	action  Action
	message string
	note    string
	// submitter loads the referral as its submitter; otherwise as a
	// reviewer.
	submitter bool
	// prepare runs after the version check, before the transition; it may
	// change the referral and add audit details.
	prepare func(ctx context.Context, tx Tx, r *Referral, details map[string]string) error
}

// apply runs c on the referral id at version in one transaction: load,
// version check, transition check, prepare, transition, store, audit.
func (s *Service) apply(ctx context.Context, actor *auth.Principal, id string, version int64, c change) (Referral, error) {
	out, err := carenet.Update(ctx, s.store, func(tx Tx) (Referral, error) {
		var r Referral
		var err error
		if c.submitter {
			r, err = loadOwn(ctx, tx, id, actor.PersonID)
		} else {
			r, err = loadQueued(ctx, tx, id)
		}
		if err != nil {
			return Referral{}, err
		}
		if r.Version != version {
			return Referral{}, errStale
		}
		if _, err := Transition(r.Status, c.action); err != nil {
			return Referral{}, err
		}
		details := map[string]string{}
		if c.prepare != nil {
			if err := c.prepare(ctx, tx, &r, details); err != nil {
				return Referral{}, err
			}
		}
		return s.save(ctx, tx, r, actor.PersonID, c.action, c.message, c.note, details)
	})
	if err != nil {
		return Referral{}, err
	}
	if c.submitter {
		return ForSubmitter(out), nil
	}
	return out, nil
}

// save moves r by action, stores it and records the audit event with
// details (from, to, message and note added).
func (s *Service) save(ctx context.Context, tx Tx, r Referral, actorID string, action Action, message, note string, details map[string]string) (Referral, error) {
	from := r.Status
	if err := move(&r, action, actorID, s.cfg.Clock.Now(), message, note); err != nil {
		return Referral{}, err
	}
	out, err := tx.Referrals().Update(ctx, r)
	if err != nil {
		return Referral{}, err
	}
	if err := s.record(ctx, tx, event{actorID: actorID, action: action, id: out.ID, from: from, to: out.Status, message: message, note: note, details: details}); err != nil {
		return Referral{}, err
	}
	return out, nil
}

// event is what record writes of an action on a referral: who took the
// action, on which referral, the status before and after, and the
// message to the referrer and internal note when given; details are the
// action's own.
type event struct {
	actorID       string
	action        Action
	id            string
	from, to      Status
	message, note string
	details       map[string]string
}

// record appends the audit event of e's action (see auditActions) on the
// referral e.id, its details holding "from", "to" and, when given,
// "message" and "note".
func (s *Service) record(ctx context.Context, tx Tx, e event) error {
	details := e.details
	if details == nil {
		details = map[string]string{}
	}
	details["from"], details["to"] = string(e.from), string(e.to)
	if e.message != "" {
		details["message"] = e.message
	}
	if e.note != "" {
		details["note"] = e.note
	}
	_, err := s.rec.Record(ctx, tx.Audit(), audit.Event{ActorID: e.actorID, Action: auditActions[e.action],
		TargetType: audit.TargetReferral, TargetID: e.id, Details: details})
	return err
}

// checkText returns an Invalid error if a message, note or reason breaks
// the text rules.
func checkText(op, name, v string, required bool) error {
	var p carenet.Problems
	if p.Text(name, v, required, MaxMessageLength, true) {
		return nil
	}
	return carenet.E(op, carenet.Invalid, "", p.Err())
}

// today is the calendar day of now in loc, as midnight UTC.
func today(now time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := now.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
