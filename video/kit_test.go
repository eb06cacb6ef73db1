package video_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/video"
)

const pw = "violet-lantern-harbor-92"

// key returns a 32-byte test key made of b.
func key(b byte) []byte { return bytes.Repeat([]byte{b}, 32) }

// testTickets is the ticket configuration of the tests: one key, "k1".
func testTickets() video.TicketConfig {
	return video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": key('1')}}
}

// kit is a carenettest.Env with the video service, a recorded video and two
// video portal users, Val and Wes, logged in.
type kit struct {
	*carenettest.Env
	Video *video.Service
	// V is a recorded video of client "client-1".
	V video.Video
	// Val and Wes are video-only portal users ("Referral User" with the
	// video designation); ValP and WesP their principals, ValTok their
	// session token.
	Val, Wes   personnel.Profile
	ValP, WesP *auth.Principal
	ValTok     string
}

// newKit builds a kit; cfg changes the video configuration.
func newKit(t testing.TB, cfg ...func(*video.Config)) *kit {
	t.Helper()
	return newKitWith(t, nil, cfg...)
}

// newKitWith builds a kit on an Env made with opts; cfg changes the video
// configuration.
func newKitWith(t testing.TB, opts []carenettest.Option, cfg ...func(*video.Config)) *kit {
	t.Helper()
	k := &kit{Env: carenettest.New(t, opts...)}
	c := video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("v"), Tickets: testTickets()}
	for _, f := range cfg {
		f(&c)
	}
	var err error
	if k.Video, err = video.NewService(k.Store.Video(), c); err != nil {
		t.Fatalf("video.NewService: %v", err)
	}
	k.Val = k.portalUser("Val", "Viewer", "vviewer")
	k.Wes = k.portalUser("Wes", "Watcher", "wwatcher")
	res := k.LoginAs("vviewer", pw)
	k.ValP, k.ValTok = res.Principal, res.Token
	k.WesP = k.LoginAs("wwatcher", pw).Principal
	k.V = k.upload("client-1", "Forensic interview 1")
	return k
}

// portalUser creates a video-only portal user.
func (k *kit) portalUser(given, family, username string) personnel.Profile {
	k.T.Helper()
	p := k.User(given, family, username, pw, auth.ReferralUserGroup)
	if _, err := k.Personnel.SetPortalDesignation(k.Ctx, k.Fresh(k.Admin.Principal), p.ID, portal.VideoOnly); err != nil {
		k.T.Fatalf("video designation: %v", err)
	}
	return p
}

// newVideo is a valid upload of a client's interview.
func newVideo(clientID, title string) video.NewVideo {
	return video.NewVideo{
		ClientID:    clientID,
		CaseID:      "case-9",
		Title:       title,
		RecordedAt:  carenettest.Start.Add(-48 * time.Hour),
		Duration:    47 * time.Minute,
		SizeBytes:   1 << 30,
		ContentType: "video/mp4",
		SHA256:      "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08",
		StorageKey:  "videos/" + clientID + "/interview.mp4",
	}
}

// upload records a video as the administrator.
func (k *kit) upload(clientID, title string) video.Video {
	k.T.Helper()
	v, err := k.Video.RecordUpload(k.Ctx, k.Admin.Principal, newVideo(clientID, title))
	if err != nil {
		k.T.Fatalf("record upload: %v", err)
	}
	return v
}

// share shares k.V with the grantee as the administrator.
func (k *kit) share(granteeID string, mode video.Mode) video.Share {
	k.T.Helper()
	s, err := k.Video.Share(k.Ctx, k.Fresh(k.Admin.Principal), video.NewShare{VideoID: k.V.ID, GranteeID: granteeID, Mode: mode})
	if err != nil {
		k.T.Fatalf("share: %v", err)
	}
	return s
}

// access asks for an action on a share as p.
func (k *kit) access(p *auth.Principal, shareID string, a video.Action) (*video.Access, error) {
	return k.Video.RequestAccess(k.Ctx, p, video.AccessRequest{ShareID: shareID, Action: a})
}

// valTicket shares k.V with Val in the mode as the administrator and
// returns the share and the access Val is granted to it for the action;
// the test fails if either is refused.
func (k *kit) valTicket(mode video.Mode, a video.Action) (video.Share, *video.Access) {
	k.T.Helper()
	s := k.share(k.Val.ID, mode)
	acc, err := k.access(k.ValP, s.ID, a)
	if err != nil {
		k.T.Fatalf("request access: %v", err)
	}
	return s, acc
}

// videoEvents returns the audit events about k.V.
func (k *kit) videoEvents() []auditEvent {
	k.T.Helper()
	var out []auditEvent
	for _, e := range k.Events(audit.TargetVideo, k.V.ID) {
		out = append(out, auditOf(e))
	}
	return out
}

// auditOf returns the part of e the tests compare.
func auditOf(e audit.Event) auditEvent {
	return auditEvent{Action: string(e.Action), Actor: e.ActorID, Details: e.Details}
}

// auditEvent is the part of an audit event the tests compare.
type auditEvent struct {
	Action  string
	Actor   string
	Details map[string]string
}

// last returns the last event about k.V.
func (k *kit) last() auditEvent {
	k.T.Helper()
	ev := k.videoEvents()
	if len(ev) == 0 {
		k.T.Fatalf("no events about the video")
	}
	return ev[len(ev)-1]
}
