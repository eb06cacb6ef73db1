package video

import (
	"context"
	"strconv"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// RecordUpload records the metadata of a video the host has stored. It
// needs ManageVideos. Every problem with the input is reported at once in
// one Invalid error (see CheckVideo); an interviewer who is not a known
// person breaks carenet.RuleOneOf on "interviewer_id". The video and its
// audit event (EventRecorded, with the checksum and size) are written in
// one transaction.
func (s *Service) RecordUpload(ctx context.Context, actor *auth.Principal, in NewVideo) (_ Video, callErr error) {
	defer s.obs.Call(&ctx, "video.RecordUpload")(&callErr)
	if err := actor.Require(auth.ManageVideos); err != nil {
		return Video{}, err
	}
	now := s.cfg.Clock.Now()
	var p carenet.Problems
	in = CheckVideo(in, now, &p)
	if err := p.Err(); err != nil {
		return Video{}, carenet.E("video.RecordUpload", carenet.Invalid, "", err)
	}
	v := Video{ID: s.cfg.IDs.NewID(), NewVideo: in, UploadedBy: actor.PersonID, UploadedAt: now}
	err := s.store.Update(ctx, func(tx Tx) error {
		if v.InterviewerID != "" {
			_, err := tx.People().Get(ctx, v.InterviewerID)
			if carenet.ErrorCode(err) == carenet.NotFound {
				var p carenet.Problems
				p.Add("interviewer_id", carenet.RuleOneOf, "is not a known person")
				return carenet.E("video.RecordUpload", carenet.Invalid, "", p.Err())
			}
			if err != nil {
				return err
			}
		}
		if err := tx.Videos().Create(ctx, v); err != nil {
			return err
		}
		details := map[string]string{
			"client": v.ClientID, "sha256": v.SHA256, "size_bytes": strconv.FormatInt(v.SizeBytes, 10),
			"content_type": v.ContentType,
		}
		if v.CaseID != "" {
			details["case"] = v.CaseID
		}
		if v.InterviewerID != "" {
			details["interviewer"] = v.InterviewerID
		}
		return s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventRecorded, TargetID: v.ID, Details: details})
	})
	if err != nil {
		return Video{}, err
	}
	return v, nil
}

// Get returns a video's metadata. It needs ViewVideos.
func (s *Service) Get(ctx context.Context, actor *auth.Principal, id string) (_ Video, callErr error) {
	defer s.obs.Call(&ctx, "video.Get")(&callErr)
	if err := actor.Require(auth.ViewVideos); err != nil {
		return Video{}, err
	}
	v, err := carenet.View(ctx, s.store, func(tx Tx) (Video, error) {
		return tx.Videos().Get(ctx, id)
	})
	if err == nil {
		err = s.logRead(ctx, actor, audit.ReadVideo, audit.TargetVideo, id)
	}
	if err != nil {
		return Video{}, err
	}
	return v, nil
}

// ClientVideos lists a client profile's videos (its videos tab), newest
// recording first. It needs ViewVideos.
func (s *Service) ClientVideos(ctx context.Context, actor *auth.Principal, clientID string) (_ []Video, callErr error) {
	defer s.obs.Call(&ctx, "video.ClientVideos")(&callErr)
	if err := actor.Require(auth.ViewVideos); err != nil {
		return nil, err
	}
	return carenet.View(ctx, s.store, func(tx Tx) ([]Video, error) {
		return tx.Videos().ListByClient(ctx, clientID)
	})
}
