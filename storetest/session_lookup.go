package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// testSessionLooker checks auth.SessionLooker if the value Auth returns
// implements it.
func testSessionLooker(t *testing.T, s Store) {
	l, ok := s.Auth().(auth.SessionLooker)
	if !ok {
		t.Skip("the store's Auth() value does not implement auth.SessionLooker (optional: auth.Service falls back to a View transaction)")
	}
	want, hash := lookupFixture(t, s)
	got, err := l.LookupSession(ctx, hash)
	require.NoError(t, err)
	requireEqual(t, want, got)
	setState(t, s, want.Holder.PersonID, personnel.Inactive)
	got, err = l.LookupSession(ctx, hash)
	require.NoError(t, err)
	require.False(t, got.Holder.Active, "LookupSession does not see the committed change")
	_, err = l.LookupSession(ctx, hashOf("unknown"))
	requireCode(t, err, carenet.NotFound)
}
