package personnel_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

func ptr[T any](v T) *T { return &v }

func TestEdit(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	k.User("Taken", "Name", "taken", pw)

	got, err := k.Personnel.Edit(k.Ctx, k.Admin, sam.ID, 1, personnel.Update{Title: ptr("Advocate"), Username: ptr("SamS")})
	require.NoError(t, err)
	assert.Equal(t, "Advocate", got.Title)
	assert.Equal(t, "Sam", got.GivenName, "nil fields are left as they are")
	assert.Equal(t, "sams", got.Login.Username)
	assert.Equal(t, int64(2), got.Version)
	ev := k.Events("person", sam.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, personnel.ActionUpdated, last.Action)
	assert.Equal(t, "title", last.Details["fields"])
	assert.Equal(t, "sstaff", last.Details["username_before"])
	k.Login("sams", pw)

	t.Run("StaleVersion", func(t *testing.T) {
		_, err := k.Personnel.Edit(k.Ctx, k.Admin, sam.ID, 1, personnel.Update{Title: ptr("Director")})
		assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
		now, err := k.Personnel.Get(k.Ctx, k.Admin, sam.ID)
		require.NoError(t, err)
		assert.Equal(t, "Advocate", now.Title, "a stale edit overwrites nothing")
	})
	t.Run("UsernameTakenInOtherCase", func(t *testing.T) {
		_, err := k.Personnel.Edit(k.Ctx, k.Admin, sam.ID, 2, personnel.Update{Username: ptr("TAKEN")})
		assert.True(t, carenet.Validation(err).Has("username", carenet.RuleTaken), "%v", err)
	})
	t.Run("BadFields", func(t *testing.T) {
		kind := personnel.AgencyKind("pirates")
		_, err := k.Personnel.Edit(k.Ctx, k.Admin, sam.ID, 2, personnel.Update{GivenName: ptr(""), Email: ptr("a@b"), AgencyKind: &kind})
		v := carenet.Validation(err)
		require.NotNil(t, v)
		assert.True(t, v.Has("given_name", carenet.RuleRequired))
		assert.True(t, v.Has("email", carenet.RuleFormat))
		assert.True(t, v.Has("agency_kind", carenet.RuleOneOf))
	})
	t.Run("Forbidden", func(t *testing.T) {
		k.User("Vic", "Viewer", "vviewer", pw, k.Group("Viewers", auth.ViewPersonnel))
		vic := k.Login("vviewer", pw).Principal
		_, err := k.Personnel.Edit(k.Ctx, vic, sam.ID, 2, personnel.Update{Title: ptr("Hacked")})
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		now, _ := k.Personnel.Get(k.Ctx, k.Admin, sam.ID)
		assert.Equal(t, "Advocate", now.Title)
		assert.Equal(t, int64(2), now.Version, "nothing changes")
	})
}

func TestConcurrentEditsOneWins(t *testing.T) {
	k := newKit(t)
	p := k.Person("Sam", "Staff", personnel.AgencyCAC)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, title := range []string{"First", "Second"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = k.Personnel.Edit(k.Ctx, k.Admin, p.ID, 1, personnel.Update{Title: ptr(title)})
		}()
	}
	wg.Wait()
	codes := []carenet.Code{carenet.ErrorCode(errs[0]), carenet.ErrorCode(errs[1])}
	assert.ElementsMatch(t, []carenet.Code{"", carenet.Conflict}, codes)
	now, err := k.Personnel.Get(k.Ctx, k.Admin, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), now.Version)
	winner := "First"
	if errs[0] != nil {
		winner = "Second"
	}
	assert.Equal(t, winner, now.Title, "the winner's edit is the one stored; no lost update")
}
