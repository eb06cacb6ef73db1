package main

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/internal/csvsafe"
)

// reviewFlags names the flag that gives each field of the review's
// filter.
var reviewFlags = map[string]string{
	"group":      "-group",
	"permission": "-permission",
	"switch":     "-portal",
	"idle_since": "-idle-days",
}

// maxIdleDays bounds -idle-days: about thirty years.
const maxIdleDays = 11000

func cmdAccessReview(ctx context.Context, e *env, args []string) error {
	fs := subFlags(e, "access-review", "[-group ID] [-permission NAME] [-portal SWITCH] [-idle-days N] [-csv | -json]",
		"List every active login with its security groups, the permissions it holds, its portal switches,\n"+
			"the video shares live for its person and its last login, for a periodic access review. Each filter\n"+
			"given must match. -csv writes the report as CSV for sign-off; a cell a spreadsheet would run as a\n"+
			"formula starts with an apostrophe.")
	group := fs.String("group", "", "only logins in the security group with this `ID`")
	perm := fs.String("permission", "", "only logins holding the permission `NAME`, such as referrals.reassign")
	sw := fs.String("portal", "", "only logins with the portal `SWITCH` on: "+strings.Join(switchNames(), ", "))
	idle := fs.Int("idle-days", 0, "only logins not used in the last `N` days (never used included)")
	asCSV := fs.Bool("csv", false, "write the report as CSV")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	if err := parse(fs, args, 0); err != nil {
		return err
	}
	if *asCSV && *asJSON {
		return usageErr("-csv and -json: choose one")
	}
	if *idle < 0 || *idle > maxIdleDays {
		return usageErr("-idle-days: must be between 0 (no filter) and %d", maxIdleDays)
	}
	f := accessreview.Filter{Group: *group, Permission: *perm, Switch: accessreview.Switch(*sw)}
	if *idle > 0 {
		since := carenet.SystemClock.Now().AddDate(0, 0, -*idle)
		f.IdleSince = &since
	}
	store, err := open(e)
	if err != nil {
		return err
	}
	defer store.Close()
	st := e.begin("reviewing access")
	r, err := accessreview.NewService(store.AccessReview(), nil).Review(ctx, operator(auth.ViewAudit), f)
	st.done()
	if err != nil {
		return describeFlags(err, reviewFlags)
	}
	switch {
	case *asCSV:
		return r.WriteCSV(e.stdout)
	case *asJSON:
		return e.writeJSON(r)
	}
	return writeReview(e, r)
}

// switchNames are the values -portal takes.
func switchNames() []string {
	var out []string
	for _, s := range accessreview.Switches() {
		out = append(out, string(s))
	}
	return out
}

// writeReview prints the report as a table. Names are escaped as one line
// each, so no value can move the terminal's cursor or forge a line.
func writeReview(e *env, r accessreview.Report) error {
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tNAME\tGROUPS\tPERMISSIONS\tPORTAL\tSHARES\tLAST LOGIN")
	for _, x := range r.Entries {
		perms := fmt.Sprintf("%d", len(x.Permissions))
		if len(x.Permissions) <= 3 {
			perms = strings.Join(x.Permissions, ",")
		}
		if perms == "" {
			perms = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", safe(x.Username), safe(x.Name), safe(strings.Join(x.GroupNames(), ", ")),
			perms, auth.AccessString(x.Portal), len(x.LiveShares), cmp.Or(x.LastLogin(), "never"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%d active logins as of %s\n", len(r.Entries), r.At.UTC().Format(time.RFC3339))
	return nil
}

// safe is a value for one cell of the table: control characters and tabs
// percent-encoded.
func safe(s string) string { return csvsafe.Escape(s, "\t") }
