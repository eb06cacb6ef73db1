package main

import (
	"context"
	"crypto/rand"
	"flag"
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/video"
)

const custodyUsage = "usage: carenet custody export <video-id>"

func cmdCustody(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "export" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			fmt.Fprintln(e.stderr, custodyUsage)
			return flag.ErrHelp
		}
		return fmt.Errorf("%w: %s", errUsage, custodyUsage)
	}
	fs := subFlags(e, "custody export", "<video-id>",
		"Write a video's chain of custody as CSV to standard output: its upload, shares, revocations,\nextensions, tickets issued, each use of a ticket and denied attempts, in order, each row with\nits audit hash. Values are percent-encoded where they hold separators or line breaks, and a\ncell a spreadsheet would run as a formula starts with an apostrophe.")
	if err := parse(fs, args[1:], 1); err != nil {
		return err
	}
	videoID := fs.Arg(0)
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	// The report holds every event committed before it: seal them first.
	if _, err := store.Seal(ctx); err != nil {
		return describe(err)
	}
	svc, err := readOnlyVideos(store.Video())
	if err != nil {
		return err
	}
	st := e.begin("exporting the chain of custody")
	defer st.done()
	events, err := svc.Custody(ctx, operator(auth.ViewVideos), videoID)
	if err != nil {
		return describe(err)
	}
	return video.WriteCustodyCSV(countingWriter{w: e.stdout, s: st, unit: "rows"}, events)
}

// operator is the principal the command acts as: the operator running it,
// who is no person of the SDK, holding only the permissions named. Use it
// only for reads: a change made with it would be recorded with no actor.
// It counts as authenticated now (a custody export needs a recent
// sign-in): the operator has just proved who they are to the machine and
// the database, or could not run the command.
func operator(perms ...auth.Permission) *auth.Principal {
	return &auth.Principal{Permissions: auth.NewPermissionSet(perms...), AuthenticatedAt: carenet.SystemClock.Now()}
}

// readOnlyVideos returns a video service for reading, and for revoking
// the shares of people the command deactivates. The command issues no
// access tickets, so the service signs with a key made for this run and
// thrown away.
func readOnlyVideos(store video.Store) (*video.Service, error) {
	key := make([]byte, video.MinKeyLength)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return video.NewService(store, video.Config{Tickets: video.TicketConfig{KeyID: "unused", Keys: map[string][]byte{"unused": key}}})
}
