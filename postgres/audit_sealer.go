package postgres

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/audit"
)

// sealLockKey is the advisory lock a sealer holds while it seals
// ("audit_se" in ASCII) in the default schema: one sealer at a time across
// every process that shares the schema. Another schema's sealers take a
// key of their own (schema.lockKey).
const sealLockKey int64 = 0x61756469745f7365

// sealBatch is the most events one sealing statement moves.
const sealBatch = 1000

// DefaultSealInterval is how often the sealer looks for events to seal
// when no commit has nudged it.
const DefaultSealInterval = 200 * time.Millisecond

// sealer seals committed events into the chain in the background. It
// starts at the store's first audited commit and runs until Close: a
// commit nudges it, and it also wakes every interval, to seal events that
// another process committed and left (it crashed before its own sealer
// ran, say).
type sealer struct {
	interval time.Duration
	start    sync.Once
	nudge    chan struct{}
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

func newSealer(interval time.Duration) *sealer {
	return &sealer{interval: interval, nudge: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{})}
}

// WithSealInterval sets how often the background sealer looks for
// committed events no commit of this store nudged it for (default
// DefaultSealInterval). It bounds the sealing delay of events committed
// by other processes; keep it well under audit.SealBound.
func WithSealInterval(d time.Duration) Option {
	return func(s *Store) {
		if d > 0 {
			s.seal.interval = d
		}
	}
}

// WithSyncSealing makes Update seal the events it appended before it
// returns, so a read right after a write finds its events in the chain.
// It costs each audited write a sealing transaction after its commit;
// without it an event is sealed some tens of milliseconds after its commit, in
// the background. For tests and for hosts that read the log right after
// writing it.
func WithSyncSealing() Option {
	return func(s *Store) { s.syncSeal = true }
}

// WithBackgroundSealer(false) runs no sealer in this Store: its commits
// nudge nothing, and the events it appends are sealed by the sealer of
// another Store sharing the schema (its periodic tick finds them), or
// when the host calls Seal. For a deployment in which one process seals
// for many. The default is true.
func WithBackgroundSealer(on bool) Option {
	return func(s *Store) { s.noSealer = !on }
}

// committed runs after the commit of a transaction that appended events.
func (s *Store) committed(ctx context.Context) {
	if s.syncSeal {
		if _, err := s.sealAll(context.WithoutCancel(ctx), false, false); err == nil {
			return
		}
	}
	if s.noSealer {
		return
	}
	s.seal.start.Do(func() { go s.sealLoop() })
	select {
	case s.seal.nudge <- struct{}{}:
	default:
	}
}

// stopSealer stops the background sealer, if it runs, and waits for it.
func (s *Store) stopSealer() {
	s.seal.stopOnce.Do(func() { close(s.seal.stop) })
	started := true
	s.seal.start.Do(func() { started = false; close(s.seal.done) })
	if started {
		<-s.seal.done
	}
}

// sealGap is the least time between two sealing rounds after nudges:
// the commits of that time are sealed in one batch, one transaction,
// instead of one each.
const sealGap = 50 * time.Millisecond

// sealLoop seals on each nudge and tick until the store closes. A nudge
// within sealGap of the last round waits for the rest of it, so busy
// writers share rounds. When another sealer holds the lock after a nudge,
// it tries again shortly: that sealer may have looked before this store's
// commit.
func (s *Store) sealLoop() {
	defer close(s.seal.done)
	tick := time.NewTicker(s.seal.interval)
	defer tick.Stop()
	var last time.Time
	for {
		nudged := false
		select {
		case <-s.seal.stop:
			return
		case <-s.seal.nudge:
			nudged = true
			if wait := sealGap - time.Since(last); wait > 0 {
				select {
				case <-s.seal.stop:
					return
				case <-time.After(wait):
				}
			}
		case <-tick.C:
		}
		last = time.Now()
		for attempt := 0; ; attempt++ {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			got, err := s.sealAll(ctx, true, !nudged)
			cancel()
			if err != nil && errors.Is(err, errStoreClosed) {
				return
			}
			if got || err != nil || !nudged || attempt >= 50 {
				break
			}
			select {
			case <-s.seal.stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}
}

var errStoreClosed = errors.New("the store is closed")

// Seal seals every event committed before the call and returns the head
// of the chain. It waits for a sealer of another process to finish (on
// the same schema: each schema has a chain and a seal lock of its own).
// Returns Invalid for a schema name ValidateSchemaName refuses, Canceled
// if ctx ends first, Internal on a database failure.
func (s *Store) Seal(ctx context.Context) (audit.Head, error) {
	head, _, err := s.sealRound(ctx, false, false)
	return head, err
}

// sealAll seals what is committed; with try it gives up at once when
// another sealer holds the lock, and reports got false. With peek it
// first looks whether anything is pending.
func (s *Store) sealAll(ctx context.Context, try, peek bool) (got bool, err error) {
	_, got, err = s.sealRound(ctx, try, peek)
	return got, err
}

var sealOp = op{name: "postgres.Seal", noun: "audit log"}

// sealRound seals committed events, a batch per statement, in one
// transaction holding the seal lock, until none is left.
// With peek it first looks whether anything is pending at all.
func (s *Store) sealRound(ctx context.Context, try, peek bool) (head audit.Head, got bool, err error) {
	if s.schema.err != nil {
		return head, false, s.schema.err
	}
	if peek {
		// Idle ticks cost one cheap read, not a transaction.
		var pending bool
		if err := queryOne(ctx, s.pool, psql.Select().Column("EXISTS (SELECT 1 FROM carenet.audit_pending)"), &pending); err != nil {
			if err.Error() == "sql: database is closed" {
				return head, false, errStoreClosed
			}
			return head, false, dbError(ctx, sealOp, err)
		}
		if !pending {
			return head, true, nil
		}
	}
	sqlTx, err := s.db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return head, false, dbError(ctx, sealOp, err)
	}
	defer sqlTx.Rollback()
	tx := s.on(sqlTx)
	// The lock, then the head: a statement's snapshot is taken before it
	// waits for the lock, so the head must be read by the next one, which
	// sees the commit of the sealer before.
	lock := "pg_advisory_xact_lock(?) IS NOT NULL"
	if try {
		lock = "pg_try_advisory_xact_lock(?)"
	}
	if err := queryOne(ctx, tx, psql.Select().Column(lock, s.schema.lockKey(sealLockKey)), &got); err != nil {
		return head, false, dbError(ctx, sealOp, err)
	}
	if !got {
		return head, false, nil
	}
	if err := queryOne(ctx, tx, psql.Select("seq", "hash").From("carenet.audit_head"), &head.Seq, &head.Hash); err != nil {
		return head, true, dbError(ctx, sealOp, err)
	}
	for {
		n, err := sealNext(ctx, tx, &head)
		if err != nil {
			return head, true, dbError(ctx, sealOp, err)
		}
		if n < sealBatch {
			break
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return head, true, dbError(ctx, sealOp, err)
	}
	return head, true, nil
}

// pendingEvent is a pending row.
type pendingEvent struct {
	pos int64
	e   audit.Event
}

// sealNext moves the next batch of committed pending events into the
// chain after *head, in the order of their pos, and advances the head
// record. It returns how many it moved.
func sealNext(ctx context.Context, tx queryer, head *audit.Head) (int, error) {
	take := psql.Delete("carenet.audit_pending").
		Where("pos IN (SELECT pos FROM carenet.audit_pending ORDER BY pos LIMIT ?)", sealBatch).
		Suffix("RETURNING pos, id, at, actor_id, action, target_type, target_id, details")
	var batch []pendingEvent
	err := queryMany(ctx, tx, take, func(row rowScanner) error {
		var p pendingEvent
		var details []byte
		if err := row.Scan(&p.pos, &p.e.ID, timeCol{&p.e.At}, &p.e.ActorID, &p.e.Action, &p.e.TargetType, &p.e.TargetID, &details); err != nil {
			return err
		}
		if err := json.Unmarshal(details, &p.e.Details); err != nil {
			return fmt.Errorf("decoding details of pending event %d: %w", p.pos, err)
		}
		batch = append(batch, p)
		return nil
	})
	if err != nil || len(batch) == 0 {
		return 0, err
	}
	slices.SortFunc(batch, func(a, b pendingEvent) int { return cmp.Compare(a.pos, b.pos) })
	insert := frag.Insert("carenet.audit_events").
		Columns("seq", "id", "at", "actor_id", "action", "target_type", "target_id", "details", "prev_hash", "hash")
	for _, p := range batch {
		e := audit.Seal(p.e, *head)
		details, err := json.Marshal(e.Details)
		if err != nil {
			return 0, fmt.Errorf("encoding details: %w", err)
		}
		insert = insert.Values(e.Seq, e.ID, e.At, e.ActorID, string(e.Action), e.TargetType, e.TargetID, string(details), e.PrevHash, e.Hash)
		*head = e.Head()
	}
	// The events and the head in one statement; the database checks at
	// commit that the head names the last of them.
	advance := psql.Update("carenet.audit_head").SetMap(sq.Eq{"seq": head.Seq, "hash": head.Hash}).
		PrefixExpr(with(cte{"ev", insert}))
	if _, err := execute(ctx, tx, advance); err != nil {
		return 0, err
	}
	return len(batch), nil
}

// secondsToDuration converts seconds as the database reports them.
func secondsToDuration(s float64) time.Duration {
	return time.Duration(s * float64(time.Second))
}
