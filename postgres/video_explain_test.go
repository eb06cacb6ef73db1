package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/postgres/internal/sqlcount"
	"github.com/carenet-go/carenet/video"
)

// TestVideoQueriesUseIndexes loads 50,000 shares of 1,000 grantees and
// checks, through EXPLAIN of the very statements the store sends, that My
// Videos reads the grantee's shares through video_shares_grantee and their
// videos through the primary key, and that a video's shares, a client's
// videos and a person's video references are read through their indexes
// too: neither video table is read in full.
func TestVideoQueriesUseIndexes(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 50,000 shares")
	}
	name := newDatabase(t, true)
	now := time.Now()
	loadVideoShares(t, name, now)
	s, counter := countingStore(t, name)

	// one runs fn and returns the one statement it sent.
	one := func(what string, fn func(tx video.Tx) error) sqlcount.Statement {
		t.Helper()
		return oneStatement(t, counter, s.Video(), what, fn)
	}
	// indexed checks that the plan reads neither video table in full and
	// uses each of the indexes.
	indexed := func(st sqlcount.Statement, what string, indexes ...string) {
		t.Helper()
		requirePlan(t, explain(t, name, st), what, []string{"videos", "video_shares"}, indexes...)
	}

	st := one("My Videos", func(tx video.Tx) error {
		rows, err := tx.Shares().MyVideos(ctx, "vg-421", now)
		if err == nil && len(rows) != loadCurrentOfFifty {
			err = fmt.Errorf("My Videos listed %d shares, want %d", len(rows), loadCurrentOfFifty)
		}
		return err
	})
	indexed(st, "My Videos", "video_shares_grantee", "videos_pkey")
	cond := indexCond(t, explain(t, name, st), "video_shares_grantee")
	for _, col := range []string{"grantee_id", "revoked_at IS NULL", "expires_at >"} {
		require.Contains(t, cond, col, "My Videos does not bound its index scan by %s", col)
	}

	st = one("shares of a video", func(tx video.Tx) error {
		_, err := tx.Shares().ListByVideo(ctx, "vv-4242")
		return err
	})
	indexed(st, "shares of a video", "video_shares_video")

	st = one("videos of a client", func(tx video.Tx) error {
		vs, err := tx.Videos().ListByClient(ctx, "client-42")
		if err == nil && len(vs) != loadVideos/loadClients {
			err = fmt.Errorf("listed %d videos of the client", len(vs))
		}
		return err
	})
	indexed(st, "videos of a client", "videos_client")

	st = one("a person's references", func(tx video.Tx) error {
		refs, err := tx.People().References(ctx, "vg-421")
		if err == nil && (len(refs) != 1 || refs[0].Kind != "video_shares" || refs[0].Count != loadSharesEach) {
			err = fmt.Errorf("references %v", refs)
		}
		return err
	})
	indexed(st, "a person's references", "video_shares_grantee", "video_shares_shared_by", "videos_uploaded_by", "videos_interviewer")
}
