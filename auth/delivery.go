package auth

import (
	"context"
	"time"
)

// LinkDeliverer sends a password link to the holder of the account it is
// for (by email, SMS or letter: the host's choice), so the actor who asked
// for it (a reset, a new login, a reactivation) never sees its token. Set
// Config.Deliverer to use one; without it links are returned to the actor,
// and only an actor who reaches everything the login reaches may have one
// (ErrOutranked otherwise, see RequireReach).
//
// Deliver runs inside the write transaction that issues the link, as one
// of its last steps: an error rolls the whole change back, so a link that
// could not be delivered is never stored. It should hand the message to
// an outbox or queue rather than wait on a mail server, since the
// transaction stays open meanwhile. A store may run a transaction again
// after a serialization failure, so Deliver may be called more than once
// for one call; only the link of the attempt that committed works, and a
// holder who receives two uses the later one.
type LinkDeliverer interface {
	Deliver(ctx context.Context, d Delivery) error
}

// LinkDelivererFunc adapts a function to LinkDeliverer.
type LinkDelivererFunc func(ctx context.Context, d Delivery) error

// Deliver calls f.
func (f LinkDelivererFunc) Deliver(ctx context.Context, d Delivery) error { return f(ctx, d) }

// Delivery is a password link to send to its account's holder.
type Delivery struct {
	// PersonID and AccountID say whom the link is for; Username is the
	// login's username, for the message.
	PersonID  string
	AccountID string
	Username  string
	// Purpose says whether it sets a first password or resets one.
	Purpose TokenPurpose
	// Email and Phone are the holder's contact details as stored in the
	// transaction that issued the link: send it there, and to no address
	// read later or elsewhere (an edit since could point it at another).
	Email string
	Phone string
	// Token is the link's secret, to put in the URL the holder opens. It
	// is a bearer credential until ExpiresAt: never log or store it.
	Token     string
	ExpiresAt time.Time
}

// How a link reached its user, in the "delivery" detail of the audit
// event EventPasswordLinkIssued.
const (
	// DeliveredToHolder: sent through Config.Deliverer; no actor saw it.
	DeliveredToHolder = "holder"
	// DeliveredToActor: returned to the actor, who reaches all the login
	// reaches, or to the system (an operators' tool).
	DeliveredToActor = "actor"
)
