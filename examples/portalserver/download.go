package main

import (
	"mime"
	"net/http"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

// stream serves a video's bytes to the holder of an access ticket for
// want: /api/videos/view plays it in the page, /api/videos/download saves
// it. The ticket is the credential, as for a storage proxy: the handler
// verifies it with video.Service.VerifyTicket (signature, expiry, action,
// the share and grantee as the store has them now, and the ticket's
// earlier uses) before it reads a byte, and that records the use in the
// video's chain of custody. A caller who also sends a valid session must
// be the ticket's grantee.
//
// A view serves range requests, so a player can seek; each is a use of
// the ticket. A download ticket is used once, so a download is always the
// whole file: a Range header is ignored.
func (s *server) stream(want video.Action) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ticket := r.URL.Query().Get("ticket")
		if ticket == "" {
			s.writeError(w, r, invalid("ticket", carenet.RuleRequired, "is required"))
			return
		}
		// A request that also carries a valid session is checked against
		// it: a forwarded ticket presented by another user is refused and
		// recorded in the video's chain of custody with them as the actor.
		var red video.Redemption
		var err error
		if p, perr := s.principal(r.Context(), r); perr == nil {
			red, err = s.cfg.Videos.VerifyTicketFor(r.Context(), p, ticket, want)
		} else {
			red, err = s.cfg.Videos.VerifyTicket(r.Context(), ticket, want)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v := red.Video
		file, size, err := s.cfg.Blobs.Open(r.Context(), v.StorageKey)
		if err == nil && size != v.SizeBytes {
			err = carenet.Errorf(carenet.Internal, "video %s: stored file is %d bytes, recorded as %d", v.ID, size, v.SizeBytes)
		}
		if err != nil {
			// A video whose file is missing or altered is the host's fault,
			// never the grantee's.
			s.writeError(w, r, &carenet.Error{Code: carenet.Internal, Op: "portalserver.stream", Err: err})
			return
		}
		disposition := "inline"
		if want == video.Download {
			disposition = "attachment"
			r.Header.Del("Range")
			r.Header.Del("If-Range")
		}
		h := w.Header()
		h.Set("Content-Type", v.ContentType)
		h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": fileName(v)}))
		h.Set("ETag", `"`+v.SHA256+`"`)
		h.Set("Cache-Control", "private, no-store")
		http.ServeContent(w, r, "", v.UploadedAt, file)
	}
}

// fileName is a safe download name for v: its title in letters, digits,
// dashes and underscores, and an extension from its media type.
func fileName(v video.Video) string {
	var b strings.Builder
	for _, c := range v.Title {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_':
			b.WriteRune(c)
		case c == ' ' && b.Len() > 0:
			b.WriteByte('_')
		}
		if b.Len() >= 80 {
			break
		}
	}
	name := strings.TrimRight(b.String(), "_")
	if name == "" {
		name = "video"
	}
	ext := ".bin"
	if sub, ok := strings.CutPrefix(strings.ToLower(v.ContentType), "video/"); ok {
		sub, _, _ = strings.Cut(sub, ";")
		if sub = strings.TrimSpace(sub); sub != "" && len(sub) <= 16 && strings.Trim(sub, "abcdefghijklmnopqrstuvwxyz0123456789-") == "" {
			ext = "." + sub
		}
	}
	return name + ext
}
