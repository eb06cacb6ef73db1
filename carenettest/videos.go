package carenettest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/carenet-go/carenet/video"
)

// Video records the upload of a forensic interview video as the
// administrator: client client-N, title "Forensic interview N", recorded
// an hour before the clock's now, 38 minutes, stored at videos/N.mp4.
// change, if given, alters the upload before it is recorded.
func (e *Env) Video(change ...func(*video.NewVideo)) video.Video {
	e.T.Helper()
	n := e.next("video")
	sum := sha256.Sum256(fmt.Appendf(nil, "the bytes of interview %d", n))
	in := video.NewVideo{
		ClientID: fmt.Sprintf("client-%d", n), Title: fmt.Sprintf("Forensic interview %d", n),
		RecordedAt: e.Clock.Now().Add(-time.Hour), Duration: 38 * time.Minute, SizeBytes: 1 << 30,
		ContentType: "video/mp4", SHA256: hex.EncodeToString(sum[:]), StorageKey: fmt.Sprintf("videos/%d.mp4", n),
		InterviewerID: e.Admin.ID(),
	}
	for _, f := range change {
		f(&in)
	}
	v, err := e.Videos.RecordUpload(e.Ctx, e.admin(), in)
	if err != nil {
		e.T.Fatalf("carenettest: record video %q: %v", in.Title, err)
	}
	return v
}

// Share shares v with the portal user grantee in mode, as the
// administrator, from now for the service's default duration. change, if
// given, alters the share before it is made (a start, an expiry, a note).
func (e *Env) Share(v video.Video, grantee User, mode video.Mode, change ...func(*video.NewShare)) video.Share {
	e.T.Helper()
	in := video.NewShare{VideoID: v.ID, GranteeID: grantee.ID(), Mode: mode}
	for _, f := range change {
		f(&in)
	}
	s, err := e.Videos.Share(e.Ctx, e.admin(), in)
	if err != nil {
		e.T.Fatalf("carenettest: share %s with %s: %v", v.ID, grantee.Username, err)
	}
	return s
}
