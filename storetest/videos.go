package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

var videoCases = []testCase{
	{"CreateAndGet", testVideoCreateAndGet},
	{"CreateDuplicateID", testVideoCreateDuplicate},
	{"CreateUnknownPerson", testVideoCreateUnknownPerson},
	{"GetNotFound", testVideoGetNotFound},
	{"ListByClient", testVideoListByClient},
	{"ViewCannotWrite", testVideoViewCannotWrite},
	{"Rollback", testVideoRollback},
}

// NewVideo returns a video of the client uploaded by nobody in particular
// (UploadedBy empty), recorded a day before the suite's epoch, for a test
// to adjust and store.
func NewVideo(id, clientID string) video.Video {
	return video.Video{
		ID: id,
		NewVideo: video.NewVideo{
			ClientID:    clientID,
			Title:       "Interview " + id,
			RecordedAt:  at(-24 * time.Hour),
			Duration:    42*time.Minute + 7*time.Second + 250*time.Millisecond,
			SizeBytes:   734003200,
			ContentType: "video/mp4",
			SHA256:      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
			StorageKey:  "s3://videos/" + id + ".mp4",
		},
		UploadedAt: at(0),
	}
}

// createVideo stores videos.
func createVideo(t *testing.T, s Store, videos ...video.Video) {
	t.Helper()
	createEach(t, s.Video(), videos, func(tx video.Tx, v video.Video) error { return tx.Videos().Create(ctx, v) })
}

// getVideo reads a video.
func getVideo(t *testing.T, s Store, id string) video.Video {
	t.Helper()
	return viewValue(t, s.Video(), func(tx video.Tx) (video.Video, error) { return tx.Videos().Get(ctx, id) })
}

// videoWorld stores an interviewer, a grantee and a sharer (people
// "p-ivy", "p-val", "p-sam") and video "v-1" of client "c-1".
func videoWorld(t *testing.T, s Store) video.Video {
	t.Helper()
	createPerson(t, s, NewPerson("p-ivy", "Ivy", "Interviewer"), NewPerson("p-val", "Val", "Viewer"), NewPerson("p-sam", "Sam", "Sharer"))
	v := NewVideo("v-1", "c-1")
	v.InterviewerID, v.UploadedBy = "p-ivy", "p-sam"
	createVideo(t, s, v)
	return v
}

func testVideoCreateAndGet(t *testing.T, s Store) {
	v := videoWorld(t, s)
	v.CaseID = "case-1"
	v.ID = "v-2"
	createVideo(t, s, v)
	requireEqual(t, v, getVideo(t, s, "v-2"))
	// Optional fields may be empty.
	bare := NewVideo("v-3", "c-1")
	createVideo(t, s, bare)
	requireEqual(t, bare, getVideo(t, s, "v-3"))
}

func testVideoCreateDuplicate(t *testing.T, s Store) {
	videoWorld(t, s)
	err := s.Video().Update(ctx, func(tx video.Tx) error {
		v := NewVideo("v-1", "c-2")
		return tx.Videos().Create(ctx, v)
	})
	requireCode(t, err, carenet.Conflict)
	require.Equal(t, "c-1", getVideo(t, s, "v-1").ClientID)
}

func testVideoCreateUnknownPerson(t *testing.T, s Store) {
	videoWorld(t, s)
	for _, change := range []func(*video.Video){
		func(v *video.Video) { v.UploadedBy = "p-missing" },
		func(v *video.Video) { v.InterviewerID = "p-missing" },
	} {
		v := NewVideo("v-2", "c-1")
		change(&v)
		err := s.Video().Update(ctx, func(tx video.Tx) error { return tx.Videos().Create(ctx, v) })
		requireCode(t, err, carenet.NotFound)
	}
	err := s.Video().View(ctx, func(tx video.Tx) error {
		_, err := tx.Videos().Get(ctx, "v-2")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testVideoGetNotFound(t *testing.T, s Store) {
	err := s.Video().View(ctx, func(tx video.Tx) error {
		_, err := tx.Videos().Get(ctx, "v-missing")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testVideoListByClient(t *testing.T, s Store) {
	a := NewVideo("v-a", "c-1")
	b := NewVideo("v-b", "c-1")
	b.RecordedAt = at(time.Hour) // newest
	c := NewVideo("v-c", "c-1")  // same time as a: by ID
	other := NewVideo("v-d", "c-2")
	createVideo(t, s, c, other, a, b)
	view(t, s.Video(), func(tx video.Tx) error {
		got, err := tx.Videos().ListByClient(ctx, "c-1")
		require.NoError(t, err)
		requireEqual(t, []video.Video{b, a, c}, got)
		got, err = tx.Videos().ListByClient(ctx, "c-none")
		require.NoError(t, err)
		require.Empty(t, got)
		return nil
	})
}

func testVideoViewCannotWrite(t *testing.T, s Store) {
	err := s.Video().View(ctx, func(tx video.Tx) error {
		return tx.Videos().Create(ctx, NewVideo("v-1", "c-1"))
	})
	require.Error(t, err)
	err = s.Video().View(ctx, func(tx video.Tx) error {
		_, err := tx.Videos().Get(ctx, "v-1")
		return err
	})
	requireCode(t, err, carenet.NotFound)
}

func testVideoRollback(t *testing.T, s Store) {
	videoWorld(t, s)
	rolledBack(t, s.Video(), func(tx video.Tx) error {
		v := NewVideo("v-2", "c-1")
		v.InterviewerID = "p-ivy"
		return tx.Videos().Create(ctx, v)
	})
	view(t, s.Video(), func(tx video.Tx) error {
		_, err := tx.Videos().Get(ctx, "v-2")
		requireCode(t, err, carenet.NotFound)
		got, err := tx.Videos().ListByClient(ctx, "c-1")
		require.NoError(t, err)
		require.Len(t, got, 1)
		return nil
	})
	requireEqual(t, []personnel.Reference{{Kind: "videos", Count: 1}}, refs(t, s, "p-ivy"), "the rolled-back video leaves no reference behind")
	createVideo(t, s, NewVideo("v-2", "c-1"))
}
