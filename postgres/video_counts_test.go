package postgres_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/video"
)

// TestVideoStatementCounts measures the statements the video operations
// send, on a connection whose statements are counted: My Videos is one
// statement whatever the number of shares (no statement per share or per
// video), and sharing, revoking and each use of a ticket cost a fixed
// number; a refused ticket replayed inside the refusal interval costs two
// statements and writes no audit event.
func TestVideoStatementCounts(t *testing.T) {
	s, counter := countingStore(t, sharedDB)
	// My Videos' own statements: its access event is one insert in a
	// transaction of its own, counted on referral Open.
	svc, err := video.NewService(s.Video(), video.Config{LogReads: audit.NoReads,
		Tickets: video.TicketConfig{KeyID: "k1", Keys: map[string][]byte{"k1": bytes.Repeat([]byte{'k'}, 32)}}})
	require.NoError(t, err)
	staff, _ := user(t, s, "videostaff")
	grantee, gp := videoPortalUser(t, s, "videograntee")
	actor := sharer(staff.ID)

	// measure runs fn and checks it sent want statements (transaction
	// control aside) in one transaction (BEGIN and COMMIT).
	measure := func(name string, want int, fn func()) {
		t.Helper()
		requireStatements(t, counter, name, want, 2, fn)
	}
	myVideos := func(want int) func() {
		return func() {
			rows, err := svc.MyVideos(ctx, gp)
			require.NoError(t, err)
			require.Len(t, rows, want)
			for _, r := range rows {
				require.Equal(t, grantee.ID, r.Share.GranteeID)
				require.Equal(t, r.Share.VideoID, r.Video.ID, "each share comes with its own video")
			}
		}
	}

	measure("MyVideos, no share", 1, myVideos(0))

	v := testVideo(uniq("v"), uniq("client"), staff.ID)
	require.NoError(t, s.Video().Update(ctx, func(tx video.Tx) error { return tx.Videos().Create(ctx, v) }))
	var sh video.Share
	measure("Share (video, grantee, shares, write, audit)", 6, func() {
		var err error
		sh, err = svc.Share(ctx, actor, video.NewShare{VideoID: v.ID, GranteeID: grantee.ID, Mode: video.ViewAndDownload})
		require.NoError(t, err)
	})
	measure("MyVideos, 1 share", 1, myVideos(1))

	// 49 more shares, each of a video of its own, and 10 the grantee no
	// longer sees (revoked or expired).
	require.NoError(t, s.Video().Update(ctx, func(tx video.Tx) error {
		for i := range 59 {
			w := testVideo(uniq("v"), v.ClientID, staff.ID)
			if err := tx.Videos().Create(ctx, w); err != nil {
				return err
			}
			start := time.Now().Add(-time.Duration(i) * time.Minute)
			if i >= 49 {
				start = start.Add(-30 * 24 * time.Hour) // expired
			}
			share := testShare(uniq("s"), w.ID, grantee.ID, staff.ID, start)
			if i >= 54 {
				share.StartsAt = share.StartsAt.Add(30 * 24 * time.Hour)
				share.ExpiresAt = share.ExpiresAt.Add(30 * 24 * time.Hour)
				share.RevokedAt, share.RevokedBy = &share.CreatedAt, staff.ID // revoked
			}
			if err := tx.Shares().Create(ctx, share); err != nil {
				return fmt.Errorf("share %d: %w", i, err)
			}
		}
		return nil
	}))
	measure("MyVideos, 50 shares", 1, myVideos(50))

	measure("Revoke (share, write, audit)", 3, func() {
		got, err := svc.Revoke(ctx, actor, sh.ID, "sent in error")
		require.NoError(t, err)
		require.NotNil(t, got.RevokedAt)
		require.Equal(t, int64(2), got.Version)
	})
	measure("MyVideos, 49 shares", 1, myVideos(49))

	rows, err := svc.MyVideos(ctx, gp)
	require.NoError(t, err)
	first := rows[0].Share
	measure("Extend (share, write, audit)", 3, func() {
		got, err := svc.Extend(ctx, actor, first.ID, first.ExpiresAt.Add(24*time.Hour))
		require.NoError(t, err)
		require.True(t, first.ExpiresAt.Add(24*time.Hour).Equal(got.ExpiresAt))
	})

	acc, err := svc.RequestAccess(ctx, gp, video.AccessRequest{ShareID: first.ID, Action: video.View})
	require.NoError(t, err)
	measure("VerifyTicket, refusal recorded (tally, audit)", 3, func() {
		_, err := svc.VerifyTicket(ctx, acc.Ticket, video.Download)
		require.ErrorIs(t, err, video.ErrTicketWrongAction)
	})
	measure("VerifyTicket, refusal left unrecorded (tally)", 2, func() {
		_, err := svc.VerifyTicket(ctx, acc.Ticket, video.Download)
		require.ErrorIs(t, err, video.ErrTicketWrongAction)
	})
	measure("VerifyTicket, accepted (share, grantee, tally, video, audit)", 7, func() {
		_, err := svc.VerifyTicket(ctx, acc.Ticket, video.View)
		require.NoError(t, err)
	})
}
