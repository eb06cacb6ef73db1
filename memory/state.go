package memory

import (
	"time"

	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
)

// state is everything a Store holds. Stored values are private copies that
// are replaced, never changed in place, so an undo closure can keep the old
// value. The maps named "...By..." and "...Of" are indexes kept in step with
// the records they point to.
type state struct {
	// auth
	accounts        map[string]auth.Account // by ID
	accountByName   map[string]string       // lower-cased username → account ID
	accountByPerson map[string]string       // person ID → account ID
	usernames       *sortedSet[usernameKey]
	credentials     map[string]auth.Credentials   // by account ID
	securityGroups  map[string]auth.SecurityGroup // by ID
	securityByName  map[string]string             // lower-cased name → group ID
	sessions        map[string]auth.Session       // by ID
	sessionByHash   map[string]string             // token hash → session ID
	sessionsOf      map[string]map[string]struct{}
	tokens          map[string]auth.PasswordToken // by ID
	tokenByHash     map[string]string             // token hash → token ID
	tokensOf        map[string]map[string]struct{}
	recoveryCodes   map[string][]auth.RecoveryCode // by account ID, ordered by ID

	// audit
	events      []audit.Event  // in sequence order; events[i].Seq == i+1 unless tampered with
	auditHead   audit.Head     // the record of the end of the chain, kept apart from events
	actorEvents map[string]int // actor ID → number of events

	// personnel
	people      map[string]*personRec // by ID
	byFamily    *sortedSet[personEntry]
	byWord      *sortedSet[wordEntry]      // the other tails of each name
	groups      map[string]personnel.Group // by ID
	groupByName map[string]string          // folded name → group ID
	members     map[string]map[string]time.Time
	memberships map[string]map[string]struct{} // person ID → group IDs

	// video
	video videoState

	// referral
	referral referralState
}

func newState() *state {
	st := &state{
		accounts:        map[string]auth.Account{},
		accountByName:   map[string]string{},
		accountByPerson: map[string]string{},
		usernames:       newSortedSet(compareUsernameKeys),
		credentials:     map[string]auth.Credentials{},
		securityGroups:  map[string]auth.SecurityGroup{},
		securityByName:  map[string]string{},
		sessions:        map[string]auth.Session{},
		sessionByHash:   map[string]string{},
		sessionsOf:      map[string]map[string]struct{}{},
		tokens:          map[string]auth.PasswordToken{},
		tokenByHash:     map[string]string{},
		tokensOf:        map[string]map[string]struct{}{},
		recoveryCodes:   map[string][]auth.RecoveryCode{},
		actorEvents:     map[string]int{},
		people:          map[string]*personRec{},
		byFamily:        newSortedSet(compareFamilyOrder),
		byWord:          newSortedSet(compareWordOrder),
		groups:          map[string]personnel.Group{},
		groupByName:     map[string]string{},
		members:         map[string]map[string]time.Time{},
		memberships:     map[string]map[string]struct{}{},
		video:           newVideoState(),
		referral:        newReferralState(),
	}
	for _, g := range auth.BuiltinGroups() {
		g = cloneSecurityGroup(g)
		st.securityGroups[g.ID] = g
		st.securityByName[securityNameKey(g.Name)] = g.ID
	}
	return st
}
