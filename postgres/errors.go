package postgres

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	sq "github.com/Masterminds/squirrel"

	"github.com/carenet-go/carenet"
)

// op describes a repository call for error reporting: its name, the noun
// its messages use, and whether it deletes (so a foreign-key violation
// means the row is still referred to, rather than that it refers to a row
// that does not exist); planPerCall keeps its statements unprepared, for
// statements whose best plan depends on their values (see statements.go).
type op struct {
	name        string
	noun        string
	delete      bool
	planPerCall bool
}

func read(name, noun string) op   { return op{name: "postgres." + name, noun: noun} }
func write(name, noun string) op  { return op{name: "postgres." + name, noun: noun} }
func remove(name, noun string) op { return op{name: "postgres." + name, noun: noun, delete: true} }

// Messages for the constraints whose violation a caller may want explained.
// Constraints not listed get a message built from the operation's noun.
var constraintMessages = map[string]string{
	"accounts_username_key":                  "the username is already taken",
	"accounts_person_id_key":                 "the person already has a login",
	"accounts_person_id_fkey":                "the person does not exist",
	"accounts_username_check":                "the username must be stored in lower case",
	"account_groups_group_id_fkey":           "a security group does not exist",
	"security_groups_name_key":               "a security group with that name already exists",
	"personnel_groups_name_key":              "a personnel group with that name already exists",
	"personnel_group_members_group_id_fkey":  "the personnel group does not exist",
	"personnel_group_members_person_id_fkey": "the person does not exist",
	"sessions_account_id_fkey":               "the account does not exist",
	"password_tokens_account_id_fkey":        "the account does not exist",
	"passkeys_account_id_fkey":               "the account does not exist",
	"passkeys_credential_id_key":             "the passkey is registered already",
	"passkey_ceremonies_account_id_fkey":     "the account does not exist",
	"passkey_ceremonies_purpose_check":       "the ceremony's purpose is not one of the known purposes",
	"passkey_ceremonies_account_check":       "a sign-in ceremony names no account, every other ceremony one",
	"recovery_codes_account_id_fkey":         "the account does not exist",
	"people_state_check":                     "the state must be active or inactive",
	"people_agency_kind_check":               "the agency kind is not one of the known kinds",
	"password_tokens_purpose_check":          "the link purpose is not one of the known purposes",
	"videos_interviewer_id_fkey":             "the interviewer does not exist",
	"videos_uploaded_by_fkey":                "the uploader does not exist",
	"videos_sha256_check":                    "the checksum must be 64 lower-case hexadecimal digits",
	"video_shares_video_id_fkey":             "the video does not exist",
	"video_shares_grantee_id_fkey":           "the grantee does not exist",
	"video_shares_shared_by_fkey":            "the person sharing does not exist",
	"video_shares_mode_check":                "the share mode must be view or view_download",
	"video_shares_window_check":              "a share must expire after it starts",
	"referrals_submitter_id_fkey":            "the submitter does not exist",
	"referrals_status_check":                 "the referral status is not one of the known statuses",
	"referrals_kind_check":                   "the referral kind is not one of the known kinds",
	"referrals_urgency_check":                "the urgency is not one of the known urgencies",
}

// Messages for deletes refused by a foreign key, by constraint.
var inUseMessages = map[string]string{
	"account_groups_group_id_fkey": "the security group is applied to at least one person",
	"accounts_person_id_fkey":      "the person has a login",
	"sessions_account_id_fkey":     "the account has sessions",
	"videos_interviewer_id_fkey":   "the person is a video's interviewer",
	"videos_uploaded_by_fkey":      "the person uploaded a video",
	"video_shares_grantee_id_fkey": "videos are shared with the person",
	"video_shares_shared_by_fkey":  "the person shared videos",
	"video_shares_video_id_fkey":   "the video has shares",
	"referrals_submitter_id_fkey":  "the person submitted referrals",
}

// missingPrivilege is the message of a statement the database refused for
// want of a privilege: the role the store connects as was not granted what
// the SDK needs, or was granted it before a migration added a table.
const missingPrivilege = "the database role the store connects as lacks a privilege the SDK needs: " +
	"have the schema's owner run 'carenet grant -role <that role>' (postgres.Store.Grant) after migrating"

// dbError turns an error from database/sql or the driver into a
// *carenet.Error with the SDK's code (see the package comment). The
// driver's error stays as the cause; only the store's own sentences reach
// Message.
func dbError(ctx context.Context, o op, err error) error {
	if err == nil {
		return nil
	}
	var ce *carenet.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return carenet.E(o.name, carenet.NotFound, o.noun+" not found", nil)
	}
	if pe, ok := serverError(err); ok {
		switch pe.code {
		case uniqueViolation:
			return carenet.E(o.name, carenet.Conflict, pe.message(constraintMessages, "the "+o.noun+" already exists"), err)
		case foreignKeyViolation:
			if o.delete {
				return carenet.E(o.name, carenet.InUse, pe.message(inUseMessages, "the "+o.noun+" is referred to by other records"), err)
			}
			return carenet.E(o.name, carenet.NotFound, pe.message(constraintMessages, "a record the "+o.noun+" refers to does not exist"), err)
		case checkViolation, notNullViolation:
			return carenet.E(o.name, carenet.Invalid, pe.message(constraintMessages, "the "+o.noun+" breaks a rule of the store"), err)
		case serializationFailure, deadlockDetected:
			return carenet.E(o.name, carenet.Conflict, "the change clashed with a concurrent change; try again", err)
		case queryCanceled, lockNotAvailable:
			return carenet.E(o.name, carenet.Canceled, "the request took too long and was cancelled", err)
		case readOnlySQLTransaction:
			return carenet.E(o.name, carenet.Internal, "a write was attempted in a read-only transaction", err)
		case inFailedSQLTransaction:
			return carenet.E(o.name, carenet.Internal, "the transaction was aborted by an earlier error", err)
		case insufficientPrivilege:
			return carenet.E(o.name, carenet.Internal, missingPrivilege, err)
		}
		if strings.HasPrefix(pe.code, dataExceptionClass) { // text or a value the database cannot hold
			return carenet.E(o.name, carenet.Invalid, "the "+o.noun+" holds a value the store cannot keep", err)
		}
	}
	if ctx.Err() != nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		cause := err
		if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			cause = errors.Join(ctx.Err(), err)
		}
		return carenet.E(o.name, carenet.Canceled, "the request was cancelled", cause)
	}
	return carenet.E(o.name, carenet.Internal, "", err)
}

// retryable reports whether err says the transaction lost a race that
// running it again can win: a serialization failure or a deadlock.
func retryable(err error) bool {
	pe, ok := serverError(err)
	return ok && (pe.code == serializationFailure || pe.code == deadlockDetected)
}

// notFound is the NotFound error of a call that found no row to change.
func notFound(name, noun string) error {
	return carenet.E("postgres."+name, carenet.NotFound, noun+" not found", nil)
}

// conflict is a Conflict error with the store's message.
func conflict(name, message string) error {
	return carenet.E("postgres."+name, carenet.Conflict, message, nil)
}

// onConflictDoNothing ends an INSERT that must not abort the transaction
// when a unique key is taken: it inserts nothing instead, and the caller
// reports the Conflict.
const onConflictDoNothing = "ON CONFLICT DO NOTHING"

// insert runs the INSERT q as o with onConflictDoNothing and reports
// whether the row went in: not when a unique key refused it, and the
// transaction stays usable then.
func (t *txn) insert(ctx context.Context, o op, q sq.InsertBuilder) (bool, error) {
	n, err := t.exec(ctx, o, q.Suffix(onConflictDoNothing))
	return n > 0, err
}

// insertNew inserts with insert, as the write name of a noun: Conflict
// with the message taken if a unique key refused the row.
func (t *txn) insertNew(ctx context.Context, name, noun string, q sq.InsertBuilder, taken string) error {
	if ok, err := t.insert(ctx, write(name, noun), q); err != nil || ok {
		return err
	}
	return conflict(name, taken)
}

// takenBy explains an insert that a unique key refused: Conflict with
// byID if the row with id exists, else with other (the message of the
// table's other unique key).
func (t *txn) takenBy(ctx context.Context, name, table, id string, byID, other string) error {
	o := read(name, "row")
	var idTaken bool
	q := psql.Select().Column("EXISTS (SELECT 1 FROM "+table+" WHERE id = ?)", id)
	if err := t.one(ctx, o, q, &idTaken); err != nil {
		return err
	}
	if idTaken {
		return conflict(name, byID)
	}
	return conflict(name, other)
}

// updateVersioned runs q, an UPDATE of the row with id in table that
// checks its version and returns the row, as o into dest: if it changed
// nothing, staleOrMissing says why.
func (t *txn) updateVersioned(ctx context.Context, o op, q sqlizer, table, id string, dest ...any) error {
	found, err := t.maybeOne(ctx, o, q, dest...)
	if err == nil && !found {
		err = t.staleOrMissing(ctx, o, table, id)
	}
	return err
}

// staleOrMissing explains why a versioned update of the row with id in
// table changed nothing: NotFound if the row is missing, else Conflict (the
// version was stale). It runs only after such an update failed.
func (t *txn) staleOrMissing(ctx context.Context, o op, table, id string) error {
	var one int
	err := t.one(ctx, o, psql.Select("1").From(table).Where(sq.Eq{"id": id}), &one)
	if err != nil {
		return err
	}
	return carenet.E(o.name, carenet.Conflict, "the "+o.noun+" was changed by someone else; reload and try again", nil)
}
