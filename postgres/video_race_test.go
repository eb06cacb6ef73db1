package postgres_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/video"
)

// TestConcurrentAccessToOneShare: the share row is locked by the access
// that reads it, so simultaneous first opens of one share queue rather
// than fail on its version, exactly one of them is the first open, and a
// revoke racing them lands either before an access (which is then refused)
// or after it, never in between.
func TestConcurrentAccessToOneShare(t *testing.T) {
	s, _ := sharedStore(t)
	svc := videoService(t, s)
	staff, _ := user(t, s, "racestaff")
	_, gp := videoPortalUser(t, s, "racegrantee")
	v := testVideo(uniq("v"), uniq("client"), staff.ID)
	require.NoError(t, s.Video().Update(ctx, func(tx video.Tx) error { return tx.Videos().Create(ctx, v) }))
	sh, err := svc.Share(ctx, sharer(staff.ID), video.NewShare{VideoID: v.ID, GranteeID: gp.PersonID, Mode: video.ViewAndDownload})
	require.NoError(t, err)

	const clicks = 8
	var (
		mu    sync.Mutex
		first int
		errs  []error
	)
	startTogether(times(clicks, func() {
		acc, err := svc.RequestAccess(ctx, gp, video.AccessRequest{ShareID: sh.ID, Action: video.View})
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			errs = append(errs, err)
			return
		}
		if acc.FirstOpen {
			first++
		}
	})...)
	require.Empty(t, errs, "every simultaneous open succeeds")
	require.Equal(t, 1, first, "exactly one is the first open")

	// A revoke racing accesses: whatever the interleaving, no access is
	// recorded after the revoke in the share's chain of custody.
	download := func() {
		_, _ = svc.RequestAccess(ctx, gp, video.AccessRequest{ShareID: sh.ID, Action: video.Download})
	}
	revoke := func() {
		_, err := svc.Revoke(ctx, sharer(staff.ID), sh.ID, "sent to the wrong detective")
		assert.NoError(t, err)
	}
	startTogether(append(times(clicks, download), revoke)...)
	events, err := svc.Custody(ctx, sharer(staff.ID), v.ID)
	require.NoError(t, err)
	revoked := false
	for _, e := range events {
		switch e.Action {
		case video.EventShareRevoked:
			revoked = true
		case video.EventViewed, video.EventDownloaded:
			require.False(t, revoked, "an access was granted after the revoke: %+v", e)
		}
	}
	require.True(t, revoked)
}

// startTogether runs each of fns in a goroutine of its own, lets them all
// go at the same moment and waits until every one has returned.
func startTogether(fns ...func()) {
	start := make(chan struct{})
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(func() {
			<-start
			fn()
		})
	}
	close(start)
	wg.Wait()
}

// times returns n copies of fn.
func times(n int, fn func()) []func() {
	fns := make([]func(), n)
	for i := range fns {
		fns[i] = fn
	}
	return fns
}
