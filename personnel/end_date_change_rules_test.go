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

// TestEndDateNeeds: for a person with access, an end date set or moved
// earlier, to whatever date, needs DeactivatePersonnel; a passed one
// moved later or cleared needs ReactivatePersonnel; anything else, and
// anything for an inactive person, needs nothing more.
func TestEndDateNeeds(t *testing.T) {
	now := time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC)
	at := func(days int) *time.Time { d := now.AddDate(0, 0, days); return &d }
	for name, c := range map[string]struct {
		active        bool
		before, after *time.Time
		want          auth.Permission
	}{
		"set, already come":        {true, nil, at(-1), auth.DeactivatePersonnel},
		"set, tomorrow":            {true, nil, at(1), auth.DeactivatePersonnel},
		"set, next year":           {true, nil, at(365), auth.DeactivatePersonnel},
		"moved earlier, to come":   {true, at(30), at(10), auth.DeactivatePersonnel},
		"moved earlier, to now":    {true, at(30), at(0), auth.DeactivatePersonnel},
		"moved later, to come":     {true, at(10), at(30), 0},
		"cleared, to come":         {true, at(10), nil, 0},
		"unchanged":                {true, at(10), at(10), 0},
		"none":                     {true, nil, nil, 0},
		"passed, moved later":      {true, at(-1), at(7), auth.ReactivatePersonnel},
		"passed, cleared":          {true, at(-1), nil, auth.ReactivatePersonnel},
		"passed, moved earlier":    {true, at(-1), at(-3), 0},
		"passed, still passed":     {true, at(-3), at(-1), 0},
		"inactive, set":            {false, nil, at(-1), 0},
		"inactive, passed cleared": {false, at(-1), nil, 0},
	} {
		if got := personnel.EndDateNeeds(c.active, c.before, c.after, now); got != c.want {
			t.Errorf("%s: EndDateNeeds = %v, want %v", name, got, c.want)
		}
	}
}

// TestAnEndDateForAPersonWithAccessIsADeactivation: an editor without
// DeactivatePersonnel sets no end date, not even tomorrow's at 23:59, and
// an editor with it sets none on a login that outranks them; the person's
// access is untouched.
func TestAnEndDateForAPersonWithAccessIsADeactivation(t *testing.T) {
	k := newKit(t)
	k.Clock.Set(time.Date(2026, 3, 2, 23, 59, 0, 0, time.UTC))
	k.User("Ed", "Editor", "eeditor", pw, k.Group("Editors", auth.ViewPersonnel, auth.EditPersonnel))
	editor := k.LoginAs("eeditor", pw).Principal
	k.User("Dee", "Deactivator", "ddeactivator", pw, k.Group("Deactivators", auth.ViewPersonnel, auth.EditPersonnel, auth.DeactivatePersonnel))
	deactivator := k.LoginAs("ddeactivator", pw).Principal
	ivy := k.User("Ivy", "Intern", "iintern", pw, k.Group("Interns", auth.ViewPersonnel))
	ari := k.User("Ari", "Admin", "aadmin", pw)
	tomorrow := k.Clock.Now().AddDate(0, 0, 1)
	edit := func(actor *auth.Principal, id string) error {
		t.Helper()
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
		require.NoError(t, err)
		_, err = k.Personnel.Edit(k.Ctx, actor, id, p.Version, personnel.Update{EndDate: &tomorrow})
		return err
	}

	err := edit(editor, ari.ID)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(err), "%v", err)
	require.Equal(t, carenet.Forbidden, carenet.ErrorCode(edit(editor, ivy.ID)))
	require.ErrorIs(t, edit(deactivator, ari.ID), auth.ErrOutranked)
	for _, id := range []string{ari.ID, ivy.ID} {
		p, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, id)
		require.NoError(t, err)
		assert.Nil(t, p.EndDate, "unchanged")
	}
	k.Clock.Advance(2 * time.Minute)
	k.LoginAs("aadmin", pw)

	require.NoError(t, edit(deactivator, ivy.ID), "within the deactivator's rank")
}
