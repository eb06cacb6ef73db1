package main

import (
	"net/http"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/portal"
)

// meJSON is who the caller is and what the portal gives them, from
// auth.Principal and its portal.Capabilities.
type meJSON struct {
	PersonID string `json:"person_id"`
	Username string `json:"username"`
	// Landing is where the user arrives: "dashboard", "carenet", or ""
	// for a user the portal gives nothing.
	Landing string `json:"landing"`
	// Tabs are the portal tabs the user sees, as the portal names them.
	Tabs []string `json:"tabs"`
	// Capabilities are what the portal lets the user do, in words.
	Capabilities []string `json:"capabilities"`
	// PortalCareNetSwitch is the button that flips between the portal and
	// CareNet.
	PortalCareNetSwitch bool `json:"portal_carenet_switch"`
	// Permissions are the stable names of the user's staff permissions.
	Permissions []string `json:"permissions"`
}

// meOf describes p.
func meOf(p *auth.Principal) meJSON {
	m := meJSON{
		PersonID:            p.PersonID,
		Username:            p.Username,
		Landing:             string(p.Portal.Landing),
		Tabs:                []string{},
		Capabilities:        []string{},
		PortalCareNetSwitch: p.Portal.Has(portal.SwitchPortalCareNet),
		Permissions:         []string{},
	}
	for _, t := range p.Portal.Tabs.List() {
		m.Tabs = append(m.Tabs, t.String())
	}
	for _, c := range p.Portal.List() {
		m.Capabilities = append(m.Capabilities, c.String())
	}
	m.Permissions = append(m.Permissions, p.PermissionNames()...)
	return m
}

// me answers who the caller is: their landing page, tabs and
// capabilities.
func (s *server) me(w http.ResponseWriter, _ *http.Request, p *auth.Principal) {
	writeJSON(w, http.StatusOK, meOf(p))
}
