package postgres_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/postgres"
	"github.com/carenet-go/carenet/video"
)

// centers is how many centers TestHundredCentersInOneDatabase serves from
// one database.
const centers = 100

// TestHundredCentersInOneDatabase serves a hundred centers from one empty
// database and one pool, a schema each: every schema migrates on its own
// (several at once), each center gets an administrator with a login and a
// session, a video shared with a portal user, and an audit chain; then each
// center's chain verifies, holds only its own events, and no center sees a
// person, a login or a session of another.
//
// It runs about 1,100 migration transactions, some seconds even on an idle
// machine, so -short skips it; the Neighbors cases of TestConformance keep
// two schemas of one database apart in every run.
func TestHundredCentersInOneDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: serving 100 centers migrates 100 schemas (about 1,100 DDL transactions); " +
			"TestConformance/Neighbors proves two schemas of one database apart in this run")
	}
	db := openDB(t, newDatabase(t, false), nil)
	name := func(i int) string { return fmt.Sprintf("center_%03d", i) }
	stores := make([]*postgres.Store, centers)
	for i := range stores {
		stores[i] = postgres.New(db, postgres.WithSchema(name(i)), postgres.WithSyncSealing())
		t.Cleanup(func() { stores[i].Close() })
	}

	start := time.Now()
	errs := make([]error, centers)
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				errs[i] = stores[i].Migrate(context.Background())
			}
		}()
	}
	for i := range stores {
		next <- i
	}
	close(next)
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "migrating %s", name(i))
	}
	t.Logf("migrated %d schemas in %v", centers, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	type center struct {
		sv      *services
		grantee string
	}
	all := make([]center, centers)
	for i, s := range stores {
		sv := newServices(t, s)
		videos := videoService(t, s)
		_, gp := videoPortalUser(t, s, "grantee")
		up, err := videos.RecordUpload(ctx, &auth.Principal{PersonID: sv.adminID, Permissions: auth.NewPermissionSet(auth.ManageVideos)},
			video.NewVideo{ClientID: "client-" + name(i), Title: "Interview", RecordedAt: epoch, Duration: time.Hour,
				SizeBytes: 1 << 20, ContentType: "video/mp4", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
				StorageKey: "videos/" + name(i) + ".mp4"})
		require.NoError(t, err)
		_, err = videos.Share(ctx, sharer(sv.adminID), video.NewShare{VideoID: up.ID, GranteeID: gp.PersonID, Mode: video.ViewOnly})
		require.NoError(t, err)
		all[i] = center{sv: sv, grantee: gp.PersonID}
	}
	t.Logf("filled %d centers in %v", centers, time.Since(start).Round(time.Millisecond))

	start = time.Now()
	for i, c := range all {
		other := all[(i+1)%centers]
		rep, err := c.sv.audit.VerifyLog(ctx, audit.VerifyOptions{})
		require.NoError(t, err, "the chain of %s verifies", name(i))
		require.Positive(t, rep.Checked)
		require.Equal(t, rep.Head, rep.Recorded)
		var events []audit.Event
		require.NoError(t, stores[i].Audit().View(ctx, func(tx audit.Tx) (err error) {
			events, err = tx.Audit().List(ctx, audit.Filter{Limit: 1000})
			return err
		}))
		require.Len(t, events, int(rep.Checked), "%s lists the events of its chain", name(i))
		for _, e := range events {
			require.NotEqual(t, other.sv.adminID, e.ActorID, "%s holds an event of %s", name(i), name((i+1)%centers))
		}
		var people []personnel.Person
		require.NoError(t, stores[i].Personnel().View(ctx, func(tx personnel.Tx) (err error) {
			people, err = tx.People().Search(ctx, personnel.SearchQuery{States: []personnel.State{personnel.Active, personnel.Inactive}, Limit: 100})
			return err
		}))
		ids := []string{}
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		require.ElementsMatch(t, []string{c.sv.adminID, c.grantee}, ids, "%s holds its own people and no one else's", name(i))
		require.NoError(t, stores[i].Auth().View(ctx, func(tx auth.Tx) error {
			_, err := tx.Accounts().ByUsername(ctx, other.sv.admin.Username)
			require.Equal(t, carenet.NotFound, carenet.ErrorCode(err), "%s finds the login of %s: %v", name(i), name((i+1)%centers), err)
			theirs, err := tx.Sessions().ListByAccount(ctx, other.sv.admin.AccountID)
			require.NoError(t, err)
			require.Empty(t, theirs, "%s finds a session of %s", name(i), name((i+1)%centers))
			mine, err := tx.Sessions().ListByAccount(ctx, c.sv.admin.AccountID)
			require.NotEmpty(t, mine)
			return err
		}))
	}
	t.Logf("checked %d centers in %v", centers, time.Since(start).Round(time.Millisecond))
}
