package video_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/video"
)

var errAuditDown = errors.New("audit log unavailable")

// auditTx is a video.Tx whose audit log is the one given.
type auditTx struct {
	video.Tx
	log audit.Repository
}

func (t auditTx) Audit() audit.Repository { return t.log }

// brokenAudit returns store with an audit log that refuses appends while
// the returned switch is on, as a database might mid-transaction.
func brokenAudit(store video.Store) (video.Store, *testkit.FailingAudit) {
	return testkit.FailAudit(store, errAuditDown, func(tx video.Tx, log audit.Repository) video.Tx { return auditTx{tx, log} })
}

// TestCustodyEventsShareTheChangesTransaction makes the audit log fail
// under every custody event: upload, share, revoke, extend, view, download,
// each ticket use and denied attempts. Each call fails with it, hands out no ticket and
// leaves the store as it was; with the log working again the same call
// succeeds and adds exactly its event.
func TestCustodyEventsShareTheChangesTransaction(t *testing.T) {
	k := newKit(t)
	store, auditLog := brokenAudit(k.Store.Video())
	svc, err := video.NewService(store, video.Config{Clock: k.Clock, IDs: carenet.SequentialIDs("x"), Tickets: testTickets()})
	require.NoError(t, err)
	download := k.share(k.Val.ID, video.ViewAndDownload)
	viewOnly, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.upload("client-2", "Second").ID, GranteeID: k.Val.ID, Mode: video.ViewOnly})
	require.NoError(t, err)
	acc, err := k.access(k.ValP, download.ID, video.View)
	require.NoError(t, err)
	dl, err := k.access(k.ValP, download.ID, video.Download)
	require.NoError(t, err)
	unopened, err := k.Video.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.upload("client-3", "Third").ID, GranteeID: k.Val.ID, Mode: video.ViewAndDownload})
	require.NoError(t, err)

	// state is everything a call could change: every share of the kit's
	// videos and the client video lists.
	state := func() any {
		var shares [][]video.Share
		var videos [][]video.Video
		for _, client := range []string{"client-1", "client-2", "client-3", "client-9"} {
			list, err := k.Video.ClientVideos(k.Ctx, k.Admin.Principal, client)
			require.NoError(t, err)
			videos = append(videos, list)
			for _, v := range list {
				s, err := k.Video.Shares(k.Ctx, k.Admin.Principal, v.ID)
				require.NoError(t, err)
				shares = append(shares, s)
			}
		}
		return []any{shares, videos}
	}
	tests := []struct {
		name  string
		event audit.Action
		run   func() error
	}{
		{"record an upload", video.EventRecorded, func() error {
			_, err := svc.RecordUpload(k.Ctx, k.Admin.Principal, newVideo("client-9", "Ninth"))
			return err
		}},
		{"share", video.EventShared, func() error {
			_, err := svc.Share(k.Ctx, k.Admin.Principal, video.NewShare{VideoID: k.V.ID, GranteeID: k.Wes.ID, Mode: video.ViewOnly})
			return err
		}},
		{"extend", video.EventShareExtended, func() error {
			_, err := svc.Extend(k.Ctx, k.Admin.Principal, download.ID, download.ExpiresAt.Add(24*time.Hour))
			return err
		}},
		{"first view", video.EventViewed, func() error {
			got, err := svc.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: unopened.ID, Action: video.View})
			if err == nil && !got.FirstOpen {
				return errors.New("the failed try opened the share")
			}
			if err != nil && got != nil {
				return errors.New("a ticket came with an error")
			}
			return err
		}},
		{"download", video.EventDownloaded, func() error {
			got, err := svc.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: download.ID, Action: video.Download})
			if err != nil && got != nil {
				return errors.New("a ticket came with an error")
			}
			return err
		}},
		{"denied download", video.EventAccessDenied, func() error {
			_, err := svc.RequestAccess(k.Ctx, k.ValP, video.AccessRequest{ShareID: viewOnly.ID, Action: video.Download})
			if errors.Is(err, errAuditDown) {
				return err
			}
			if carenet.ErrorCode(err) != carenet.Forbidden {
				return errors.New("not refused")
			}
			return nil
		}},
		{"denied ticket", video.EventAccessDenied, func() error {
			_, err := svc.VerifyTicket(k.Ctx, acc.Ticket, video.Download)
			if errors.Is(err, errAuditDown) {
				return err
			}
			if !errors.Is(err, video.ErrTicketWrongAction) {
				return errors.New("not refused")
			}
			return nil
		}},
		{"view served", video.EventViewServed, func() error {
			_, err := svc.VerifyTicket(k.Ctx, acc.Ticket, video.View)
			return err
		}},
		{"download served", video.EventDownloadServed, func() error {
			// Refused on the second try if the failed first one had
			// counted the single use.
			_, err := svc.VerifyTicket(k.Ctx, dl.Ticket, video.Download)
			return err
		}},
		{"revoke", video.EventShareRevoked, func() error {
			_, err := svc.Revoke(k.Ctx, k.Admin.Principal, viewOnly.ID, "closed")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before, events := state(), len(k.Events("", ""))
			auditLog.Fail(true)
			err := tt.run()
			auditLog.Fail(false)
			require.ErrorIs(t, err, errAuditDown)
			assert.Equal(t, carenet.Internal, carenet.ErrorCode(err))
			assert.Equal(t, before, state(), "nothing changed without its event")
			assert.Len(t, k.Events("", ""), events)

			require.NoError(t, tt.run())
			ev := k.Events("", "")
			require.Len(t, ev, events+1)
			assert.Equal(t, tt.event, ev[events].Action)
		})
	}
	k.VerifyAudit()
}
