package main

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestClientListNeedsTheHostPermission: the host's own endpoint answers
// only callers whose security groups grant its clients.view: staff and the
// administrator, not a partner in a group without it, nor a Referral User.
func TestClientListNeedsTheHostPermission(t *testing.T) {
	h := newHarness(t, true, true)
	var got clientsJSON
	h.login("srivera").get("/api/clients").status(http.StatusOK).json(&got)
	require.NotNil(t, got.Cases)
	h.login("ada").get("/api/clients").status(http.StatusOK)
	require.Equal(t, "forbidden", h.login("dbrooks").get("/api/clients").status(http.StatusForbidden).apiError().Code)
	require.Equal(t, "forbidden", h.login("rokafor").get("/api/clients").status(http.StatusForbidden).apiError().Code)

	var me meJSON
	h.login("srivera").get("/api/me").status(http.StatusOK).json(&me)
	require.Contains(t, me.Permissions, "clients.view", "the host permission is named like the SDK's")
}
