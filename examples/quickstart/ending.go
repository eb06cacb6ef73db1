package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/video"
)

// endDate: the intern's end date passes; her session stops at once, the
// sweep deactivates her, and her old password and session fail.
func (c *cast) endDate(ctx context.Context) error {
	c.section("The intern's end date passes")
	c.clock.Advance(29 * 24 * time.Hour)
	res, err := c.login(ctx, "ichen", userPassword)
	if err != nil {
		return err
	}
	c.ivyToken = res.Token
	c.ok("on her last day Ivy logs in and works")
	c.clock.Advance(2 * 24 * time.Hour)
	_, err = c.auth.Authenticate(ctx, c.ivyToken)
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's session outlived her end date: %v", err); err != nil {
		return err
	}
	c.ok("once her end date passes, her open session stops at once, before any sweep: %q", carenet.ErrorMessage(err))

	// Everyone's sessions went idle long ago; Ada and Sam log in again.
	if err := c.staff(ctx); err != nil {
		return err
	}
	swept, err := c.people.SweepEndDates(ctx)
	if err != nil {
		return step("the nightly sweep", err)
	}
	if err := expect(len(swept.Items) == 1 && swept.Items[0].PersonID == c.ivy.ID && swept.Items[0].Err == nil && swept.Items[0].Result.LoginDisabled,
		"the sweep did not deactivate Ivy: %+v", swept); err != nil {
		return err
	}
	c.ok("the nightly sweep deactivates %s: profile inactive, login disabled, password replaced, %d session(s) revoked",
		c.ivy.DisplayName(), swept.Items[0].Result.SessionsRevoked)
	_, err = c.auth.Login(ctx, auth.LoginRequest{Username: "ichen", Password: userPassword})
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's old password still works: %v", err); err != nil {
		return err
	}
	c.ok("Ivy's old password fails: %q", carenet.ErrorMessage(err))
	_, err = c.auth.Authenticate(ctx, c.ivyToken)
	if err := expect(carenet.ErrorCode(err) == carenet.Unauthenticated, "Ivy's old session still works: %v", err); err != nil {
		return err
	}
	c.ok("Ivy's old session fails too: %q", carenet.ErrorMessage(err))
	page, err := c.people.Search(ctx, c.ada, personnel.Query{Name: "ivy"})
	if err != nil {
		return step("search for Ivy", err)
	}
	if err := expect(len(page.People) == 0, "the search shows %d inactive people", len(page.People)); err != nil {
		return err
	}
	c.ok("the personnel search hides inactive people by default: 0 results for \"ivy\"")
	return nil
}

// deleteUsed: deleting a used profile is refused; a profile made by
// accident and never used is deleted.
func (c *cast) deleteUsed(ctx context.Context) error {
	c.section("Deleting a used profile is refused")
	err := c.people.Delete(ctx, c.ada, c.ivy.ID)
	if err := expect(carenet.ErrorCode(err) == carenet.InUse, "deleting Ivy was not refused: %v", err); err != nil {
		return err
	}
	c.ok("%s", carenet.ErrorMessage(err))
	oops, err := c.people.Create(ctx, c.ada, personnel.NewPerson{Fields: personnel.Fields{GivenName: "Duplicate", FamilyName: "Entry", AgencyKind: personnel.AgencyOther}})
	if err != nil {
		return step("create a profile by accident", err)
	}
	if err := c.people.Delete(ctx, c.ada, oops.Profile.ID); err != nil {
		return step("delete the unused profile", err)
	}
	c.ok("a profile made by accident and never used is deleted")
	return nil
}

// custodyTrail is what the video's chain of custody must record, in order.
var custodyTrail = []string{
	string(video.EventRecorded),
	string(video.EventShared),
	string(video.EventShared),
	string(video.EventAccessDenied) + " (view_only)",
	string(video.EventViewed),
	string(video.EventViewServed),
	string(video.EventAccessDenied) + " (ticket_wrong_action)",
	string(video.EventDownloaded),
	string(video.EventDownloadServed),
}

// custody: the video's chain of custody lists every event, and exports as
// CSV.
func (c *cast) custody(ctx context.Context) error {
	c.section("The video's chain of custody")
	events, err := c.videos.Custody(ctx, c.sam, c.interview.ID)
	if err != nil {
		return step("Sam opens the custody report", err)
	}
	trail := make([]string, len(events))
	for i, e := range events {
		trail[i] = string(e.Action)
		if r := e.Details[video.DetailReason]; r != "" {
			trail[i] += " (" + r + ")"
		}
	}
	if err := expect(slices.Equal(trail, custodyTrail), "the custody report lists %v, want %v", trail, custodyTrail); err != nil {
		return err
	}
	c.ok("the custody report of %q lists %d events:", c.interview.Title, len(events))
	for _, e := range events {
		line := e.At.Format("2006-01-02 15:04") + "  " + padRight(string(e.Action), 20) + " by " + c.name(e.ActorID)
		if g := e.Details[video.DetailGrantee]; g != "" && g != e.ActorID {
			line += ", for " + c.name(g)
		}
		if m := e.Details[video.DetailMode]; m != "" {
			line += ", " + m
		}
		if r := e.Details[video.DetailReason]; r != "" {
			line += ", reason " + r
		}
		c.note("%s", line)
	}
	var buf bytes.Buffer
	if err := video.WriteCustodyCSV(&buf, events); err != nil {
		return step("export the custody report", err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		return step("read the exported CSV", err)
	}
	if err := expect(len(rows) == len(events)+1 && slices.Equal(rows[0], video.CustodyCSVHeader), "the CSV export has %d rows", len(rows)); err != nil {
		return err
	}
	c.ok("exported as CSV: a header and %d rows, each with its audit hash", len(rows)-1)
	return nil
}

// auditChain: the audit log's hash chain verifies.
func (c *cast) auditChain(ctx context.Context) error {
	c.section("The audit log")
	head, n, err := c.audit.Verify(ctx, audit.Head{})
	if err != nil {
		return step("verify the audit chain", err)
	}
	c.ok("the hash chain of %d events verifies (head %s…)", n, head.Hash[:12])
	return nil
}

func padRight(s string, n int) string {
	if len(s) >= n {
		return s
	}
	return s + strings.Repeat(" ", n-len(s))
}
