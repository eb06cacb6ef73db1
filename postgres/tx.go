package postgres

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"sync/atomic"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// txn is the one transaction handle of the store: it implements audit.Tx,
// auth.Tx, personnel.Tx, video.Tx, referral.Tx and accessreview.Tx, and
// hands out the repositories, each in a file of its own with the method
// returning it (people.go holds personRepo, shares.go shareRepo and
// txn.Shares, and so on; the first packages' accessors stand below). A
// later package adds its tables in a new migration file, a repository type
// and its accessor in a new file, and a Store method returning
// boundary[its Tx].
type txn struct {
	tx    *sql.Tx
	stmts *statements
	// q is tx seen from the store's schema: what statements run on,
	// through stmts.
	q        queryer
	readOnly bool
	// groups is the store's cache of security groups (groupCache).
	groups *groupCache
	// done is set once the function given to Update or View has returned;
	// every later call through the handle fails.
	done atomic.Bool
	// lostRace is set when a statement failed with a serialization failure
	// or a deadlock, so the transaction is retried even if the function
	// swallowed the error.
	lostRace atomic.Bool
	// audited is set when the transaction appended an audit event, so
	// its commit nudges the sealer.
	audited atomic.Bool
	// replay is set when a statement found the connection's prepared
	// statements not to be the store's (statements.stale): the function
	// runs once more, with the statements sent as the store now does.
	replay atomic.Bool
}

func (t *txn) Audit() audit.Repository                      { return auditRepo{t} }
func (t *txn) Accounts() auth.AccountRepository             { return accountRepo{t} }
func (t *txn) SecurityGroups() auth.SecurityGroupRepository { return securityGroupRepo{t} }
func (t *txn) Sessions() auth.SessionRepository             { return sessionRepo{t} }
func (t *txn) PasswordTokens() auth.PasswordTokenRepository { return passwordTokenRepo{t} }
func (t *txn) RecoveryCodes() auth.RecoveryCodeRepository   { return recoveryCodeRepo{t} }
func (t *txn) People() personnel.PersonRepository           { return personRepo{t} }
func (t *txn) PersonnelGroups() personnel.GroupRepository   { return personnelGroupRepo{t} }

// errHandleUsed is returned by calls through a handle whose function has
// returned.
func errHandleUsed(o op) error {
	return carenet.E(o.name, carenet.Internal, "", errors.New("transaction handle used after its function returned"))
}

// db returns what to run a statement on, or an error if the handle is no
// longer valid.
func (t *txn) db(o op) (queryer, error) {
	if t.done.Load() {
		return nil, errHandleUsed(o)
	}
	return t.stmts.on(t.q, o), nil
}

// fail maps err and remembers a lost race.
func (t *txn) fail(ctx context.Context, o op, err error) error {
	if retryable(err) {
		t.lostRace.Store(true)
	}
	if t.stmts.stale(err) {
		t.replay.Store(true)
	}
	return dbError(ctx, o, err)
}

// one runs a statement that returns one row and scans it into dest;
// NotFound when there is no row.
func (t *txn) one(ctx context.Context, o op, q sqlizer, dest ...any) error {
	db, err := t.db(o)
	if err != nil {
		return err
	}
	if err := queryOne(ctx, db, q, dest...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return carenet.E(o.name, carenet.NotFound, o.noun+" not found", errNoRow)
		}
		return t.fail(ctx, o, err)
	}
	return nil
}

// errNoRow is the cause of the NotFound error of a statement that returned
// no row.
var errNoRow = errors.New("no row")

// maybeOne is one for a statement that may return no row (an UPDATE whose
// condition did not hold): found is false then, and err nil.
func (t *txn) maybeOne(ctx context.Context, o op, q sqlizer, dest ...any) (found bool, err error) {
	err = t.one(ctx, o, q, dest...)
	if errors.Is(err, errNoRow) {
		return false, nil
	}
	return err == nil, err
}

// many runs a statement and calls scan for each row.
func (t *txn) many(ctx context.Context, o op, q sqlizer, scan func(rowScanner) error) error {
	db, err := t.db(o)
	if err != nil {
		return err
	}
	if err := queryMany(ctx, db, q, scan); err != nil {
		return t.fail(ctx, o, err)
	}
	return nil
}

// scanAll runs a statement and returns a T for each row, in order, each
// scanned into the columns dest gives for it.
func scanAll[T any](ctx context.Context, t *txn, o op, q sqlizer, dest func(*T) []any) ([]T, error) {
	var out []T
	err := t.many(ctx, o, q, func(row rowScanner) error {
		var v T
		if err := row.Scan(dest(&v)...); err != nil {
			return err
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// exec runs a statement and returns the number of rows it affected.
func (t *txn) exec(ctx context.Context, o op, q sqlizer) (int64, error) {
	db, err := t.db(o)
	if err != nil {
		return 0, err
	}
	n, err := execute(ctx, db, q)
	if err != nil {
		return 0, t.fail(ctx, o, err)
	}
	return n, nil
}

// run runs fn in a transaction: read-write READ COMMITTED for Update,
// REPEATABLE READ READ ONLY for View. It retries fn after a serialization
// failure or deadlock, rolls back on an error or a panic (the panic goes on
// after the rollback) and commits otherwise.
func (s *Store) run(ctx context.Context, readOnly bool, fn func(*txn) error) error {
	name, opts := "postgres.Update", &sql.TxOptions{Isolation: s.isolation}
	if readOnly {
		name, opts = "postgres.View", &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	if err := s.schemaReady(ctx); err != nil {
		return err
	}
	replayed := false
	for attempt := 0; ; attempt++ {
		again, err := s.attempt(ctx, name, opts, fn)
		if err == nil || again == runDone {
			return err
		}
		if again == runReplay {
			// Not a lost race: run once more at once, uncounted.
			if replayed {
				return err
			}
			replayed = true
			attempt--
			continue
		}
		if attempt >= s.retries {
			return carenet.E(name, carenet.Conflict, "the change clashed with concurrent changes; try again", err)
		}
		if err := pause(ctx, s.backoff, attempt); err != nil {
			return carenet.E(name, carenet.Canceled, "the request was cancelled", err)
		}
	}
}

// What an attempt that failed calls for.
type rerun int

const (
	// runDone: nothing; the error is the result.
	runDone rerun = iota
	// runRetry: the transaction lost a race; running fn again may succeed.
	runRetry
	// runReplay: a statement found the connection's prepared statements
	// not to be the store's; fn runs again with them re-prepared or off.
	runReplay
)

// again says what the end of t with err calls for.
func (t *txn) again(err error) rerun {
	switch {
	case t.replay.Load():
		return runReplay
	case t.lostRace.Load() || retryable(err):
		return runRetry
	}
	return runDone
}

// attempt runs fn once in a new transaction. again says whether to run fn
// again: the transaction lost a race, or its statements must be sent
// otherwise.
func (s *Store) attempt(ctx context.Context, name string, opts *sql.TxOptions, fn func(*txn) error) (again rerun, err error) {
	o := op{name: name, noun: "transaction"}
	if err := ctx.Err(); err != nil {
		return runDone, dbError(ctx, o, err)
	}
	sqlTx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		if retryable(err) {
			return runRetry, dbError(ctx, o, err)
		}
		return runDone, dbError(ctx, o, err)
	}
	t := &txn{tx: sqlTx, stmts: s.stmts, q: s.on(sqlTx), readOnly: opts.ReadOnly, groups: s.groups}
	committed := false
	defer func() {
		t.done.Store(true)
		if !committed {
			// Also on a panic: the deferred rollback runs and the panic
			// carries on to the caller.
			_ = sqlTx.Rollback()
		}
	}()
	if err := fn(t); err != nil {
		return t.again(err), err
	}
	t.done.Store(true)
	if err := sqlTx.Commit(); err != nil {
		return t.again(err), dbError(ctx, o, err)
	}
	committed = true
	if t.audited.Load() {
		s.committed(ctx)
	}
	return runDone, nil
}

// pause sleeps before retry number attempt+1: base doubled per retry (at
// most 32 times), jittered between half and all of it so that the
// transactions that clashed do not clash again, and cut short by ctx.
func pause(ctx context.Context, base time.Duration, attempt int) error {
	if base <= 0 {
		return ctx.Err()
	}
	limit := base << min(attempt, 5)
	d := limit/2 + rand.N(limit/2+1)
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
