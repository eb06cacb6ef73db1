package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// Referral returns the transaction boundary of package referral.
func (s *Store) Referral() referral.Store { return transactor[referral.Tx]{s} }

var _ referral.Tx = (*tx)(nil)

// referralState holds package referral's records and their indexes.
type referralState struct {
	referrals table[string, referralRec] // by ID
	byKey     table[referralKey, string] // submitter and idempotency key → ID
	// bySubmitter orders every referral by submitter, then newest first.
	bySubmitter sortedSet[submitterEntry]
	// queue orders the referrals ever submitted by SubmittedAt, then ID.
	queue sortedSet[queueEntry]
}

func newReferralState() referralState {
	return referralState{
		bySubmitter: newSortedSet(compareSubmitterEntries),
		queue:       newSortedSet(compareQueueEntries),
	}
}

// referralRec is a stored referral with its folded agency name, which the
// queue filters on.
type referralRec struct {
	r      referral.Referral
	agency string // personnel.Fold(r.Referrer.Agency)
}

type referralKey struct{ submitter, key string }

type submitterEntry struct {
	submitter string
	created   time.Time
	id        string
}

func compareSubmitterEntries(a, b submitterEntry) int {
	return cmp.Or(strings.Compare(a.submitter, b.submitter), b.created.Compare(a.created), strings.Compare(b.id, a.id))
}

type queueEntry struct {
	submitted time.Time
	id        string
}

func compareQueueEntries(a, b queueEntry) int {
	return cmp.Or(a.submitted.Compare(b.submitted), strings.Compare(a.id, b.id))
}

// queueEntryOf is r's entry in the queue, or ok=false if it was never
// submitted.
func queueEntryOf(r referral.Referral) (e queueEntry, ok bool) {
	if r.SubmittedAt == nil {
		return queueEntry{}, false
	}
	return queueEntry{submitted: *r.SubmittedAt, id: r.ID}, true
}

// cloneReferral copies every list and pointer of r, with its times as the
// store keeps them (ts).
func cloneReferral(r referral.Referral) referral.Referral {
	r.Form = r.Form.Clone()
	f := &r.Form
	f.IncidentDate, f.ReportedDate, f.ReceivedDate = tsPtr(f.IncidentDate), tsPtr(f.ReportedDate), tsPtr(f.ReceivedDate)
	for i := range f.Children {
		f.Children[i].DateOfBirth = tsPtr(f.Children[i].DateOfBirth)
	}
	for i := range f.Offenders {
		f.Offenders[i].DateOfBirth = tsPtr(f.Offenders[i].DateOfBirth)
	}
	r.History = slices.Clone(r.History)
	for i := range r.History {
		r.History[i].At = ts(r.History[i].At)
	}
	r.MergedFrom = slices.Clone(r.MergedFrom)
	r.CreatedAt, r.UpdatedAt, r.SubmittedAt = ts(r.CreatedAt), ts(r.UpdatedAt), tsPtr(r.SubmittedAt)
	return r
}

// referralReferences counts the referrals the person submitted.
func (t *tx) referralReferences(personID string) int {
	n := 0
	for e := range t.st.referral.bySubmitter.from(func(e submitterEntry) bool { return e.submitter >= personID }) {
		if e.submitter != personID {
			break
		}
		n++
	}
	return n
}

// Referrals returns the referral repository of the transaction.
//
// Create returns NotFound if the submitter is not a stored person, so a
// person who submitted referrals is never left out of People().References.
func (t *tx) Referrals() referral.Repository { return referrals{t} }

type referrals struct{ t *tx }

var _ referral.KeyFinder = referrals{}

func (r referrals) Create(ctx context.Context, ref referral.Referral) error {
	const op = "memory.Referrals.Create"
	t := r.t
	rs := &t.st.referral
	if err := beginCreate(ctx, t, op, &rs.referrals, ref.ID, "a referral"); err != nil {
		return err
	}
	key := referralKey{ref.SubmitterID, ref.IdempotencyKey}
	if ref.IdempotencyKey != "" && rs.byKey.has(key) {
		return conflict(op, "the submitter already has a referral with this idempotency key")
	}
	if !t.st.people.has(ref.SubmitterID) {
		return notFound(op, "submitter")
	}
	ref = cloneReferral(ref)
	ref.Version = 1
	rs.referrals.put(t, ref.ID, referralRec{r: ref, agency: personnel.Fold(ref.Referrer.Agency)})
	if ref.IdempotencyKey != "" {
		rs.byKey.put(t, key, ref.ID)
	}
	rs.bySubmitter.insert(t, submitterEntry{submitter: ref.SubmitterID, created: ref.CreatedAt, id: ref.ID})
	if e, ok := queueEntryOf(ref); ok {
		rs.queue.insert(t, e)
	}
	return nil
}

func (r referrals) Get(ctx context.Context, id string) (referral.Referral, error) {
	return get(ctx, r.t, "memory.Referrals.Get", "referral", &r.t.st.referral.referrals, id, func(rec referralRec) referral.Referral { return cloneReferral(rec.r) })
}

// currentReferral begins a write and returns the stored record of ref's
// referral, the check behind Update and HandOver: NotFound if it is
// missing, Conflict if ref.Version is not the stored version.
func (t *tx) currentReferral(ctx context.Context, op string, ref referral.Referral) (referralRec, error) {
	if err := t.begin(ctx, op, true); err != nil {
		return referralRec{}, err
	}
	old, ok := t.st.referral.referrals.get(ref.ID)
	switch {
	case !ok:
		return referralRec{}, notFound(op, "referral")
	case ref.Version != old.r.Version:
		return referralRec{}, staleVersion(op, "referral")
	}
	return old, nil
}

// Update keeps the stored SubmitterID, IdempotencyKey and CreatedAt.
func (r referrals) Update(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	t := r.t
	old, err := t.currentReferral(ctx, "memory.Referrals.Update", ref)
	if err != nil {
		return referral.Referral{}, err
	}
	rs := &t.st.referral
	ref = cloneReferral(ref)
	ref.SubmitterID, ref.IdempotencyKey, ref.CreatedAt = old.r.SubmitterID, old.r.IdempotencyKey, old.r.CreatedAt
	ref.Version = old.r.Version + 1
	requeue(t, old.r, ref)
	rs.referrals.put(t, ref.ID, referralRec{r: ref, agency: personnel.Fold(ref.Referrer.Agency)})
	return cloneReferral(ref), nil
}

// requeue moves the referral's queue entry from where old had it to where
// ref has it.
func requeue(t *tx, old, ref referral.Referral) {
	rs := &t.st.referral
	oldEntry, wasQueued := queueEntryOf(old)
	newEntry, queued := queueEntryOf(ref)
	if wasQueued != queued || oldEntry != newEntry {
		if wasQueued {
			rs.queue.delete(t, oldEntry)
		}
		if queued {
			rs.queue.insert(t, newEntry)
		}
	}
}

func (r referrals) ByIdempotencyKey(ctx context.Context, submitterID, key string) (referral.Referral, error) {
	const op = "memory.Referrals.ByIdempotencyKey"
	if err := r.t.begin(ctx, op, false); err != nil {
		return referral.Referral{}, err
	}
	rs := &r.t.st.referral
	if key == "" {
		return referral.Referral{}, notFound(op, "referral")
	}
	id, ok := rs.byKey.get(referralKey{submitterID, key})
	if !ok {
		return referral.Referral{}, notFound(op, "referral")
	}
	return cloneReferral(rs.referrals.at(id).r), nil
}

// ListBySubmitter seeks to the submitter's first referral after the
// cursor and walks their referrals in order.
func (r referrals) ListBySubmitter(ctx context.Context, q referral.SubmitterQuery) ([]referral.Referral, error) {
	const op = "memory.Referrals.ListBySubmitter"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	rs := &r.t.st.referral
	start := func(e submitterEntry) bool { return e.submitter >= q.SubmitterID }
	if q.After != nil {
		after := submitterEntry{submitter: q.SubmitterID, created: q.After.At, id: q.After.ID}
		start = func(e submitterEntry) bool { return compareSubmitterEntries(e, after) > 0 }
	}
	var out []referral.Referral
	for e := range rs.bySubmitter.from(start) {
		if e.submitter != q.SubmitterID || len(out) == q.Limit {
			break
		}
		if ref := rs.referrals.at(e.id).r; len(q.Statuses) == 0 || slices.Contains(q.Statuses, ref.Status) {
			out = append(out, cloneReferral(ref))
		}
	}
	return out, nil
}

// Queue seeks to the first referral submitted at or after q.SubmittedFrom
// and after the cursor, and walks the queue until q.SubmittedBefore.
func (r referrals) Queue(ctx context.Context, q referral.QueueQuery) ([]referral.Referral, error) {
	const op = "memory.Referrals.Queue"
	if err := r.t.begin(ctx, op, false); err != nil {
		return nil, err
	}
	rs := &r.t.st.referral
	start := func(e queueEntry) bool {
		return (q.SubmittedFrom == nil || !e.submitted.Before(*q.SubmittedFrom)) &&
			(q.After == nil || compareQueueEntries(e, queueEntry{submitted: q.After.At, id: q.After.ID}) > 0)
	}
	var out []referral.Referral
	for e := range rs.queue.from(start) {
		if len(out) == q.Limit || q.SubmittedBefore != nil && !e.submitted.Before(*q.SubmittedBefore) {
			break
		}
		if rec := rs.referrals.at(e.id); matchQueue(rec, q) {
			out = append(out, cloneReferral(rec.r))
		}
	}
	return out, nil
}

// matchQueue reports whether rec passes q's filters other than time.
func matchQueue(rec referralRec, q referral.QueueQuery) bool {
	ref := rec.r
	return slices.Contains(q.Statuses, ref.Status) &&
		(len(q.Kinds) == 0 || slices.Contains(q.Kinds, ref.Kind)) &&
		(q.Agency == "" || q.Agency == rec.agency) &&
		(q.Urgency == "" || q.Urgency == ref.Urgency)
}
