package main

import (
	"net/http"
	"slices"

	"github.com/carenet-go/carenet/auth"
)

// clientsView is the host's own permission that gates its client list.
// The SDK knows nothing of client profiles: the host registers the
// permission beside the SDK's (auth.PermissionRegistry), and security
// groups grant it like any other, so the Referral User group never holds
// it and a partner without CareNet Access cannot use it.
const clientsView = "clients.view"

// hostPermissions is the registry of the host's own permissions, made at
// start-up, before the auth service that holds it.
func hostPermissions() (*auth.PermissionRegistry, error) {
	reg := auth.NewPermissionRegistry()
	if _, err := reg.Register(clientsView, "Open the client list of the case system."); err != nil {
		return nil, err
	}
	return reg, nil
}

// CaseList is the host's case system as the client list sees it.
type CaseList interface {
	// CaseIDs lists the cases, oldest first.
	CaseIDs() []string
}

// CaseIDs lists the cases opened from referrals, oldest first.
func (b *caseBook) CaseIDs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.Clone(b.order)
}

// clientsJSON is the client list: the cases of the host's case system.
type clientsJSON struct {
	Cases []string `json:"cases"`
}

// clients answers the host's client list to a caller who holds
// clients.view, and Forbidden to anyone else.
func (s *server) clients(w http.ResponseWriter, r *http.Request, p *auth.Principal) {
	perm, err := s.cfg.Auth.Permissions().Parse(clientsView)
	if err == nil {
		err = p.Require(perm)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	out := clientsJSON{Cases: []string{}}
	if s.cfg.Cases != nil {
		out.Cases = append(out.Cases, s.cfg.Cases.CaseIDs()...)
	}
	writeJSON(w, http.StatusOK, out)
}
