package postgres

import (
	"context"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet/video"
)

// Tickets returns the ticket tally repository of the transaction.
func (t *txn) Tickets() video.TicketRepository { return ticketRepo{t} }

// ticketRepo keeps video.TicketTally rows in carenet.video_ticket_tallies.
type ticketRepo struct{ t *txn }

// ticketKey is the primary key of t's row.
func ticketKey(t video.TicketTally) map[string]any {
	return map[string]any{"ticket_id": t.TicketID, "actor_id": t.ActorID, "action": t.Action.String(), "outcome": t.Outcome.String()}
}

// Hold returns the tally of key, inserting the key with zero counts if it
// has no row, in one statement that leaves the row locked until the
// transaction ends: the no-op update on a conflict takes the row lock and,
// under READ COMMITTED, reads the latest committed row after waiting for a
// concurrent holder.
func (r ticketRepo) Hold(ctx context.Context, key video.TicketTally) (video.TicketTally, error) {
	out := video.TicketTally{TicketID: key.TicketID, ActorID: key.ActorID, Action: key.Action, Outcome: key.Outcome}
	q := psql.Insert("carenet.video_ticket_tallies AS t").SetMap(ticketKey(key)).
		Suffix("ON CONFLICT (ticket_id, actor_id, action, outcome) DO UPDATE SET count = t.count " +
			"RETURNING t.count, t.recorded_at, t.unrecorded")
	err := r.t.one(ctx, write("tickets.Hold", "video ticket tally"), q, &out.Count, timeCol{&out.RecordedAt}, &out.Unrecorded)
	return out, err
}

// Put stores t's counts and time; NotFound if its key has no row.
func (r ticketRepo) Put(ctx context.Context, t video.TicketTally) error {
	o := write("tickets.Put", "video ticket tally")
	n, err := r.t.exec(ctx, o, psql.Update("carenet.video_ticket_tallies").
		SetMap(map[string]any{"count": t.Count, "recorded_at": microArg(t.RecordedAt), "unrecorded": t.Unrecorded}).
		Where(sq.Eq(ticketKey(t))))
	if err == nil && n == 0 {
		return notFound("tickets.Put", "video ticket tally")
	}
	return err
}
