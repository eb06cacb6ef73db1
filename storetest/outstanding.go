package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// testPersonOutstanding: Outstanding counts referrals the person submitted
// that are neither drafts nor final, the personnel groups they are in,
// and the shares they created that are live at now; shares granted to
// them and other people's records do not count; someone with none has
// none.
func testPersonOutstanding(t *testing.T, s Store) {
	createPerson(t, s, NewPerson("p-1", "Ada", "Lovelace"), NewPerson("p-2", "Grace", "Hopper"))
	createGroup(t, s, mdt(), personnel.Group{ID: "g-2", Name: "Medical"})
	update(t, s.Personnel(), func(tx personnel.Tx) error {
		require.NoError(t, tx.PersonnelGroups().AddMember(ctx, "g-mdt", "p-1", at(0)))
		return tx.PersonnelGroups().AddMember(ctx, "g-2", "p-1", at(0))
	})
	open := NewReferral("r-open", "p-1", at(0))
	review := NewReferral("r-review", "p-1", at(time.Minute))
	review.Status = referral.StatusUnderReview
	accepted := NewReferral("r-accepted", "p-1", at(2*time.Minute))
	accepted.Status = referral.StatusAccepted
	draft := NewDraft("r-draft", "p-1", at(3*time.Minute))
	others := NewReferral("r-other", "p-2", at(4*time.Minute))
	createReferral(t, s, open, review, accepted, draft, others)
	createVideo(t, s, NewVideo("v-1", "client-1"))
	live := NewShare("s-live", "v-1", "p-2", at(0))
	live.SharedBy = "p-1"
	revoked := NewShare("s-revoked", "v-1", "p-2", at(0))
	revoked.SharedBy = "p-1"
	revoked.RevokedAt, revoked.RevokedBy = ptr(at(time.Hour)), "p-1"
	expired := NewShare("s-expired", "v-1", "p-2", at(-30*24*time.Hour))
	expired.SharedBy = "p-1"
	held := NewShare("s-held", "v-1", "p-1", at(0))
	held.SharedBy = "p-2"
	createShare(t, s, live, revoked, expired, held)

	var got, none []personnel.Reference
	view(t, s.Personnel(), func(tx personnel.Tx) (err error) {
		if got, err = tx.People().Outstanding(ctx, "p-1", at(2*time.Hour)); err != nil {
			return err
		}
		none, err = tx.People().Outstanding(ctx, "p-missing", at(2*time.Hour))
		return err
	})
	require.Equal(t, []personnel.Reference{
		{Kind: personnel.OutstandingOpenReferrals, Count: 2},
		{Kind: personnel.OutstandingPersonnelGroups, Count: 2},
		{Kind: personnel.OutstandingSharesCreated, Count: 1},
	}, got)
	require.Empty(t, none)
}
