package personnel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/carenettest"
	"github.com/carenet-go/carenet/personnel"
)

func ptr[T any](v T) *T { return &v }

func TestEdit(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	k.User("Taken", "Name", "taken", pw)

	got, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 1, personnel.Update{Title: ptr("Advocate"), Username: ptr("SamS")})
	require.NoError(t, err)
	assert.Equal(t, "Advocate", got.Title)
	assert.Equal(t, "Sam", got.GivenName, "nil fields are left as they are")
	assert.Equal(t, "sams", got.Login.Username)
	assert.Equal(t, int64(2), got.Version)
	ev := k.Events(audit.TargetPerson, sam.ID)
	last := ev[len(ev)-1]
	assert.Equal(t, personnel.EventUpdated, last.Action)
	assert.Equal(t, "title", last.Details["fields"])
	assert.Equal(t, "sstaff", last.Details["username_before"])
	k.LoginAs("sams", pw)

	t.Run("StaleVersion", func(t *testing.T) {
		_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 1, personnel.Update{Title: ptr("Director")})
		assert.Equal(t, carenet.Conflict, carenet.ErrorCode(err))
		now, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, sam.ID)
		require.NoError(t, err)
		assert.Equal(t, "Advocate", now.Title, "a stale edit overwrites nothing")
	})
	t.Run("UsernameTakenInOtherCase", func(t *testing.T) {
		_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 2, personnel.Update{Username: ptr("TAKEN")})
		assert.True(t, carenet.Validation(err).Has("username", carenet.RuleTaken), "%v", err)
	})
	t.Run("BadFields", func(t *testing.T) {
		kind := personnel.AgencyKind("pirates")
		_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 2, personnel.Update{GivenName: ptr(""), Email: ptr("a@b"), AgencyKind: &kind})
		v := carenet.Validation(err)
		require.NotNil(t, v)
		assert.True(t, v.Has("given_name", carenet.RuleRequired))
		assert.True(t, v.Has("email", carenet.RuleFormat))
		assert.True(t, v.Has("agency_kind", carenet.RuleOneOf))
	})
	t.Run("Forbidden", func(t *testing.T) {
		k.User("Vic", "Viewer", "vviewer", pw, k.Group("Viewers", auth.ViewPersonnel))
		vic := k.LoginAs("vviewer", pw).Principal
		_, err := k.Personnel.Edit(k.Ctx, vic, sam.ID, 2, personnel.Update{Title: ptr("Hacked")})
		assert.Equal(t, carenet.Forbidden, carenet.ErrorCode(err))
		now, _ := k.Personnel.Get(k.Ctx, k.Admin.Principal, sam.ID)
		assert.Equal(t, "Advocate", now.Title)
		assert.Equal(t, int64(2), now.Version, "nothing changes")
	})
}

func TestConcurrentEditsOneWins(t *testing.T) {
	k := newKit(t)
	p := k.Person("Sam", "Staff", personnel.AgencyCAC)
	titles := []string{"First", "Second"}
	errs := carenettest.Race(len(titles), func(i int) error {
		_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, p.ID, 1, personnel.Update{Title: ptr(titles[i])})
		return err
	})
	codes := []carenet.Code{carenet.ErrorCode(errs[0]), carenet.ErrorCode(errs[1])}
	assert.ElementsMatch(t, []carenet.Code{"", carenet.Conflict}, codes)
	now, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, p.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(2), now.Version)
	winner := "First"
	if errs[0] != nil {
		winner = "Second"
	}
	assert.Equal(t, winner, now.Title, "the winner's edit is the one stored; no lost update")
}

func TestEditBadInputChangesNothing(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	k.User("Taken", "Name", "taken", pw)
	contact := k.Person("Carl", "Contact", personnel.AgencyMedical)
	start := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	_, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 1, personnel.Update{StartDate: &start})
	require.NoError(t, err)
	kind := personnel.AgencyKind("pirates")

	cases := []struct {
		name  string
		id    string
		u     personnel.Update
		field string
		rule  string
	}{
		{"ControlCharacters", sam.ID, personnel.Update{GivenName: ptr("Sam\x07")}, "given_name", carenet.RuleControlChars},
		{"NewlineInName", sam.ID, personnel.Update{FamilyName: ptr("Staff\nInjected")}, "family_name", carenet.RuleControlChars},
		{"NameTooLong", sam.ID, personnel.Update{FamilyName: ptr(strings.Repeat("x", personnel.MaxNameLength+1))}, "family_name", carenet.RuleTooLong},
		{"RequiredName", sam.ID, personnel.Update{GivenName: ptr("")}, "given_name", carenet.RuleRequired},
		{"MalformedEmail", sam.ID, personnel.Update{Email: ptr("sam@@agency")}, "email", carenet.RuleFormat},
		{"EmailWithDisplayName", sam.ID, personnel.Update{Email: ptr("Sam <sam@agency.org>")}, "email", carenet.RuleFormat},
		{"MalformedPhone", sam.ID, personnel.Update{Phone: ptr("call me maybe")}, "phone", carenet.RuleFormat},
		{"PhoneTooFewDigits", sam.ID, personnel.Update{Phone: ptr("12345")}, "phone", carenet.RuleFormat},
		{"EndBeforeStart", sam.ID, personnel.Update{EndDate: ptr(start.AddDate(0, 0, -1))}, "end_date", carenet.RuleOrder},
		{"UnknownAgencyKind", sam.ID, personnel.Update{AgencyKind: &kind}, "agency_kind", carenet.RuleOneOf},
		{"UsernameTakenInOtherCase", sam.ID, personnel.Update{Username: ptr("TAKEN")}, "username", carenet.RuleTaken},
		{"MalformedUsername", sam.ID, personnel.Update{Username: ptr("-sam")}, "username", carenet.RuleFormat},
		{"UsernameWithoutLogin", contact.ID, personnel.Update{Username: ptr("carl")}, "username", "login_required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, c.id)
			require.NoError(t, err)
			events := len(k.Events(audit.TargetPerson, c.id))
			_, err = k.Personnel.Edit(k.Ctx, k.Admin.Principal, c.id, before.Version, c.u)
			require.Equal(t, carenet.Invalid, carenet.ErrorCode(err), "%v", err)
			v := carenet.Validation(err)
			require.NotNil(t, v)
			assert.True(t, v.Has(c.field, c.rule), "want %s/%s, got %v", c.field, c.rule, v.Problems)
			after, err := k.Personnel.Get(k.Ctx, k.Admin.Principal, c.id)
			require.NoError(t, err)
			assert.Equal(t, before, after, "nothing changed")
			assert.Len(t, k.Events(audit.TargetPerson, c.id), events, "nothing audited")
		})
	}
	k.LoginAs("sstaff", pw) // the login still works under its old name
}

func TestEditIsAllOrNothing(t *testing.T) {
	k := newKit(t)
	sam := k.User("Sam", "Staff", "sstaff", pw)
	before := snap(t, k, sam.ID)
	broken := personnel.NewService(failingStore{Store: k.Store.Personnel(), at: "account-update"}, k.Auth, personnel.Config{Clock: k.Clock})
	_, err := broken.Edit(k.Ctx, k.Admin.Principal, sam.ID, 1, personnel.Update{Title: ptr("Advocate"), Username: ptr("samuel")})
	require.ErrorIs(t, err, errInjected)
	assert.Empty(t, cmp.Diff(before, snap(t, k, sam.ID)), "the title was written before the rename failed, and rolled back with it")
	k.LoginAs("sstaff", pw)

	got, err := k.Personnel.Edit(k.Ctx, k.Admin.Principal, sam.ID, 1, personnel.Update{Title: ptr("Advocate"), Username: ptr("samuel")})
	require.NoError(t, err, "the same save on a working store succeeds")
	assert.Equal(t, "samuel", got.Login.Username)
	assert.Equal(t, "Advocate", got.Title)
}
