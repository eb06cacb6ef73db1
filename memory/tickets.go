package memory

import (
	"context"

	"github.com/carenet-go/carenet/video"
)

// ticketKey is the key of a video.TicketTally.
type ticketKey struct {
	ticket, actor string
	action        video.Action
	outcome       video.Reason
}

func keyOf(t video.TicketTally) ticketKey {
	return ticketKey{t.TicketID, t.ActorID, t.Action, t.Outcome}
}

// Tickets returns the ticket tally repository of the transaction.
func (t *tx) Tickets() video.TicketRepository { return tickets{t} }

type tickets struct{ t *tx }

// Hold needs no lock: the store runs one writer at a time. It stores a new
// key with zero counts, as the PostgreSQL store does.
func (r tickets) Hold(ctx context.Context, key video.TicketTally) (video.TicketTally, error) {
	const op = "memory.Tickets.Hold"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return video.TicketTally{}, err
	}
	k := keyOf(key)
	got, ok := t.st.video.tickets.get(k)
	if !ok {
		got = video.TicketTally{TicketID: key.TicketID, ActorID: key.ActorID, Action: key.Action, Outcome: key.Outcome}
		t.st.video.tickets.put(t, k, got)
	}
	return got, nil
}

func (r tickets) Put(ctx context.Context, tally video.TicketTally) error {
	const op = "memory.Tickets.Put"
	t := r.t
	if err := t.begin(ctx, op, true); err != nil {
		return err
	}
	k := keyOf(tally)
	if !t.st.video.tickets.has(k) {
		return notFound(op, "ticket tally")
	}
	tally.RecordedAt = ts(tally.RecordedAt)
	t.st.video.tickets.put(t, k, tally)
	return nil
}
