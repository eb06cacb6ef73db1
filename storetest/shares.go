package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

var shareCases = []testCase{
	{"CreateAndGet", testShareCreateAndGet},
	{"CreateDuplicateID", testShareCreateDuplicate},
	{"CreateMissingReferences", testShareCreateMissing},
	{"GetNotFound", testShareGetNotFound},
	{"Update", testShareUpdate},
	{"UpdateKeepsIdentity", testShareUpdateKeepsIdentity},
	{"UpdateStaleVersion", testShareUpdateStale},
	{"UpdateMissing", testShareUpdateMissing},
	{"ListByVideo", testShareListByVideo},
	{"MyVideos", testShareMyVideos},
	{"ViewCannotWrite", testShareViewCannotWrite},
	{"Rollback", testShareRollback},
	{"Isolation", testShareIsolation},
	{"PersonReferences", testShareReferences},
}

// NewShare returns a view-only share of the video with the grantee,
// starting at start and lasting ten days, for a test to adjust and store.
func NewShare(id, videoID, granteeID string, start time.Time) video.Share {
	start = carenet.Timestamp(start)
	return video.Share{
		ID:        id,
		VideoID:   videoID,
		GranteeID: granteeID,
		Mode:      video.ViewOnly,
		StartsAt:  start,
		ExpiresAt: start.Add(10 * 24 * time.Hour),
		CreatedAt: start,
		UpdatedAt: start,
	}
}

// createShare stores shares.
func createShare(t *testing.T, s Store, shares ...video.Share) {
	t.Helper()
	createEach(t, s.Video(), shares, func(tx video.Tx, sh video.Share) error { return tx.Shares().Create(ctx, sh) })
}

// getShare reads a share.
func getShare(t *testing.T, s Store, id string) video.Share {
	t.Helper()
	return viewValue(t, s.Video(), func(tx video.Tx) (video.Share, error) { return tx.Shares().Get(ctx, id) })
}

// myVideos reads the grantee's current shares at now.
func myVideos(t *testing.T, s Store, granteeID string, now time.Time) []video.SharedVideo {
	t.Helper()
	return viewValue(t, s.Video(), func(tx video.Tx) ([]video.SharedVideo, error) { return tx.Shares().MyVideos(ctx, granteeID, now) })
}

// shareIDs returns the IDs of the shares of rows, in order.
func shareIDs(rows []video.SharedVideo) []string {
	return idsOf(rows, func(r video.SharedVideo) string { return r.Share.ID })
}

// fullShare is a share with every field set.
func fullShare() video.Share {
	sh := NewShare("s-1", "v-1", "p-val", at(0))
	sh.SharedBy = "p-sam"
	sh.Mode = video.ViewAndDownload
	sh.Note = "For the MDT meeting.\nPlease do not forward."
	revoked, opened := at(2*time.Hour), at(time.Hour)
	sh.RevokedAt, sh.RevokedBy, sh.RevokeReason = &revoked, "p-sam", "sent in error"
	sh.OpenedAt = &opened
	sh.UpdatedAt = at(2 * time.Hour)
	return sh
}

func testShareCreateAndGet(t *testing.T, s Store) {
	videoWorld(t, s)
	sh := fullShare()
	sh.Version = 7 // ignored: a new share is version 1
	createShare(t, s, sh)
	sh.Version = 1
	requireEqual(t, sh, getShare(t, s, sh.ID))
	bare := NewShare("s-2", "v-1", "p-val", at(time.Minute))
	createShare(t, s, bare)
	bare.Version = 1
	requireEqual(t, bare, getShare(t, s, bare.ID))
}

func testShareCreateDuplicate(t *testing.T, s Store) {
	videoWorld(t, s)
	createShare(t, s, NewShare("s-1", "v-1", "p-val", at(0)))
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		return tx.Shares().Create(ctx, NewShare("s-1", "v-1", "p-sam", at(0)))
	})
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "p-val", getShare(t, s, "s-1").GranteeID)
}

func testShareCreateMissing(t *testing.T, s Store) {
	videoWorld(t, s)
	for name, sh := range map[string]video.Share{
		"video":   NewShare("s-1", "v-missing", "p-val", at(0)),
		"grantee": NewShare("s-1", "v-1", "p-missing", at(0)),
		"sharer":  func() video.Share { sh := NewShare("s-1", "v-1", "p-val", at(0)); sh.SharedBy = "p-missing"; return sh }(),
	} {
		err := s.Video().Update(ctx, func(tx video.Tx) error { return tx.Shares().Create(ctx, sh) })
		requireCode(t, err, carenet.NotFound, "missing %s", name)
	}
	require.Empty(t, myVideos(t, s, "p-val", at(0)))
}

func testShareGetNotFound(t *testing.T, s Store) {
	err := s.Video().View(ctx, func(tx video.Tx) error {
		_, err := tx.Shares().Get(ctx, "s-missing")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testShareUpdate(t *testing.T, s Store) {
	videoWorld(t, s)
	sh := NewShare("s-1", "v-1", "p-val", at(0))
	createShare(t, s, sh)
	sh.Version = 1
	opened, revoked := at(time.Hour), at(2*time.Hour)
	sh.OpenedAt, sh.UpdatedAt = &opened, at(time.Hour)
	got := updateValue(t, s.Video(), func(tx video.Tx) (video.Share, error) {
		return tx.Shares().Update(ctx, sh)
	})
	sh.Version = 2
	requireEqual(t, sh, got)
	requireEqual(t, sh, getShare(t, s, sh.ID))

	sh.ExpiresAt = at(30 * 24 * time.Hour)
	sh.RevokedAt, sh.RevokedBy, sh.RevokeReason, sh.UpdatedAt = &revoked, "p-sam", "done", revoked
	got = updateValue(t, s.Video(), func(tx video.Tx) (video.Share, error) {
		return tx.Shares().Update(ctx, sh)
	})
	sh.Version = 3
	requireEqual(t, sh, got)
	requireEqual(t, sh, getShare(t, s, sh.ID))
}

func testShareUpdateKeepsIdentity(t *testing.T, s Store) {
	videoWorld(t, s)
	createVideo(t, s, NewVideo("v-2", "c-1"))
	sh := NewShare("s-1", "v-1", "p-val", at(0))
	createShare(t, s, sh)
	changed := sh
	changed.Version = 1
	changed.VideoID, changed.GranteeID, changed.SharedBy = "v-2", "p-sam", "p-ivy"
	changed.Mode, changed.Note = video.ViewAndDownload, "changed"
	changed.StartsAt, changed.CreatedAt = at(time.Hour), at(time.Hour)
	update(t, s.Video(), func(tx video.Tx) error {
		_, err := tx.Shares().Update(ctx, changed)
		return err
	})
	sh.Version = 2
	requireEqual(t, sh, getShare(t, s, sh.ID), "only the changeable fields change")
	require.Equal(t, []string{"s-1"}, shareIDs(myVideos(t, s, "p-val", at(0))))
	require.Empty(t, myVideos(t, s, "p-sam", at(0)))
}

func testShareUpdateStale(t *testing.T, s Store) {
	videoWorld(t, s)
	sh := NewShare("s-1", "v-1", "p-val", at(0))
	createShare(t, s, sh)
	sh.Version = 1
	sh.ExpiresAt = at(48 * time.Hour)
	update(t, s.Video(), func(tx video.Tx) error {
		_, err := tx.Shares().Update(ctx, sh)
		return err
	})
	sh.ExpiresAt = at(72 * time.Hour) // still version 1
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		_, err := tx.Shares().Update(ctx, sh)
		return err
	})
	requireCode(t, err, carenet.Conflict)
	require.True(t, at(48*time.Hour).Equal(getShare(t, s, "s-1").ExpiresAt))
}

func testShareUpdateMissing(t *testing.T, s Store) {
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		_, err := tx.Shares().Update(ctx, NewShare("s-missing", "v-1", "p-val", at(0)))
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testShareListByVideo(t *testing.T, s Store) {
	videoWorld(t, s)
	createVideo(t, s, NewVideo("v-2", "c-1"))
	first := NewShare("s-b", "v-1", "p-val", at(0))
	sameTime := NewShare("s-c", "v-1", "p-sam", at(0))
	later := fullShare() // revoked
	later.ID, later.CreatedAt = "s-a", at(time.Hour)
	other := NewShare("s-d", "v-2", "p-val", at(0))
	createShare(t, s, later, other, sameTime, first)
	view(t, s.Video(), func(tx video.Tx) error {
		got, err := tx.Shares().ListByVideo(ctx, "v-1")
		require.NoError(t, err)
		var ids []string
		for _, sh := range got {
			ids = append(ids, sh.ID)
		}
		require.Equal(t, []string{"s-b", "s-c", "s-a"}, ids, "oldest first, then by ID; revoked ones included")
		got, err = tx.Shares().ListByVideo(ctx, "v-none")
		require.NoError(t, err)
		require.Empty(t, got)
		return nil
	})
}

func testShareMyVideos(t *testing.T, s Store) {
	v1 := videoWorld(t, s)
	v2 := NewVideo("v-2", "c-2")
	v2.CaseID = "case-2"
	createVideo(t, s, v2)
	now := at(5 * 24 * time.Hour)

	active := NewShare("s-active", "v-1", "p-val", at(0))
	tie := NewShare("s-tie", "v-2", "p-val", at(0)) // same start: by ID
	scheduled := NewShare("s-scheduled", "v-2", "p-val", now.Add(time.Hour))
	endsNow := NewShare("s-ends-now", "v-1", "p-val", at(0))
	endsNow.ExpiresAt = now
	endsSoon := NewShare("s-ends-soon", "v-1", "p-val", at(0))
	endsSoon.ExpiresAt = now.Add(time.Microsecond)
	revoked := NewShare("s-revoked", "v-1", "p-val", at(time.Hour))
	r := at(2 * time.Hour)
	revoked.RevokedAt = &r
	someoneElse := NewShare("s-other", "v-1", "p-sam", at(0))
	createShare(t, s, active, tie, scheduled, endsNow, endsSoon, revoked, someoneElse)

	got := myVideos(t, s, "p-val", now)
	require.Equal(t, []string{"s-scheduled", "s-active", "s-ends-soon", "s-tie"}, shareIDs(got),
		"not revoked, expiring after now, scheduled included; latest start first, then by ID")
	active.Version, tie.Version = 1, 1
	requireEqual(t, active, got[1].Share)
	requireEqual(t, v1, got[1].Video, "each share with its video")
	requireEqual(t, tie, got[3].Share)
	requireEqual(t, v2, got[3].Video)
	require.Empty(t, myVideos(t, s, "p-ivy", now))
	require.Empty(t, myVideos(t, s, "p-missing", now))
}

func testShareViewCannotWrite(t *testing.T, s Store) {
	videoWorld(t, s)
	createShare(t, s, NewShare("s-1", "v-1", "p-val", at(0)))
	sh := getShare(t, s, "s-1")
	err := s.Video().View(ctx, func(tx video.Tx) error {
		return tx.Shares().Create(ctx, NewShare("s-2", "v-1", "p-val", at(0)))
	})
	require.Error(t, err)
	err = s.Video().View(ctx, func(tx video.Tx) error {
		changed := sh
		changed.ExpiresAt = at(time.Hour)
		_, err := tx.Shares().Update(ctx, changed)
		return err
	})
	require.Error(t, err)
	requireEqual(t, sh, getShare(t, s, "s-1"))
	require.Equal(t, []string{"s-1"}, shareIDs(myVideos(t, s, "p-val", at(0))))
}

func testShareRollback(t *testing.T, s Store) {
	videoWorld(t, s)
	sh := NewShare("s-1", "v-1", "p-val", at(0))
	createShare(t, s, sh)
	sh.Version = 1
	rolledBack(t, s.Video(), func(tx video.Tx) error {
		require.NoError(t, tx.Shares().Create(ctx, NewShare("s-2", "v-1", "p-val", at(time.Hour))))
		revoked := sh
		r := at(time.Hour)
		revoked.RevokedAt = &r
		_, err := tx.Shares().Update(ctx, revoked)
		return err
	})
	requireEqual(t, sh, getShare(t, s, "s-1"))
	require.Equal(t, []string{"s-1"}, shareIDs(myVideos(t, s, "p-val", at(0))))
	view(t, s.Video(), func(tx video.Tx) error {
		_, err := tx.Shares().Get(ctx, "s-2")
		requireCode(t, err, carenet.NotFound)
		all, err := tx.Shares().ListByVideo(ctx, "v-1")
		require.NoError(t, err)
		require.Len(t, all, 1)
		return nil
	})
	createShare(t, s, NewShare("s-2", "v-1", "p-val", at(time.Hour)))
}

func testShareIsolation(t *testing.T, s Store) {
	videoWorld(t, s)
	sh := fullShare()
	createShare(t, s, sh)
	// Changing what was passed in changes nothing stored.
	*sh.RevokedAt, *sh.OpenedAt = at(9*time.Hour), at(9*time.Hour)
	got := getShare(t, s, "s-1")
	require.True(t, at(2*time.Hour).Equal(*got.RevokedAt))
	require.True(t, at(time.Hour).Equal(*got.OpenedAt))

	// Nor does changing what came out.
	*got.RevokedAt, *got.OpenedAt = at(8*time.Hour), at(8*time.Hour)
	open := NewShare("s-2", "v-1", "p-val", at(0))
	o := at(time.Minute)
	open.OpenedAt = &o
	createShare(t, s, open)
	rows := myVideos(t, s, "p-val", at(0))
	require.Len(t, rows, 1)
	*rows[0].Share.OpenedAt = at(8 * time.Hour)
	view(t, s.Video(), func(tx video.Tx) error {
		all, err := tx.Shares().ListByVideo(ctx, "v-1")
		require.NoError(t, err)
		for _, sh := range all {
			*sh.OpenedAt = at(8 * time.Hour)
		}
		return nil
	})
	got = getShare(t, s, "s-1")
	require.True(t, at(2*time.Hour).Equal(*got.RevokedAt))
	require.True(t, at(time.Hour).Equal(*got.OpenedAt))
	require.True(t, at(time.Minute).Equal(*getShare(t, s, "s-2").OpenedAt))
}

func testShareReferences(t *testing.T, s Store) {
	videoWorld(t, s)
	createPerson(t, s, NewPerson("p-wes", "Wes", "Watcher"))
	granted := NewShare("s-1", "v-1", "p-val", at(0))
	granted.SharedBy = "p-sam"
	again := NewShare("s-2", "v-1", "p-val", at(time.Hour))
	again.SharedBy = "p-sam"
	self := NewShare("s-3", "v-1", "p-sam", at(0)) // granted to and by p-sam: one share
	self.SharedBy = "p-sam"
	createShare(t, s, granted, again, self)
	requireEqual(t, []personnel.Reference{{Kind: "video_shares", Count: 2}}, refs(t, s, "p-val"))
	requireEqual(t, []personnel.Reference{{Kind: "video_shares", Count: 3}, {Kind: "videos", Count: 1}}, refs(t, s, "p-sam"),
		"shares granted to or by the person, and the video they uploaded")
	requireEqual(t, []personnel.Reference{{Kind: "videos", Count: 1}}, refs(t, s, "p-ivy"), "the interviewer")
	require.Empty(t, refs(t, s, "p-wes"))
}
