// Command notifier is a host's notification sender built on the audit
// log's event feed (audit.Service.Follow): the transactional outbox
// pattern with the log as the outbox. It follows the log from the cursor
// it keeps in a file and prints what it would deliver: a video shared
// with a partner, a referral whose status changed, a password link to
// hand over. A real host sends the email or the text message where this
// prints.
//
//	go run ./examples/notifier                      # a demo on the memory store
//	go run ./examples/notifier -dsn postgres://...  # follow a live log
//
// Delivery is at least once and in order: the cursor is written after a
// batch is delivered, so after a crash the batch is delivered again, and
// each notice carries the event's ID for the receiver to drop repeats.
// Only committed events are ever delivered.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/portal"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

func main() {
	dsn := flag.String("dsn", "", "follow the log of this PostgreSQL database (default: a demo on the memory store)")
	cursor := flag.String("cursor", "notifier.cursor", "the file that keeps the cursor (with -dsn)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Stdout, *dsn, *cursor); err != nil && carenet.ErrorCode(err) != carenet.Canceled {
		fmt.Fprintln(os.Stderr, "notifier:", err)
		os.Exit(1)
	}
}

// run follows a live log until ctx ends, or tells the demo story on a
// memory store and delivers its notices until it has caught up.
func run(ctx context.Context, w io.Writer, dsn, cursorFile string) error {
	if dsn == "" {
		// The demo's log is new: so is its cursor.
		dir, err := os.MkdirTemp("", "notifier")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		log, done := demo()
		defer done()
		return follow(ctx, w, log, filepath.Join(dir, "cursor"), true)
	}
	store, err := postgres.Open(dsn)
	if err != nil {
		return err
	}
	defer store.Close()
	return follow(ctx, w, audit.NewService(store.Audit()), cursorFile, false)
}

// demo makes a little history on a memory store: two videos shared with a
// prosecutor, and two LE referrals: one accepted, one under review. It returns the
// store's audit log and the clean-up to run when done.
func demo() (*audit.Service, func()) {
	h := &carenettest.Harness{}
	env := carenettest.New(h)
	prosecutor := env.PortalUser(portal.VideoOnly)
	for i := 0; i < 2; i++ {
		env.Share(env.Video(), prosecutor, video.ViewOnly)
	}
	detective := env.PortalUser(portal.ReferralOnly)
	env.Referral(detective, referral.StatusAccepted)
	env.Referral(detective, referral.StatusUnderReview)
	return env.Audit, h.Close
}

// notified are the actions the notifier delivers notices for.
var notified = []audit.Action{
	video.EventShared, video.EventShareRevoked, video.EventShareExtended,
	referral.EventSubmitted, referral.EventReviewStarted, referral.EventInfoRequested,
	referral.EventRejected, referral.EventAccepted, referral.EventMerged,
	auth.EventPasswordLinkIssued,
}

// follow delivers the notices of the events after the stored cursor. With
// untilHead it stops once it has reached the head the log had when it
// started.
func follow(ctx context.Context, w io.Writer, log *audit.Service, cursorFile string, untilHead bool) error {
	cursor, err := loadCursor(cursorFile)
	if err != nil {
		return err
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	var head int64
	if untilHead {
		st, err := log.State(ctx)
		if err != nil {
			return err
		}
		if head = st.Head.Seq; cursor >= head {
			return nil
		}
	}
	err = log.Follow(ctx, cursor, audit.FeedOptions{Query: audit.Query{Actions: notified}}, func(_ context.Context, b audit.Batch) error {
		for _, e := range b.Events {
			fmt.Fprintln(w, notice(e))
		}
		if err := saveCursor(cursorFile, b.Cursor); err != nil {
			return err
		}
		if untilHead && b.Cursor >= head {
			stop()
		}
		return nil
	})
	if untilHead && errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// notice is what would be sent for an event.
func notice(e audit.Event) string {
	d := e.Details
	var what string
	switch e.Action {
	case video.EventShared:
		what = fmt.Sprintf("to %s: a forensic interview video was shared with you (%s, until %s)", d[video.DetailGrantee], d[video.DetailMode], d[video.DetailExpiresAt])
	case video.EventShareRevoked:
		what = fmt.Sprintf("to %s: your access to a shared video was withdrawn", d[video.DetailGrantee])
	case video.EventShareExtended:
		what = fmt.Sprintf("to %s: your access to a shared video now lasts until %s", d[video.DetailGrantee], d[video.DetailExpiresAt])
	case auth.EventPasswordLinkIssued:
		// The link itself is never in the log: whoever issued it holds
		// it. The notice tells the owner to expect it.
		what = fmt.Sprintf("to the owner of account %s: a password link was issued for you", e.TargetID)
	default:
		what = fmt.Sprintf("to the referrer of %s: the referral is now %s", e.TargetID, strings.ReplaceAll(d["to"], "_", " "))
	}
	return fmt.Sprintf("event %d (%s) %s", e.Seq, e.ID, what)
}

// loadCursor reads the cursor; 0 when the file does not exist yet.
func loadCursor(name string) (int64, error) {
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s does not hold a cursor", name)
	}
	return n, nil
}

// saveCursor replaces the cursor file at once, so a crash leaves the old
// cursor or the new one, never half of one.
func saveCursor(name string, n int64) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(strconv.FormatInt(n, 10)+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
