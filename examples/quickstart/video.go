package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

// video: Sam records the forensic interview and shares it view-only with
// the prosecutor and with download to the detective; the prosecutor's
// download is refused and the view allowed, and the storage proxy verifies
// each ticket before it streams a byte.
func (c *cast) video(ctx context.Context) error {
	c.section("A staff member shares an interview video")
	// The host stored the file; the SDK keeps its metadata and checksum.
	sum := sha256.Sum256([]byte("the bytes of the recorded interview"))
	var err error
	c.interview, err = c.videos.RecordUpload(ctx, c.sam, video.NewVideo{
		ClientID: "client-jamie-doe", CaseID: c.interviewCase, Title: "Forensic interview, Jamie D.",
		RecordedAt: c.clock.Now().Add(-40 * time.Minute), Duration: 38 * time.Minute, SizeBytes: 1_288_490_188,
		ContentType: "video/mp4", SHA256: hex.EncodeToString(sum[:]), StorageKey: "videos/" + c.interviewCase + "/interview-1.mp4",
		InterviewerID: c.sam.PersonID,
	})
	if err != nil {
		return step("Sam records the upload", err)
	}
	c.ok("Sam records the interview for %s: %q, %s, sha256 %s…", c.interview.CaseID, c.interview.Title, c.interview.Duration, c.interview.SHA256[:12])

	paulID, danaID, ritaID := c.personIDs["pnguyen"], c.personIDs["dbrooks"], c.personIDs["rokafor"]
	toPaul, err := c.videos.Share(ctx, c.sam, video.NewShare{VideoID: c.interview.ID, GranteeID: paulID, Mode: video.ViewOnly,
		Note: "For the charging decision."})
	if err != nil {
		return step("Sam shares the video with Paul", err)
	}
	// A copy that leaves the centre needs a recent sign-in; Sam's was
	// long enough ago that he is asked to sign in again, and does so in
	// the session he has open.
	download := video.NewShare{VideoID: c.interview.ID, GranteeID: danaID, Mode: video.ViewAndDownload}
	_, err = c.videos.Share(ctx, c.sam, download)
	if err := expect(errors.Is(err, auth.ErrReauthenticationRequired), "a download share with a sign-in %s old was not refused: %v",
		c.clock.Now().Sub(c.sam.AuthenticatedAt), err); err != nil {
		return err
	}
	c.ok("sharing it with download needs a recent sign-in; Sam's was %s ago: %q", c.clock.Now().Sub(c.sam.AuthenticatedAt), carenet.ErrorMessage(err))
	if c.sam, err = c.reauthenticate(ctx, "srivera", userPassword); err != nil {
		return err
	}
	toDana, err := c.videos.Share(ctx, c.sam, download)
	if err != nil {
		return step("Sam shares the video with Dana", err)
	}
	c.ok("Sam shares it view-only with %s and with download with %s, until %s",
		c.name(paulID), c.name(danaID), toPaul.ExpiresAt.Format("2006-01-02"))
	if err := expect(toPaul.Mode == video.ViewOnly && toDana.Mode == video.ViewAndDownload, "the shares' modes are %s and %s", toPaul.Mode, toDana.Mode); err != nil {
		return err
	}
	_, err = c.videos.Share(ctx, c.sam, video.NewShare{VideoID: c.interview.ID, GranteeID: ritaID, Mode: video.ViewOnly})
	if err := expect(carenet.ErrorCode(err) == carenet.Invalid && carenet.Validation(err) != nil, "the video was shared with a referral-only user: %v", err); err != nil {
		return err
	}
	c.ok("sharing it with Rita, who has no Video Portal Access, is refused: %s: %s",
		carenet.Validation(err).Problems[0].Field, carenet.Validation(err).Problems[0].Message)

	// The portal emails them; later they log in.
	c.clock.Advance(20 * time.Minute)
	res, err := c.login(ctx, "pnguyen", userPassword)
	if err != nil {
		return err
	}
	paul := res.Principal
	mine, err := c.videos.MyVideos(ctx, paul)
	if err != nil {
		return step("Paul opens My Videos", err)
	}
	if err := expect(len(mine) == 1 && mine[0].Share.ID == toPaul.ID && mine[0].CanView && !mine[0].CanDownload,
		"Paul's My Videos is wrong: %+v", mine); err != nil {
		return err
	}
	c.ok("Paul logs in; his My Videos lists %q: view %v, download %v", mine[0].Video.Title, mine[0].CanView, mine[0].CanDownload)

	_, err = c.videos.RequestAccess(ctx, paul, video.AccessRequest{ShareID: toPaul.ID, Action: video.Download})
	if err := expect(carenet.ErrorCode(err) == carenet.Forbidden, "the prosecutor downloaded a view-only video: %v", err); err != nil {
		return err
	}
	c.ok("Paul's download is denied: %q", carenet.ErrorMessage(err))

	view, err := c.videos.RequestAccess(ctx, paul, video.AccessRequest{ShareID: toPaul.ID, Action: video.View})
	if err != nil {
		return step("Paul views the video", err)
	}
	got, err := c.videos.VerifyTicket(ctx, view.Ticket, video.View)
	if err != nil {
		return step("the storage proxy verifies Paul's ticket", err)
	}
	if err := expect(got.Video.StorageKey == c.interview.StorageKey && got.Claims.GranteeID == paul.PersonID, "the ticket led to %q", got.Video.StorageKey); err != nil {
		return err
	}
	c.ok("Paul's view is allowed: a ticket until %s, which the storage proxy verifies before streaming %s",
		view.Claims.ExpiresAt.Format("15:04:05"), got.Video.StorageKey)
	_, err = c.videos.VerifyTicket(ctx, view.Ticket, video.Download)
	if err := expect(errors.Is(err, video.ErrTicketWrongAction), "a view ticket worked as a download: %v", err); err != nil {
		return err
	}
	c.ok("the same ticket presented for a download is refused: %q", carenet.ErrorMessage(err))

	c.clock.Advance(10 * time.Minute)
	if res, err = c.login(ctx, "dbrooks", userPassword); err != nil {
		return err
	}
	dana := res.Principal
	dl, err := c.videos.RequestAccess(ctx, dana, video.AccessRequest{ShareID: toDana.ID, Action: video.Download})
	if err != nil {
		return step("Dana downloads the video", err)
	}
	if _, err := c.videos.VerifyTicket(ctx, dl.Ticket, video.Download); err != nil {
		return step("the storage proxy verifies Dana's ticket", err)
	}
	c.ok("Dana logs in and downloads it with her own ticket, verified for a download")
	return nil
}
