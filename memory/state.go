package memory

import (
	"time"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// state is everything a Store holds: one version of it. A committed state
// is never changed; a write transaction works on a shallow copy whose
// tables, multimaps and sorted sets copy on write what it touches (see
// doc.go). Stored values are private copies that are replaced, never
// changed in place. The fields named "...By..." and "...Of" are indexes
// kept in step with the records they point to.
type state struct {
	// auth
	accounts        table[string, auth.Account] // by ID
	accountByName   table[string, string]       // lower-cased username → account ID
	accountByPerson table[string, string]       // person ID → account ID
	usernames       sortedSet[usernameKey]
	credentials     table[string, auth.Credentials]   // by account ID
	securityGroups  table[string, auth.SecurityGroup] // by ID
	securityByName  table[string, string]             // lower-cased name → group ID
	sessions        table[string, auth.Session]       // by ID
	sessionByHash   table[string, string]             // token hash → session ID
	sessionsOf      multimap[string, string, struct{}]
	tokens          table[string, auth.PasswordToken] // by ID
	tokenByHash     table[string, string]             // token hash → token ID
	tokensOf        multimap[string, string, struct{}]
	passkeys        passkeyState
	recoveryCodes   table[string, []auth.RecoveryCode] // by account ID, ordered by ID

	// audit
	// events is in sequence order; events[i].Seq == i+1 unless tampered
	// with. It is only appended to: a state sees events[:len(events)],
	// and an append past it writes where no committed state reads.
	events      []audit.Event
	auditHead   audit.Head         // the record of the end of the chain, kept apart from events
	actorEvents table[string, int] // actor ID → number of events

	// personnel
	people      table[string, *personRec] // by ID
	byFamily    sortedSet[personEntry]
	byWord      sortedSet[wordEntry]                // the other tails of each name
	groups      table[string, personnel.Group]      // by ID
	groupByName table[string, string]               // folded name → group ID
	members     multimap[string, string, time.Time] // group ID → person IDs, with when they were added
	memberships multimap[string, string, struct{}]  // person ID → group IDs

	// video
	video videoState

	// referral
	referral referralState
}

// newState is an empty state: its tables are ready as zero values, its
// sorted sets need their order.
func newState() state {
	return state{
		usernames: newSortedSet(compareUsernameKeys),
		byFamily:  newSortedSet(compareFamilyOrder),
		byWord:    newSortedSet(compareWordOrder),
		referral:  newReferralState(),
	}
}
