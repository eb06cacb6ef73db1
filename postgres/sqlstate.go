package postgres

import (
	"errors"
	"reflect"
)

// The SQLSTATE codes the store maps to the SDK's codes (PostgreSQL's
// "Appendix A. Error Codes"). The store reads the code a server error
// carries, never a driver's error type, so every database/sql driver gets
// the same codes and the same retries.
const (
	uniqueViolation        = "23505"
	foreignKeyViolation    = "23503"
	checkViolation         = "23514"
	notNullViolation       = "23502"
	serializationFailure   = "40001"
	deadlockDetected       = "40P01"
	queryCanceled          = "57014"
	lockNotAvailable       = "55P03"
	readOnlySQLTransaction = "25006"
	inFailedSQLTransaction = "25P02"
	insufficientPrivilege  = "42501"
	// dataExceptionClass starts the codes of values the database cannot
	// hold (a NUL byte in text, a number out of range).
	dataExceptionClass = "22"
)

// sqlStater is what the server errors of the drivers have in common:
// lib/pq's *pq.Error and pgx's *pgconn.PgError both report their SQLSTATE
// so.
type sqlStater interface {
	SQLState() string
}

// pgError is what the store reads of a server error: its SQLSTATE and the
// constraint it names, if any.
type pgError struct {
	code       string
	constraint string
}

// serverError finds the server's error in err's chain, whichever driver
// reported it.
func serverError(err error) (pgError, bool) {
	var s sqlStater
	if !errors.As(err, &s) {
		return pgError{}, false
	}
	return pgError{code: s.SQLState(), constraint: constraintOf(s)}, true
}

// constraintFields are the names drivers give the field that holds the
// constraint a server error names: pgx's PgError.ConstraintName and lib/pq's
// Error.Constraint. Neither has a method for it, and reading the field by
// name spares the store importing every driver.
var constraintFields = []string{"ConstraintName", "Constraint"}

// constraintOf returns the constraint the error names, "" if it names none
// or the driver keeps it elsewhere (then the store's message is the
// general one for the code).
func constraintOf(err sqlStater) string {
	v := reflect.ValueOf(err)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return ""
	}
	for _, name := range constraintFields {
		if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String {
			return f.String()
		}
	}
	return ""
}

// message returns the store's sentence for the constraint the error names,
// or fallback.
func (e pgError) message(known map[string]string, fallback string) string {
	if m, ok := known[e.constraint]; ok {
		return m
	}
	return fallback
}
