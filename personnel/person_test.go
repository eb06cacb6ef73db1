package personnel_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/carenet-go/carenet/internal/testkit"
	"github.com/carenet-go/carenet/personnel"
)

// TestPersonHoldsItsFields: a person's editable fields are its Fields,
// read and written as the person's own (p.GivenName), and a person
// encodes to JSON with the same flat keys as before they were grouped.
func TestPersonHoldsItsFields(t *testing.T) {
	end := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	p := personnel.Person{ID: "p-1", Fields: personnel.Fields{GivenName: "Ivy", FamilyName: "Intern", EndDate: &end}, State: personnel.Active}
	require.Equal(t, "Ivy Intern", p.DisplayName())
	p.GivenName = "Iris"
	require.Equal(t, "Iris", p.Fields.GivenName)

	keys, err := testkit.JSONKeys(p)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"Agency", "AgencyKind", "CreatedAt", "Email", "EndDate", "FamilyName", "GivenName", "ID", "MiddleName",
		"Phone", "StartDate", "State", "StateChangedAt", "StateChangedBy", "StateReason", "Suffix", "Title", "UpdatedAt", "Version"}, keys)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var back personnel.Person
	require.NoError(t, json.Unmarshal(b, &back))
	require.Equal(t, p.GivenName, back.GivenName)
	require.True(t, end.Equal(*back.EndDate))
}
