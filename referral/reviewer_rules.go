package referral

import (
	"context"

	"github.com/carenet-go/carenet/auth"
)

// reviewer returns nil if actor holds ReviewReferrals and the text named
// name (if any) passes the rules of a message.
func reviewer(actor *auth.Principal, name, text string, required bool) error {
	if err := actor.Require(auth.ReviewReferrals); err != nil {
		return err
	}
	if name == "" {
		return nil
	}
	return checkText("referral", name, text, required)
}

// loadQueued reads a referral for a reviewer: anything ever submitted.
// Drafts are their submitter's alone, so a draft, and a draft its
// submitter discarded (deleted, never submitted), is errNotFound.
func loadQueued(ctx context.Context, tx Tx, id string) (Referral, error) {
	r, err := get(ctx, tx, id)
	if err == nil && (r.Status == StatusDraft || r.SubmittedAt == nil) {
		return Referral{}, errNotFound
	}
	return r, err
}
