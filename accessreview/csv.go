package accessreview

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/csvsafe"
)

// CSVHeader is the first row WriteCSV writes.
var CSVHeader = []string{"username", "name", "agency", "person_id", "account_id", "groups",
	"permissions", "portal", "live_shares", "live_share_ids", "last_login_at"}

// WriteCSV writes the report as CSV, one row per login after CSVHeader.
// Lists are joined with "; " (groups by name, permissions by name, share
// IDs), the portal switches are written as auth.AccessString has them,
// times in RFC 3339 UTC, and a login never used has an empty
// last_login_at. Every cell goes through csvsafe.Cell, so a name that
// looks like a formula or holds a line break cannot run in a spreadsheet
// or forge a row.
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, e := range r.Entries {
		shares := make([]string, len(e.LiveShares))
		for i, s := range e.LiveShares {
			shares[i] = s.ShareID
		}
		row := []string{e.Username, e.Name, e.Agency, e.PersonID, e.AccountID, strings.Join(e.GroupNames(), "; "),
			strings.Join(e.Permissions, "; "), auth.AccessString(e.Portal), strconv.Itoa(len(e.LiveShares)),
			strings.Join(shares, "; "), e.LastLogin()}
		for i := range row {
			row[i] = csvsafe.Cell(row[i])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
