package referral_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/referral"
)

func TestOpeningAReferralIsLoggedByDefault(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)

	_, err := k.Svc.Open(k.Ctx, k.Rev, r.ID)
	require.NoError(t, err)
	k.RequireRead(audit.EventReferralRead, 0, k.Rev.PersonID, audit.TargetReferral, r.ID)

	_, err = k.Svc.GetMine(k.Ctx, k.Rita, r.ID)
	require.NoError(t, err)
	k.RequireRead(audit.EventReferralRead, 1, k.Rita.PersonID, audit.TargetReferral, r.ID)
}

func TestReferralReadsTurnedOffAreNotLogged(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	quiet := referral.NewService(k.Store.Referral(), referral.Config{Clock: k.Clock, LogReads: audit.NoReads})
	_, err := quiet.Open(k.Ctx, k.Rev, r.ID)
	require.NoError(t, err)
	_, err = quiet.GetMine(k.Ctx, k.Rita, r.ID)
	require.NoError(t, err)
	require.Empty(t, k.Reads(audit.EventReferralRead))
}

func TestRefusedReferralReadsAreNotLoggedAsAccess(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	_, err := k.Svc.Open(k.Ctx, k.Rita, r.ID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
	_, err = k.Svc.GetMine(k.Ctx, k.Rob, r.ID)
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "someone else's referral")
	_, err = k.Svc.Open(k.Ctx, k.Rev, "r-unknown")
	require.Equal(t, carenet.NotFound, carenet.ErrorCode(err))
	require.Empty(t, k.Reads(audit.EventReferralRead))
}

func TestAReadWhoseRecordFailsDisclosesNothing(t *testing.T) {
	k := newKit(t)
	r := k.submit(k.Rita, referral.KindLE)
	store, auditLog := brokenAudit(k.Store.Referral())
	svc := referral.NewService(store, referral.Config{Clock: k.Clock})
	auditLog.Fail(true)
	got, err := svc.Open(k.Ctx, k.Rev, r.ID)
	require.ErrorIs(t, err, errAuditDown)
	require.Equal(t, referral.Referral{}, got, "no referral without its access event")
	mine, err := svc.GetMine(k.Ctx, k.Rita, r.ID)
	require.ErrorIs(t, err, errAuditDown)
	require.Equal(t, referral.Referral{}, mine)
	auditLog.Fail(false)
	require.Empty(t, k.Reads(audit.EventReferralRead))
}
