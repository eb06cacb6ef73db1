package audit

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
)

// Batch is what a follower delivers at a time.
type Batch struct {
	// Events are the sealed events after the cursor that match the feed's
	// query, in sequence order.
	Events []Event
	// Cursor is the sequence number to store once the batch is
	// delivered: the last event read, which may be past the last one in
	// Events when a query skips some.
	Cursor int64
}

// FeedOptions tunes Follow.
type FeedOptions struct {
	// Query selects the events to deliver (its Cursor and Limit are
	// ignored). The zero Query delivers every event.
	Query Query
	// Poll is how long Follow waits before it reads again after finding
	// nothing new (250ms when 0).
	Poll time.Duration
	// BatchSize caps the events read at a time (100 when 0).
	BatchSize int
}

// Follow is the log as an event feed, the transactional outbox pattern: a
// host that must act on events (send a notification when a share is
// created or a referral changes status, deliver a password link) stores a
// cursor, the sequence number of the last event it handled, and follows
// the log from it:
//
//	cursor := loadCursor()
//	err := log.Follow(ctx, cursor, audit.FeedOptions{}, func(ctx context.Context, b audit.Batch) error {
//		for _, e := range b.Events {
//			if err := notify(e); err != nil {
//				return err // Follow stops; the next run starts again at cursor
//			}
//		}
//		return saveCursor(b.Cursor)
//	})
//
// Events are delivered in sequence order, at least once: after a crash
// between notify and saveCursor the batch is delivered again, so a
// notification carries the event's ID for the receiver to drop repeats.
// Only sealed events are delivered: an event whose transaction rolled back
// never is, and every committed event is sealed (within SealBound) at a
// sequence number above every one sealed before, so a cursor never skips
// an event.
//
// Follow returns the error of deliver, or the context's (Canceled) when
// ctx ends; it never returns nil.
func (s *Service) Follow(ctx context.Context, after int64, opts FeedOptions, deliver func(context.Context, Batch) error) error {
	poll := opts.Poll
	if poll <= 0 {
		poll = 250 * time.Millisecond
	}
	limit := opts.BatchSize
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	q := opts.Query
	q.Cursor, q.Limit = "", 0
	f, err := q.filter()
	if err != nil {
		return err
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return carenet.E("audit.Follow", carenet.Canceled, "", ctx.Err())
		case <-timer.C:
		}
		b, err := s.next(ctx, after, f, limit)
		if err != nil {
			return err
		}
		if b.Cursor > after {
			if len(b.Events) > 0 {
				if err := deliver(ctx, b); err != nil {
					return err
				}
			}
			after = b.Cursor
			timer.Reset(0)
			continue
		}
		timer.Reset(poll)
	}
}

// Next reads one batch of the feed after the cursor: the events matching
// q (its Cursor and Limit are ignored) among the next limit sealed events
// (DefaultSearchLimit when 0). Batch.Cursor equals after when there is
// nothing new. Follow calls it in a loop; a host that polls on its own
// schedule calls it directly.
func (s *Service) Next(ctx context.Context, after int64, q Query, limit int) (Batch, error) {
	if limit <= 0 {
		limit = DefaultSearchLimit
	}
	q.Cursor, q.Limit = "", 0
	f, err := q.filter()
	if err != nil {
		return Batch{}, err
	}
	return s.next(ctx, after, f, limit)
}

func (s *Service) next(ctx context.Context, after int64, f Filter, limit int) (Batch, error) {
	b, err := carenet.View(ctx, s.store, func(tx Tx) (Batch, error) {
		b := Batch{Cursor: after}
		// Read every event of the next stretch, so the cursor moves past
		// the events the query skips, and filter here.
		page, err := tx.Audit().List(ctx, Filter{AfterSeq: after, Limit: limit})
		if err != nil {
			return Batch{}, err
		}
		for _, e := range page {
			if f.Matches(e) {
				b.Events = append(b.Events, e)
			}
			b.Cursor = e.Seq
		}
		return b, nil
	})
	if err != nil {
		return Batch{Cursor: after}, err
	}
	return b, nil
}
