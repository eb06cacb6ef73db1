package referral_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/referral"
)

var errAuditDown = errors.New("audit log unavailable")

// auditTx is a referral.Tx whose audit log is the one given.
type auditTx struct {
	referral.Tx
	log audit.Repository
}

func (t auditTx) Audit() audit.Repository { return t.log }

// brokenAudit returns store with an audit log that refuses appends while
// the returned switch is on, as a database might mid-transaction.
func brokenAudit(store referral.Store) (referral.Store, *testkit.FailingAudit) {
	return testkit.FailAudit(store, errAuditDown, func(tx referral.Tx, log audit.Repository) referral.Tx { return auditTx{tx, log} })
}

// TestEveryChangeIsAuditedInItsTransaction makes the audit log fail under
// every change the Service makes: the change must fail with it and leave
// the referral (and its merge target) exactly as it was. With the log
// working again, the same call succeeds and adds its events.
func TestEveryChangeIsAuditedInItsTransaction(t *testing.T) {
	k := newKit(t)
	store, auditLog := brokenAudit(k.Store.Referral())
	svc := referral.NewService(store, referral.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("a"), Intake: k.Hook})
	into := k.submit(k.Rob, referral.KindLE)

	draft := func() referral.Referral {
		r, err := k.Svc.SaveDraft(k.Ctx, k.Rita, "", form(referral.KindLE))
		require.NoError(t, err)
		return r
	}
	submitted := func() referral.Referral { return k.submit(k.Rita, referral.KindLE) }
	sentBack := func() referral.Referral {
		return k.moved(func(r referral.Referral) (referral.Referral, error) {
			return k.Svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "more")
		})
	}
	type result struct {
		r   referral.Referral
		err error
	}
	tests := []struct {
		name   string
		setup  func() referral.Referral
		run    func(r referral.Referral) (referral.Referral, error)
		events int // the events it adds to the log when it succeeds
	}{
		{"edit", draft, func(r referral.Referral) (referral.Referral, error) {
			return svc.Edit(k.Ctx, k.Rita, r.ID, r.Version, form(referral.KindCPS))
		}, 1},
		{"submit a draft", draft, func(r referral.Referral) (referral.Referral, error) {
			return svc.SubmitDraft(k.Ctx, k.Rita, r.ID, r.Version, "")
		}, 1},
		{"resubmit", sentBack, func(r referral.Referral) (referral.Referral, error) {
			return svc.SubmitDraft(k.Ctx, k.Rita, r.ID, r.Version, "done")
		}, 1},
		{"discard a draft", draft, func(r referral.Referral) (referral.Referral, error) {
			return svc.DiscardDraft(k.Ctx, k.Rita, r.ID, r.Version)
		}, 1},
		{"mark under review", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.MarkUnderReview(k.Ctx, k.Rev, r.ID, r.Version)
		}, 1},
		{"request information", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.RequestInfo(k.Ctx, k.Rev, r.ID, r.Version, "which school?")
		}, 1},
		{"reject", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Reject(k.Ctx, k.Rev, r.ID, r.Version, "not ours")
		}, 1},
		{"message", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "booked")
		}, 1},
		{"accept into a case", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{CaseID: "case-1"})
		}, 1},
		{"accept into a new case", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
		}, 1},
		{"merge", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Merge(k.Ctx, k.Rev, r.ID, r.Version, into.ID, "same incident")
		}, 2},
		{"delete", submitted, func(r referral.Referral) (referral.Referral, error) {
			return svc.Delete(k.Ctx, k.Rev, r.ID, r.Version, "test entry")
		}, 1},
	}
	// stored reads a referral as it is stored, drafts included.
	stored := func(id string) referral.Referral {
		var r referral.Referral
		require.NoError(t, k.Store.Referral().View(k.Ctx, func(tx referral.Tx) error {
			var err error
			r, err = tx.Referrals().Get(k.Ctx, id)
			return err
		}))
		return r
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.setup()
			before, target := stored(r.ID), stored(into.ID)
			events := len(k.Events("", ""))

			auditLog.Fail(true)
			_, err := tt.run(r)
			auditLog.Fail(false)
			require.ErrorIs(t, err, errAuditDown)
			assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
			assert.Equal(t, before, stored(r.ID), "the change was undone with its audit event")
			assert.Equal(t, target, stored(into.ID), "the merge target too")
			assert.Len(t, k.Events("", ""), events)

			_, err = tt.run(r)
			require.NoError(t, err)
			assert.Len(t, k.Events("", ""), events+tt.events)
		})
	}

	t.Run("new referrals", func(t *testing.T) {
		events := len(k.Events("", ""))
		mineBefore, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{Limit: referral.MaxLimit})
		require.NoError(t, err)
		auditLog.Fail(true)
		for _, call := range []result{
			func() result {
				r, err := svc.Submit(k.Ctx, k.Rita, "k-1", form(referral.KindLE))
				return result{r, err}
			}(),
			func() result {
				r, err := svc.SaveDraft(k.Ctx, k.Rita, "k-2", form(referral.KindLE))
				return result{r, err}
			}(),
		} {
			assert.ErrorIs(t, call.err, errAuditDown)
		}
		auditLog.Fail(false)
		mineAfter, err := k.Svc.Mine(k.Ctx, k.Rita, referral.MineQuery{Limit: referral.MaxLimit})
		require.NoError(t, err)
		assert.Equal(t, mineBefore, mineAfter, "no referral was stored")
		assert.Len(t, k.Events("", ""), events)
		r, err := svc.Submit(k.Ctx, k.Rita, "k-1", form(referral.KindLE))
		require.NoError(t, err, "the key was not taken by the failed call")
		assert.Equal(t, []string{string(referral.EventSubmitted)}, k.actions(r.ID))
	})
	k.VerifyAudit()
}
