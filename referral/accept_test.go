package referral_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/referral"
)

func TestAcceptNewCase(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindCombined)
	got, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true, Note: "new family"})
	require.NoError(t, err)
	assert.Equal(t, referral.StatusAccepted, got.Status)
	assert.Equal(t, "case-"+r.ID, got.CaseID, "linked to the case the host made")
	assert.Equal(t, 1, k.Hook.created)
	assert.Equal(t, "new family", got.History[len(got.History)-1].Note)

	ev := k.Events(audit.TargetReferral, r.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, referral.EventAccepted, last.Action)
	assert.Equal(t, k.Rev.PersonID, last.ActorID)
	assert.Equal(t, map[string]string{"from": "submitted", "to": "accepted", "case_id": "case-" + r.ID, "new_case": "true", "note": "new family"}, last.Details)
}

func TestAcceptExistingCase(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	k.Hook.matches = []referral.CaseMatch{{CaseID: "case-12", Summary: "Jamie Doe, born 2016-05-14"}}
	got, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{CaseID: "case-12"})
	require.NoError(t, err)
	assert.Equal(t, "case-12", got.CaseID)
	assert.Zero(t, k.Hook.created, "an existing case asks the host for nothing")
	ev := k.Events(audit.TargetReferral, r.ID)
	assert.Equal(t, "false", ev[len(ev)-1].Details["new_case"])
}

func TestAcceptDuplicateClientCheck(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	matches := []referral.CaseMatch{{CaseID: "case-12", Summary: "Jamie Doe, born 2016-05-14, case opened 2025-11-03"}}
	k.Hook.matches = matches

	seen, err := k.Svc.Duplicates(k.Ctx, k.Rev, r.ID)
	require.NoError(t, err)
	assert.Equal(t, matches, seen, "the reviewer sees the matches before deciding")
	_, err = k.Svc.Duplicates(k.Ctx, k.Sam, r.ID)
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))

	_, err = k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	var dup *referral.DuplicatesError
	require.ErrorAs(t, err, &dup)
	assert.Equal(t, matches, dup.Matches)
	assert.Contains(t, carenet.ErrorMessage(err), "possible matches")
	assert.Zero(t, k.Hook.created, "no case is made while matches are unreviewed")
	assert.Equal(t, r, k.open(r.ID), "nothing changed")

	// The reviewer saw them and still wants a new case.
	got, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true, DuplicatesReviewed: true})
	require.NoError(t, err)
	assert.Equal(t, "case-"+r.ID, got.CaseID)
	assert.Equal(t, 1, k.Hook.created)
}

func TestAcceptHostFailures(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)

	k.Hook.fail = errors.New("case database unreachable at 10.0.0.7")
	_, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	assert.NotContains(t, carenet.ErrorMessage(err), "10.0.0.7", "the host's error stays in the logs")
	_, err = k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true, DuplicatesReviewed: true})
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	_, err = k.Svc.Duplicates(k.Ctx, k.Rev, r.ID)
	require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
	k.Hook.fail = nil
	assert.Equal(t, r, k.open(r.ID), "nothing changed")

	for name, caseID := range map[string]string{"empty": "", "control characters": "case\n1", "too long": strings.Repeat("c", referral.MaxCaseIDLength+1)} {
		t.Run("host returns a bad case ID: "+name, func(t *testing.T) {
			svc := referral.NewService(k.Store.Referral(), referral.Config{Clock: k.Clock, Intake: fixedCase(caseID)})
			_, err := svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
			require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
			assert.Equal(t, r, k.open(r.ID))
		})
	}

	t.Run("no hook configured", func(t *testing.T) {
		svc := referral.NewService(k.Store.Referral(), referral.Config{Clock: k.Clock})
		_, err := svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
		require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
		_, err = svc.Duplicates(k.Ctx, k.Rev, r.ID)
		require.Equal(t, carenet.Internal, carenet.ErrorCode(err))
		got, err := svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{CaseID: "case-3"})
		require.NoError(t, err, "an existing case needs no hook")
		assert.Equal(t, "case-3", got.CaseID)
	})
}

// TestAcceptRace changes the referral while the host creates the case: the
// acceptance is refused as stale, and the next try gets the same case from
// the idempotent host.
func TestAcceptRace(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	hook := &racingHook{fakeHook: k.Hook}
	svc := referral.NewService(k.Store.Referral(), referral.Config{Clock: k.Clock, Intake: hook})
	hook.during = func() {
		_, err := k.Svc.Message(k.Ctx, k.Rev, r.ID, r.Version, "We are looking at it.")
		require.NoError(t, err)
	}
	_, err := svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, referral.Decision{NewCase: true})
	require.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
	now := k.open(r.ID)
	assert.Equal(t, referral.StatusSubmitted, now.Status)
	assert.Empty(t, now.CaseID)

	hook.during = nil
	got, err := svc.Accept(k.Ctx, k.Rev, r.ID, now.Version, referral.Decision{NewCase: true})
	require.NoError(t, err)
	assert.Equal(t, "case-"+r.ID, got.CaseID)
	assert.Equal(t, 1, k.Hook.created, "the host made one case")
}

func TestAcceptInput(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	tests := []struct {
		name string
		d    referral.Decision
		want [][2]string
	}{
		{"neither", referral.Decision{}, [][2]string{{"case_id", carenet.RuleRequired}}},
		{"both", referral.Decision{CaseID: "case-1", NewCase: true}, [][2]string{{"case_id", carenet.RuleNotAllowed}}},
		{"case ID with control characters", referral.Decision{CaseID: "case\t1"}, [][2]string{{"case_id", carenet.RuleControlChars}}},
		{"note too long", referral.Decision{CaseID: "case-1", Note: strings.Repeat("n", referral.MaxMessageLength+1)}, [][2]string{{"note", carenet.RuleTooLong}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := k.Svc.Accept(k.Ctx, k.Rev, r.ID, r.Version, tt.d)
			assert.Equal(t, tt.want, problems(t, err))
		})
	}
	_, err := k.Svc.Accept(k.Ctx, k.Rev, "r-missing", 1, referral.Decision{NewCase: true})
	assert.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	assert.Equal(t, r, k.open(r.ID))
	assert.Zero(t, k.Hook.created)
}

// fixedCase is an IntakeHook that finds no duplicates and always returns
// one case ID.
type fixedCase string

func (fixedCase) FindDuplicates(context.Context, referral.Referral) ([]referral.CaseMatch, error) {
	return nil, nil
}

func (f fixedCase) CreateCase(context.Context, referral.Referral) (string, error) {
	return string(f), nil
}

// racingHook runs during, if set, while it creates a case.
type racingHook struct {
	*fakeHook
	during func()
}

func (h *racingHook) CreateCase(ctx context.Context, r referral.Referral) (string, error) {
	if h.during != nil {
		h.during()
	}
	return h.fakeHook.CreateCase(ctx, r)
}
