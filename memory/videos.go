package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/carenet-go/carenet/video"
)

// Video returns the transaction boundary of package video.
func (s *Store) Video() video.Store { return transactor[video.Tx]{s} }

var _ video.Tx = (*tx)(nil)

// videoState holds package video's records and their indexes.
type videoState struct {
	videos          table[string, video.Video]         // by ID
	videosOfClient  multimap[string, string, struct{}] // client ID → video IDs
	videosOfPerson  multimap[string, string, struct{}] // uploader or interviewer → video IDs
	shares          table[string, video.Share]         // by ID
	sharesOfVideo   multimap[string, string, struct{}] // video ID → share IDs
	sharesOfGrantee multimap[string, string, struct{}] // grantee → share IDs
	sharesBy        multimap[string, string, struct{}] // sharer → share IDs
	tickets         table[ticketKey, video.TicketTally]
}

func cloneVideo(v video.Video) video.Video {
	v.RecordedAt, v.UploadedAt = ts(v.RecordedAt), ts(v.UploadedAt)
	return v
}

// Videos returns the video repository of the transaction.
func (t *tx) Videos() video.VideoRepository { return videos{t} }

type videos struct{ t *tx }

func (r videos) Create(ctx context.Context, v video.Video) error {
	const op = "memory.Videos.Create"
	t := r.t
	vs := &t.st.video
	if err := beginCreate(ctx, t, op, &vs.videos, v.ID, "a video"); err != nil {
		return err
	}
	for _, id := range []string{v.UploadedBy, v.InterviewerID} {
		if id != "" && !t.st.people.has(id) {
			return notFound(op, "person")
		}
	}
	v = cloneVideo(v)
	vs.videos.put(t, v.ID, v)
	vs.videosOfClient.add(t, v.ClientID, v.ID, struct{}{})
	for _, id := range []string{v.UploadedBy, v.InterviewerID} {
		if id != "" {
			vs.videosOfPerson.add(t, id, v.ID, struct{}{})
		}
	}
	return nil
}

func (r videos) Get(ctx context.Context, id string) (video.Video, error) {
	return get(ctx, r.t, "memory.Videos.Get", "video", &r.t.st.video.videos, id, cloneVideo)
}

func (r videos) ListByClient(ctx context.Context, clientID string) ([]video.Video, error) {
	const op = "memory.Videos.ListByClient"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	vs := &r.t.st.video
	ids := vs.videosOfClient.of(clientID)
	out := make([]video.Video, 0, ids.len())
	for id := range ids.keys() {
		out = append(out, cloneVideo(vs.videos.at(id)))
	}
	slices.SortFunc(out, func(a, b video.Video) int {
		return cmp.Or(b.RecordedAt.Compare(a.RecordedAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

// videoReferences counts the video records that refer to a person: shares
// granted to or by them, and videos they uploaded or interviewed in.
func (t *tx) videoReferences(personID string) (shareCount, videoCount int) {
	vs := &t.st.video
	granted := vs.sharesOfGrantee.of(personID)
	shareCount = granted.len()
	for id := range vs.sharesBy.of(personID).keys() {
		if !granted.has(id) {
			shareCount++
		}
	}
	return shareCount, vs.videosOfPerson.of(personID).len()
}
