package referral

import (
	"bytes"
	"encoding/json"

	"github.com/carenet-go/carenet"
)

// sameRequest returns nil if a call with an idempotency key repeats the
// call that made first (the same action, the same form), else a Conflict
// on the key. The received date is left out of the comparison when the
// service set it, as it is the day of each call.
func sameRequest(first Referral, action Action, f Form, serverReceived bool) error {
	if len(first.History) == 0 || first.History[0].Action != action {
		return errKeyReused
	}
	was := first.Form
	if serverReceived {
		was.ReceivedDate, f.ReceivedDate = nil, nil
	}
	a, aerr := json.Marshal(was)
	b, berr := json.Marshal(f)
	if aerr != nil || berr != nil || !bytes.Equal(a, b) {
		return errKeyReused
	}
	return nil
}

// errKeyReused is the error for an idempotency key used again for another
// request.
var errKeyReused = carenet.E("referral.Submit", carenet.Conflict, "",
	&carenet.ValidationError{Problems: []carenet.FieldError{{Field: "idempotency_key", Rule: RuleKeyReused,
		Message: "was already used for a different request; use a new key for a new referral"}}})

// RuleKeyReused: an idempotency key was used again with another action or
// another form.
const RuleKeyReused = "key_reused"
