package auth_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// TestExportForNeedsAuditViewAndARecentSignIn: ExportFor writes nothing
// and records nothing for no caller (Unauthenticated), for a caller
// without audit.view (Forbidden), or for one whose sign-in is as old as
// the window (ErrReauthenticationRequired); after Reauthenticate the
// export is written and its access event names the caller.
func TestExportForNeedsAuditViewAndARecentSignIn(t *testing.T) {
	k := carenettest.New(t)
	svc := audit.NewService(k.Store.Audit(), audit.WithRecorder(audit.Recorder{Clock: k.Clock}))
	k.User("Rex", "Reader", "rreader", userPassword, k.Group("Readers", auth.ViewPersonnel))
	reader := k.LoginAs("rreader", userPassword).Principal
	res := k.LoginAs("admin", carenettest.Password)
	k.Clock.Advance(auth.DefaultReauthWindow)
	stale, err := k.Auth.Authenticate(k.Ctx, res.Token)
	require.NoError(t, err)

	events := k.EventCount()
	var out bytes.Buffer
	_, err = svc.ExportFor(k.Ctx, nil, &out, audit.CSV, audit.Query{})
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err))
	_, err = svc.ExportFor(k.Ctx, (*auth.Principal)(nil), &out, audit.CSV, audit.Query{})
	assert.Equal(t, carenet.Unauthenticated, carenet.ErrorCode(err), "a nil principal")
	_, err = svc.ExportFor(k.Ctx, k.Fresh(reader), &out, audit.CSV, audit.Query{})
	assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "no audit.view")
	_, err = svc.ExportFor(k.Ctx, stale, &out, audit.CSV, audit.Query{})
	require.ErrorIs(t, err, auth.ErrReauthenticationRequired)
	assert.Equal(t, carenet.ReauthenticationRequired, carenet.ErrorCode(err))
	assert.Zero(t, out.Len(), "nothing written")
	assert.Equal(t, events, k.EventCount(), "nothing recorded")

	fresh := k.ReauthenticateToken(res.Token, carenettest.Password)
	sum, err := svc.ExportFor(k.Ctx, fresh, &out, audit.CSV, audit.Query{})
	require.NoError(t, err)
	assert.Positive(t, sum.Events)
	assert.Contains(t, out.String(), string(auth.EventReauthenticated))
	reads := k.Reads(audit.EventExportRead)
	require.Len(t, reads, 1)
	assert.Equal(t, fresh.PersonID, reads[0].ActorID)
	assert.Equal(t, k.Clock.Now(), reads[0].At)
}
