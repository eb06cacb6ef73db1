package main

import (
	"crypto/rand"
	"log/slog"
	"net/http"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/auth/passkey"
	"github.com/carenet-go/carenet/auth/password"
	"github.com/carenet-go/carenet/memory"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// viewerAgreement is the text a grantee accepts before each view or
// download.
const viewerAgreement = "I will view this recording only for the investigation it was shared for. " +
	"I will not copy, record or pass it on, and I will keep any download in my agency's evidence system."

// app is the SDK wired over one memory store, with the host's blob store
// and case system beside it.
type app struct {
	Store     *memory.Store
	Auth      *auth.Service
	People    *personnel.Service
	Videos    *video.Service
	Referrals *referral.Service
	Blobs     *memBlobs
	Cases     *caseBook
}

// appConfig tunes newApp. The zero value is what main runs.
type appConfig struct {
	// Clock defaults to carenet.SystemClock.
	Clock carenet.Clock
	// Hasher hashes passwords; the zero value is the SDK's default.
	Hasher password.Hasher
	// Origins are where the pages are served (http://localhost:8080):
	// passkeys are registered for the RP ID localhost and accepted from
	// these origins only. None: no passkeys.
	Origins []string
}

// rpID is the relying party the example registers passkeys for. WebAuthn
// takes a domain, never an IP address: open the pages on localhost.
const rpID = "localhost"

// newApp makes the services over a new memory store. The keys that sign
// access tickets and seal second-factor secrets are fresh random bytes,
// so tickets and enrolments die with the process, as the store does.
func newApp(cfg appConfig) (*app, error) {
	if cfg.Clock == nil {
		cfg.Clock = carenet.SystemClock
	}
	a := &app{Store: memory.New(), Blobs: newMemBlobs(), Cases: newCaseBook()}
	// A real host loads these keys from its secret store; fresh ones
	// suit a store that lives as long as the process.
	totpKey, key := make([]byte, 32), make([]byte, video.MinKeyLength)
	if _, err := rand.Read(totpKey); err != nil {
		return nil, err
	}
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	perms, err := hostPermissions()
	if err != nil {
		return nil, err
	}
	authCfg := auth.Config{Clock: cfg.Clock, Hasher: cfg.Hasher, TOTPKey: totpKey, Permissions: perms}
	if len(cfg.Origins) > 0 {
		rp, err := passkey.New(passkey.Config{RPID: rpID, RPDisplayName: "CareNet portal", Origins: cfg.Origins})
		if err != nil {
			return nil, err
		}
		authCfg.Passkeys = rp
	}
	if a.Auth, err = auth.NewService(a.Store.Auth(), authCfg); err != nil {
		return nil, err
	}
	a.Videos, err = video.NewService(a.Store.Video(), video.Config{
		Clock:         cfg.Clock,
		Tickets:       video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key}},
		AgreementText: viewerAgreement,
	})
	if err != nil {
		return nil, err
	}
	// A deactivation revokes every video share the person holds.
	a.People = personnel.NewService(a.Store.Personnel(), a.Auth, personnel.Config{Clock: cfg.Clock,
		OnDeactivate: []personnel.DeactivateHook{a.Videos}})
	a.Referrals = referral.NewService(a.Store.Referral(), referral.Config{Clock: cfg.Clock, Intake: a.Cases})
	return a, nil
}

// handler is the HTTP server over the app.
func (a *app) handler(secureCookie, tokenInBody bool, log *slog.Logger) (http.Handler, error) {
	return newServer(Config{
		Auth: a.Auth, Videos: a.Videos, Referrals: a.Referrals, Blobs: a.Blobs, Cases: a.Cases,
		SecureCookie: secureCookie, TokenInBody: tokenInBody, Log: log,
	})
}
