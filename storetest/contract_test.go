package storetest_test

import (
	"reflect"
	"testing"

	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// maxRequiredMethods is the most repository methods a store may be
// required to write. Lower it when the contract shrinks; raising it is a
// decision to make a store's contract larger.
const maxRequiredMethods = 75

// contractPart is one interface of the store contract.
type contractPart struct {
	name string
	typ  reflect.Type
}

// requiredRepositories are the repository interfaces every store
// implements (audit.StateReader included: Verify needs it).
var requiredRepositories = []contractPart{
	{"auth.AccountRepository", reflect.TypeFor[auth.AccountRepository]()},
	{"auth.SecurityGroupRepository", reflect.TypeFor[auth.SecurityGroupRepository]()},
	{"auth.SessionRepository", reflect.TypeFor[auth.SessionRepository]()},
	{"auth.PasswordTokenRepository", reflect.TypeFor[auth.PasswordTokenRepository]()},
	{"auth.PasskeyRepository", reflect.TypeFor[auth.PasskeyRepository]()},
	{"auth.PasskeyCeremonyRepository", reflect.TypeFor[auth.PasskeyCeremonyRepository]()},
	{"auth.RecoveryCodeRepository", reflect.TypeFor[auth.RecoveryCodeRepository]()},
	{"personnel.PersonRepository", reflect.TypeFor[personnel.PersonRepository]()},
	{"personnel.GroupRepository", reflect.TypeFor[personnel.GroupRepository]()},
	{"referral.Repository", reflect.TypeFor[referral.Repository]()},
	{"video.VideoRepository", reflect.TypeFor[video.VideoRepository]()},
	{"video.ShareRepository", reflect.TypeFor[video.ShareRepository]()},
	{"video.TicketRepository", reflect.TypeFor[video.TicketRepository]()},
	{"audit.Repository", reflect.TypeFor[audit.Repository]()},
	{"audit.StateReader", reflect.TypeFor[audit.StateReader]()},
	{"accessreview.Repository", reflect.TypeFor[accessreview.Repository]()},
}

// optionalCapabilities are the fast paths and capabilities a store may
// add, found by type assertion; the SDK works without them.
var optionalCapabilities = []contractPart{
	{"auth.SessionLooker (on auth.Store)", reflect.TypeFor[auth.SessionLooker]()},
	{"auth.LoginDisabler (on auth.AccountRepository)", reflect.TypeFor[auth.LoginDisabler]()},
	{"auth.AccountDeleter (on auth.AccountRepository)", reflect.TypeFor[auth.AccountDeleter]()},
	{"auth.SecurityGroupGetter (on auth.SecurityGroupRepository)", reflect.TypeFor[auth.SecurityGroupGetter]()},
	{"auth.SessionRevoker (on auth.SessionRepository)", reflect.TypeFor[auth.SessionRevoker]()},
	{"personnel.GroupGetter (on personnel.GroupRepository)", reflect.TypeFor[personnel.GroupGetter]()},
	{"personnel.EndDateFinder (on personnel.PersonRepository)", reflect.TypeFor[personnel.EndDateFinder]()},
	{"referral.KeyFinder (on referral.Repository)", reflect.TypeFor[referral.KeyFinder]()},
	{"audit.Sealer (on the audit boundary)", reflect.TypeFor[audit.Sealer]()},
}

// txHandles are the transaction handles whose accessors a store provides.
var txHandles = []contractPart{
	{"audit.Tx", reflect.TypeFor[audit.Tx]()},
	{"auth.Tx", reflect.TypeFor[auth.Tx]()},
	{"personnel.Tx", reflect.TypeFor[personnel.Tx]()},
	{"video.Tx", reflect.TypeFor[video.Tx]()},
	{"referral.Tx", reflect.TypeFor[referral.Tx]()},
	{"accessreview.Tx", reflect.TypeFor[accessreview.Tx]()},
}

// methodNames lists t's methods.
func methodNames(t reflect.Type) []string {
	out := make([]string, t.NumMethod())
	for i := range out {
		out[i] = t.Method(i).Name
	}
	return out
}

// TestContractSize counts the methods a store must write, by interface,
// and fails when the count passes maxRequiredMethods, so the contract
// never grows unnoticed. Run with -v to read the figures.
func TestContractSize(t *testing.T) {
	total := 0
	for _, p := range requiredRepositories {
		n := p.typ.NumMethod()
		total += n
		t.Logf("required %-32s %2d %v", p.name, n, methodNames(p.typ))
	}
	accessors := map[string]bool{}
	for _, p := range txHandles {
		for _, m := range methodNames(p.typ) {
			accessors[m] = true
		}
	}
	t.Logf("required repository methods: %d; Tx accessors: %d; transaction boundaries: %d", total, len(accessors), len(txHandles))
	for _, p := range optionalCapabilities {
		t.Logf("optional %-48s %2d %v", p.name, p.typ.NumMethod(), methodNames(p.typ))
	}
	// Every repository a Tx accessor returns is in requiredRepositories,
	// so a new one cannot join the contract uncounted.
	listed := map[reflect.Type]bool{}
	for _, p := range requiredRepositories {
		listed[p.typ] = true
	}
	for _, h := range txHandles {
		for i := range h.typ.NumMethod() {
			m := h.typ.Method(i)
			if r := m.Type.Out(0); !listed[r] {
				t.Errorf("%s.%s returns %s, which requiredRepositories does not list", h.name, m.Name, r)
			}
		}
	}
	if total > maxRequiredMethods {
		t.Errorf("a store must write %d repository methods, more than %d: make the new method an optional capability with a plain path, or raise maxRequiredMethods on purpose", total, maxRequiredMethods)
	}
}
