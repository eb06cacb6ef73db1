package personnel_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// TestEndDateEditsNeedDeactivateAndReactivate: an end date ends a
// person's access (at once when it has come), and clearing a passed one
// gives it back, so an edit that does either needs the permission
// deactivating or reactivating needs; other edits need only EditPersonnel.
func TestEndDateEditsNeedDeactivateAndReactivate(t *testing.T) {
	k := newKit(t)
	k.User("Ed", "Editor", "eeditor", pw, k.Group("Editors", auth.ViewPersonnel, auth.EditPersonnel))
	editor := k.LoginAs("eeditor", pw).Principal
	k.User("Rex", "Reactivator", "rreactivator", pw, k.Group("Reactivators", auth.ViewPersonnel, auth.EditPersonnel, auth.ReactivatePersonnel))
	reactivator := k.LoginAs("rreactivator", pw).Principal
	ivy := k.User("Ivy", "Intern", "iintern", pw, k.Group("Interns", auth.ViewPersonnel))

	now := k.Clock.Now()
	yesterday, nextWeek := now.AddDate(0, 0, -1), now.AddDate(0, 0, 7)
	edit := func(actor *auth.Principal, u personnel.Update) error {
		t.Helper()
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, ivy.ID)
		require.NoError(t, err)
		_, err = k.Personnel.Edit(k.Ctx, actor, ivy.ID, p.Version, u)
		return err
	}
	endDate := func() *time.Time {
		t.Helper()
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, ivy.ID)
		require.NoError(t, err)
		return p.EndDate
	}

	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(edit(editor, personnel.Update{EndDate: &nextWeek})), "an end date still to come ends access too")
	assert.Nil(t, endDate(), "unchanged")
	require.NoError(t, edit(k.Admin.Principal, personnel.Update{EndDate: &nextWeek}))
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(edit(editor, personnel.Update{EndDate: &yesterday})), "ending access now")
	require.Equal(t, nextWeek.Truncate(24*time.Hour), *endDate(), "unchanged")

	require.NoError(t, edit(k.Admin.Principal, personnel.Update{EndDate: &yesterday}))
	_, err := k.Auth.Login(k.Ctx, auth.LoginRequest{Username: "iintern", Password: pw})
	require.ErrorIs(t, err, auth.ErrLoginFailed, "her access ended with the end date")

	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(edit(editor, personnel.Update{ClearEndDate: true})), "giving access back")
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(edit(editor, personnel.Update{EndDate: &nextWeek})), "moving it later")
	assert.Equal(t, yesterday.Truncate(24*time.Hour), *endDate(), "unchanged")
	title := "Intern"
	require.NoError(t, edit(editor, personnel.Update{Title: &title}), "other fields need only EditPersonnel")

	require.NoError(t, edit(reactivator, personnel.Update{EndDate: &nextWeek}))
	k.LoginAs("iintern", pw)

	// For someone already inactive an end date gives and takes nothing.
	_, err = k.Personnel.Deactivate(k.Ctx, k.Admin.Principal, ivy.ID, "internship over")
	require.NoError(t, err)
	require.NoError(t, edit(editor, personnel.Update{EndDate: &yesterday}), "recording when it ended")
	require.NoError(t, edit(editor, personnel.Update{ClearEndDate: true}))
}
