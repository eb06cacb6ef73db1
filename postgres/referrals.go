package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	sq "github.com/Masterminds/squirrel"
	"github.com/lib/pq"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
)

// Referrals returns the referral repository of the transaction.
func (t *txn) Referrals() referral.Repository { return referralRepo{t} }

// referralRepo keeps referrals in carenet.referrals: the form's top-level
// fields in columns, its nested parts and the history in jsonb, and the
// folded referring agency the queue filters on.
type referralRepo struct{ t *txn }

var _ referral.KeyFinder = referralRepo{}

// referralColumns are the columns referralDest scans, from the table
// aliased r.
const referralColumns = "r.id, r.submitter_id, r.idempotency_key, r.status, r.kind, r.urgency, r.version, " +
	"r.referrer_name, r.referrer_agency, r.referrer_phone, r.referrer_email, r.reason, r.agency_case_number, " +
	"r.narrative, r.incident_date, r.reported_date, r.received_date, r.children, r.household, r.offenders, " +
	"r.allegations, r.services, r.le, r.cps, r.attachments, r.history, r.case_id, r.merged_into, r.merged_from, " +
	"r.created_at, r.updated_at, r.submitted_at"

func referralDest(r *referral.Referral) []any {
	f := &r.Form
	return []any{&r.ID, &r.SubmitterID, &r.IdempotencyKey, &r.Status, &f.Kind, &f.Urgency, &r.Version,
		&f.Referrer.Name, &f.Referrer.Agency, &f.Referrer.Phone, &f.Referrer.Email, &f.Reason, &f.AgencyCaseNumber,
		&f.Narrative, optTimeCol{&f.IncidentDate}, optTimeCol{&f.ReportedDate}, optTimeCol{&f.ReceivedDate},
		jsonCol{&f.Children}, jsonCol{&f.Household}, jsonCol{&f.Offenders},
		jsonCol{&f.Allegations}, jsonCol{&f.Services}, jsonCol{&f.LE}, jsonCol{&f.CPS}, jsonCol{&f.Attachments},
		jsonCol{&r.History}, &r.CaseID, &r.MergedInto, jsonCol{&r.MergedFrom},
		timeCol{&r.CreatedAt}, timeCol{&r.UpdatedAt}, optTimeCol{&r.SubmittedAt}}
}

// referralValues are the stored columns of r that may change: all but id,
// submitter_id, idempotency_key, created_at and version. Times are
// normalised as carenet.Timestamp does, those inside the jsonb parts
// included. It returns an Invalid error if some text cannot be kept
// exactly (see checkJSON).
func referralValues(r referral.Referral) (map[string]any, error) {
	f := &r.Form
	values := map[string]any{
		"status":             string(r.Status),
		"kind":               string(f.Kind),
		"urgency":            string(f.Urgency),
		"referrer_name":      f.Referrer.Name,
		"referrer_agency":    f.Referrer.Agency,
		"referrer_phone":     f.Referrer.Phone,
		"referrer_email":     f.Referrer.Email,
		"agency_key":         personnel.Fold(f.Referrer.Agency),
		"reason":             f.Reason,
		"agency_case_number": f.AgencyCaseNumber,
		"narrative":          f.Narrative,
		"incident_date":      stampArg(f.IncidentDate),
		"reported_date":      stampArg(f.ReportedDate),
		"received_date":      stampArg(f.ReceivedDate),
		"case_id":            r.CaseID,
		"merged_into":        r.MergedInto,
		"updated_at":         carenet.Timestamp(r.UpdatedAt),
		"submitted_at":       stampArg(r.SubmittedAt),
	}
	children := slices.Clone(f.Children)
	for i := range children {
		children[i].DateOfBirth = stampPtr(children[i].DateOfBirth)
	}
	offenders := slices.Clone(f.Offenders)
	for i := range offenders {
		offenders[i].DateOfBirth = stampPtr(offenders[i].DateOfBirth)
	}
	history := slices.Clone(r.History)
	for i := range history {
		history[i].At = carenet.Timestamp(history[i].At)
	}
	for _, part := range []struct {
		column string
		v      any
	}{
		{"children", children}, {"household", f.Household}, {"offenders", offenders},
		{"allegations", f.Allegations}, {"services", f.Services}, {"le", f.LE}, {"cps", f.CPS},
		{"attachments", f.Attachments}, {"history", history}, {"merged_from", r.MergedFrom},
	} {
		b, err := json.Marshal(part.v)
		if err != nil {
			return nil, fmt.Errorf("encoding %s: %w", part.column, err)
		}
		if err := checkJSON(b); err != nil {
			return nil, fmt.Errorf("%s: %w", part.column, err)
		}
		values[part.column] = string(b)
	}
	return values, nil
}

// errNotUTF8 is the cause of the Invalid error for text jsonb cannot keep.
var errNotUTF8 = errors.New("text that is not valid UTF-8")

// checkJSON reports text that encoding/json could not encode exactly:
// encoding/json replaces bytes that are not UTF-8 with the escape \ufffd
// (a real U+FFFD it writes as itself). NUL, which it escapes as \u0000,
// jsonb refuses on its own (an Invalid error too).
func checkJSON(b []byte) error {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`\ufffd`))
		if j < 0 {
			return nil
		}
		j += i
		// The backslash starts an escape if an even number of
		// backslashes precede it.
		n := 0
		for k := j - 1; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return errNotUTF8
		}
		i = j + 1
	}
}

// stampPtr is carenet.Timestamp of *t, or nil.
func stampPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	v := carenet.Timestamp(*t)
	return &v
}

// stampArg is the parameter for an optional time, normalised as
// carenet.Timestamp does.
func stampArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return carenet.Timestamp(*t)
}

// jsonCol scans a jsonb column into the value p points to.
type jsonCol struct{ p any }

func (c jsonCol) Scan(v any) error {
	switch v := v.(type) {
	case []byte:
		return json.Unmarshal(v, c.p)
	case string:
		return json.Unmarshal([]byte(v), c.p)
	}
	return fmt.Errorf("postgres: cannot scan %T as JSON", v)
}

// statusArray is the parameter for a list of statuses.
func statusArray(list []referral.Status) any {
	s := make([]string, len(list))
	for i, v := range list {
		s[i] = string(v)
	}
	return pq.Array(s)
}

// invalidReferral is the Invalid error of a referral the store cannot keep
// exactly.
func invalidReferral(name string, err error) error {
	return carenet.E("postgres."+name, carenet.Invalid, "the referral holds text that is not valid UTF-8", err)
}

// Create stores a new referral with Version 1, in one statement. Conflict
// if the id is taken or the submitter already has a referral with
// r.IdempotencyKey (the transaction stays usable); NotFound if the
// submitter is not a stored person; Invalid if a value breaks the schema
// or holds text that is not UTF-8 or holds NUL.
func (r referralRepo) Create(ctx context.Context, ref referral.Referral) error {
	const name = "referrals.Create"
	o := write(name, "referral")
	if _, err := r.t.db(o); err != nil {
		return err
	}
	values, err := referralValues(ref)
	if err != nil {
		return invalidReferral(name, err)
	}
	values["id"] = ref.ID
	values["submitter_id"] = ref.SubmitterID
	values["idempotency_key"] = ref.IdempotencyKey
	values["created_at"] = carenet.Timestamp(ref.CreatedAt)
	values["version"] = 1
	if ok, err := r.t.insert(ctx, o, psql.Insert("carenet.referrals").SetMap(values)); err != nil || ok {
		return err
	}
	return r.t.takenBy(ctx, name, "carenet.referrals", ref.ID,
		"a referral with this id already exists", "the submitter already has a referral with this idempotency key")
}

// Get returns the referral with id; NotFound if there is none.
func (r referralRepo) Get(ctx context.Context, id string) (referral.Referral, error) {
	var out referral.Referral
	q := psql.Select(referralColumns).From("carenet.referrals r").Where(sq.Eq{"r.id": id})
	err := r.t.one(ctx, read("referrals.Get", "referral"), q, referralDest(&out)...)
	if err != nil {
		return referral.Referral{}, err
	}
	return out, nil
}

// Update stores ref if ref.Version is the stored version and returns it as
// stored, with Version increased by one, in one statement. The stored
// SubmitterID, IdempotencyKey and CreatedAt are kept. NotFound if the
// referral is missing, Conflict if the version is stale, Invalid as for
// Create.
func (r referralRepo) Update(ctx context.Context, ref referral.Referral) (referral.Referral, error) {
	return r.rewrite(ctx, "referrals.Update", ref, nil)
}

// rewrite is the one versioned UPDATE of a referral behind Update and
// HandOver: it writes ref's values and those of extra, bumps the version
// where it still is ref.Version and returns the stored row; NotFound if the
// referral is missing, Conflict if the version is stale.
func (r referralRepo) rewrite(ctx context.Context, name string, ref referral.Referral, extra map[string]any) (referral.Referral, error) {
	o := write(name, "referral")
	if _, err := r.t.db(o); err != nil {
		return referral.Referral{}, err
	}
	values, err := referralValues(ref)
	if err != nil {
		return referral.Referral{}, invalidReferral(name, err)
	}
	for k, v := range extra {
		values[k] = v
	}
	q := psql.Update("carenet.referrals AS r").
		SetMap(values).
		Set("version", sq.Expr("r.version + 1")).
		Where(sq.Eq{"r.id": ref.ID, "r.version": ref.Version}).
		Suffix("RETURNING " + referralColumns)
	var out referral.Referral
	err = r.t.updateVersioned(ctx, o, q, "carenet.referrals", ref.ID, referralDest(&out)...)
	if err != nil {
		return referral.Referral{}, err
	}
	return out, nil
}

// ByIdempotencyKey returns the submitter's referral made with key, on the
// unique index referrals_idempotency_key; NotFound if there is none. An
// empty key finds nothing, without a statement.
func (r referralRepo) ByIdempotencyKey(ctx context.Context, submitterID, key string) (referral.Referral, error) {
	o := read("referrals.ByIdempotencyKey", "referral")
	if _, err := r.t.db(o); err != nil {
		return referral.Referral{}, err
	}
	if key == "" {
		return referral.Referral{}, notFound("referrals.ByIdempotencyKey", "referral")
	}
	var out referral.Referral
	q := psql.Select(referralColumns).From("carenet.referrals r").
		Where(sq.Eq{"r.submitter_id": submitterID, "r.idempotency_key": key}).
		Where("r.idempotency_key <> ''")
	if err := r.t.one(ctx, o, q, referralDest(&out)...); err != nil {
		return referral.Referral{}, err
	}
	return out, nil
}

// ListBySubmitter returns a page of the submitter's referrals, newest
// first, in one statement on the index referrals_by_submitter. A Limit
// below 1 gives nothing.
func (r referralRepo) ListBySubmitter(ctx context.Context, q referral.SubmitterQuery) ([]referral.Referral, error) {
	o := read("referrals.ListBySubmitter", "referral")
	if _, err := r.t.db(o); err != nil {
		return nil, err
	}
	if q.Limit < 1 {
		return nil, nil
	}
	return r.list(ctx, o, submitterStatement(q))
}

// submitterStatement is the one statement of ListBySubmitter.
func submitterStatement(q referral.SubmitterQuery) sq.SelectBuilder {
	stmt := psql.Select(referralColumns).From("carenet.referrals r").Where(sq.Eq{"r.submitter_id": q.SubmitterID})
	if len(q.Statuses) > 0 {
		stmt = stmt.Where("r.status = ANY(CAST(? AS text[]))", statusArray(q.Statuses))
	}
	if c := q.After; c != nil {
		stmt = stmt.Where("(r.created_at, r.id) < (?, ?)", c.At.UTC(), c.ID)
	}
	return stmt.OrderBy("r.created_at DESC", "r.id DESC").Suffix("LIMIT ?", q.Limit)
}

// Queue returns a page of the intake queue, oldest submission first, in
// one statement on the partial index referrals_queue. A Limit below 1
// gives nothing.
func (r referralRepo) Queue(ctx context.Context, q referral.QueueQuery) ([]referral.Referral, error) {
	o := read("referrals.Queue", "referral")
	if _, err := r.t.db(o); err != nil {
		return nil, err
	}
	if q.Limit < 1 {
		return nil, nil
	}
	return r.list(ctx, o, queueStatement(q))
}

// queueStatement is the one statement of Queue.
func queueStatement(q referral.QueueQuery) sq.SelectBuilder {
	stmt := psql.Select(referralColumns).From("carenet.referrals r").
		Where("r.submitted_at IS NOT NULL").
		Where("r.status = ANY(CAST(? AS text[]))", statusArray(q.Statuses))
	if len(q.Kinds) > 0 {
		kinds := make([]string, len(q.Kinds))
		for i, k := range q.Kinds {
			kinds[i] = string(k)
		}
		stmt = stmt.Where("r.kind = ANY(CAST(? AS text[]))", pq.Array(kinds))
	}
	if q.Agency != "" {
		stmt = stmt.Where(sq.Eq{"r.agency_key": q.Agency})
	}
	if q.Urgency != "" {
		stmt = stmt.Where(sq.Eq{"r.urgency": string(q.Urgency)})
	}
	if q.SubmittedFrom != nil {
		stmt = stmt.Where(sq.GtOrEq{"r.submitted_at": q.SubmittedFrom.UTC()})
	}
	if q.SubmittedBefore != nil {
		stmt = stmt.Where(sq.Lt{"r.submitted_at": q.SubmittedBefore.UTC()})
	}
	if c := q.After; c != nil {
		stmt = stmt.Where("(r.submitted_at, r.id) > (?, ?)", c.At.UTC(), c.ID)
	}
	return stmt.OrderBy("r.submitted_at", "r.id").Suffix("LIMIT ?", q.Limit)
}

// list runs a statement selecting referralColumns.
func (r referralRepo) list(ctx context.Context, o op, q sqlizer) ([]referral.Referral, error) {
	out, err := scanAll(ctx, r.t, o, q, referralDest)
	if err != nil {
		return nil, err
	}
	return out, nil
}
