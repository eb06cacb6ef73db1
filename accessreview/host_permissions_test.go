package accessreview_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
)

// TestAccessReviewListsHostPermissions: a host registers clients.view and
// a group grants it; the review lists it among the login's effective
// permissions, and filters on it, as the registry of the service that
// authenticated the reviewer knows it. The Administrator group holds it
// too.
func TestAccessReviewListsHostPermissions(t *testing.T) {
	reg := auth.NewPermissionRegistry()
	clientsView, err := reg.Register("clients.view", "Open client profiles.")
	require.NoError(t, err)
	k := carenettest.New(t, carenettest.WithAuthConfig(func(c *auth.Config) { c.Permissions = reg }))
	review := accessreview.NewService(k.Store.AccessReview(), k.Clock)
	k.User("Cara", "Clinician", "cara", pw, k.Group("Clinicians", auth.ViewPersonnel, clientsView))
	k.User("Sam", "Staff", "sam", pw, k.Group("Intake", auth.ReviewReferrals))

	r, err := review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{})
	require.NoError(t, err)
	perms := map[string][]string{}
	for _, e := range r.Entries {
		perms[e.Username] = e.Permissions
	}
	assert.Equal(t, []string{"personnel.view", "clients.view"}, perms["cara"])
	assert.Contains(t, perms["admin"], "clients.view")
	assert.NotContains(t, perms["sam"], "clients.view")

	r, err = review.Review(k.Ctx, k.Admin.Principal, accessreview.Filter{Permission: "clients.view"})
	require.NoError(t, err, "a host permission is a permission to filter on")
	assert.ElementsMatch(t, []string{"admin", "cara"}, usernames(r))
}
