package video

import (
	"time"
)

// Limits of ticket use.
const (
	// MaxViewTicketUses is how many times one view ticket is accepted: a
	// player fetches a video in a few range requests, one for each seek.
	// Past it the grantee opens the video again, which issues (and
	// records) a new ticket.
	MaxViewTicketUses = 100
	// DefaultRefusalInterval is Config.RefusalInterval when 0.
	DefaultRefusalInterval = 10 * time.Minute
	// MaxRefusalInterval is the longest Config.RefusalInterval accepted.
	MaxRefusalInterval = 24 * time.Hour
)

// TicketTally counts the presentations of one access ticket that had one
// outcome, for one action, by one presenter. Service.VerifyTicket keeps
// one for the accepted uses of each ticket, which makes a download ticket
// single-use, and one for each kind of refusal, which bounds how often a
// ticket replayed in a loop is recorded in the video's chain of custody.
type TicketTally struct {
	// TicketID is the ticket's Claims.TicketID.
	TicketID string
	// ActorID is who presented the ticket: the person of the session that
	// came with it, or the ticket's grantee when none did.
	ActorID string
	// Action is what the ticket was presented for.
	Action Action
	// Outcome is ReasonNone for accepted uses, else why they were refused.
	Outcome Reason
	// Count is the number of such presentations so far.
	Count int64
	// RecordedAt is when one of them was last recorded in the chain of
	// custody; the zero time if none was.
	RecordedAt time.Time
	// Unrecorded is the number of them since RecordedAt that were not
	// recorded.
	Unrecorded int64
}

// CheckUse says whether a ticket for action may be accepted once more,
// given the tally of its accepted uses so far: a download ticket is
// accepted once, a view ticket at most MaxViewTicketUses times. It returns
// ReasonNone or ReasonTicketUsed.
func CheckUse(action Action, accepted TicketTally) Reason {
	limit := int64(MaxViewTicketUses)
	if action == Download {
		limit = 1
	}
	if accepted.Count >= limit {
		return ReasonTicketUsed
	}
	return ReasonNone
}

// TallyRefusal counts one more refused presentation on t at now and says
// whether to record it in the chain of custody: the first of its tally
// is recorded, and then the first once interval has passed since the last
// recorded one; the others are only counted. It returns the tally to
// store and, when record is true, how many were left unrecorded since the
// last recorded one (the recorded event says so). A ticket replayed in a
// loop thus adds at most one event per interval for each presenter,
// action and reason, and no refusal goes uncounted.
func TallyRefusal(t TicketTally, now time.Time, interval time.Duration) (next TicketTally, record bool, unrecorded int64) {
	t.Count++
	if !t.RecordedAt.IsZero() && now.Before(t.RecordedAt.Add(interval)) {
		t.Unrecorded++
		return t, false, 0
	}
	unrecorded, t.RecordedAt, t.Unrecorded = t.Unrecorded, now, 0
	return t, true, unrecorded
}
