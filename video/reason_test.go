package video_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/video"
)

func TestReasonOf(t *testing.T) {
	for r := video.ReasonUnauthenticated; r.String() != "unknown"; r++ {
		want := r
		if r == video.ReasonNotGrantee {
			want = video.ReasonNotFound // someone else's share reads as missing
		}
		err := video.Decision{Reason: r}.Err()
		if got := video.ReasonOf(err); got != want {
			t.Errorf("ReasonOf(%s's error) = %s, want %s", r, got, want)
		}
		if got := video.ReasonOf(fmt.Errorf("handler: %w", err)); got != want {
			t.Errorf("ReasonOf(wrapped %s) = %s, want %s", r, got, want)
		}
	}
	for _, err := range []error{nil, errors.New("disk full"), carenet.E("op", carenet.Forbidden, "no", nil)} {
		if got := video.ReasonOf(err); got != video.ReasonNone {
			t.Errorf("ReasonOf(%v) = %s, want none", err, got)
		}
	}
}
