package accessreview

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// Tx is the transaction handle the review reads in.
type Tx interface {
	AccessReview() Repository
	SecurityGroups() auth.SecurityGroupRepository
}

// Store is the transaction boundary the review needs.
type Store = carenet.Transactor[Tx]

// Repository is the read the review rests on. Errors carry the SDK's
// codes: Canceled when ctx ends, Internal for anything else.
type Repository interface {
	// ActiveLogins returns every active login (auth.Account.Active) whose
	// person is active (personnel.Active), ordered by username, each with
	// its person, its last login and the video shares granted to its
	// person that are live at now: not revoked and not yet expired
	// (scheduled ones included), ordered by expiry then ID. One query.
	ActiveLogins(ctx context.Context, now time.Time) ([]LoginFacts, error)
}

// LoginFacts is one login as a store returns it for the review.
type LoginFacts struct {
	// Account is the login, with its security group IDs and portal
	// switches.
	Account auth.Account
	// Person is the login's personnel profile.
	Person personnel.Person
	// LastLoginAt is the login's last successful login; nil if never.
	LastLoginAt *time.Time
	// LiveShares are the video shares live for the person.
	LiveShares []LiveShare
}

// LiveShare is a video share the person may use now or later.
type LiveShare struct {
	// ShareID and VideoID identify the share and its video.
	ShareID string `json:"share_id"`
	VideoID string `json:"video_id"`
	// ExpiresAt is when the share ends.
	ExpiresAt time.Time `json:"expires_at"`
}
