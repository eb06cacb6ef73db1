// Command quickstart runs the stories of a Children's Advocacy Center on the
// embedded memory store and prints a transcript of what happened: an
// administrator sets up security groups; staff, an intern and outside
// partners get profiles; portal users of each designation log in and see
// their landing page and tabs; a law-enforcement partner submits a referral
// and follows its status while staff accept it; a staff member shares an
// interview video view-only with a prosecutor and with download to a
// detective, whose tickets the storage proxy verifies; the intern's end
// date passes and the sweep deactivates them; their old password and
// session stop working; deleting a used profile is refused; the video's
// chain of custody lists what happened to it; and the audit chain verifies.
//
// It exits with status 0 only if every step behaved as expected.
//
//	go run ./examples/quickstart
//
// examples/postgres tells the same story on PostgreSQL.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/carenet-go/carenet/internal/story"
	"github.com/carenet-go/carenet/memory"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart failed:", err)
		os.Exit(1)
	}
}

// run tells the story on a new memory store.
func run(ctx context.Context, w io.Writer) error {
	return story.Run(ctx, w, memory.New())
}
