package auth

import (
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
)

// Sensitive actions need a recent sign-in: a session alone, perhaps one
// left open on a shared computer or taken over, must not be enough to take
// an account over, change who holds what, remove someone, or carry
// records away. Every such action asks Principal.RequireRecentSignIn, the
// one rule, after the caller's permission and before it reads or changes
// anything:
//
//   - credentials: ChangePassword, BeginTOTP, ConfirmTOTP and
//     DisableTOTP (another's second factor too), and every call that adds
//     or removes a second factor or renews recovery codes;
//   - security groups, what they grant and who holds them:
//     CreateSecurityGroup, UpdateSecurityGroup, DeleteSecurityGroup;
//     personnel.Service.SetSecurityGroups, and personnel.Service.Create
//     and GiveLogin when they make a login (they apply its groups);
//     personnel.Service.SetPortalAccess and SetPortalDesignation (CareNet
//     Access turns a login's groups on or off, the other switches give
//     portal capabilities). Personnel groups (people named together to
//     fill a case's fields in one step) grant nothing and are not among
//     them;
//   - removing someone: personnel.Service.Deactivate, DeactivateMany, an
//     Edit whose end date ends access sooner (the change EndDateNeeds
//     says needs DeactivatePersonnel), DisableLogin, RemoveLogin and
//     Delete;
//   - bringing a login back: personnel.Service.EnableLogin and
//     Reactivate (without a deliverer the actor is handed the login's
//     set-password link);
//   - being handed another's password link, when no deliverer is set:
//     IssuePasswordLink and every call that issues one through
//     IssueLinkTx (EnableLoginTx too), checked there;
//   - video.Service.Share with video.ViewAndDownload (a copy leaves the
//     centre);
//   - exporting records: video.Service.Custody (the chain-of-custody
//     report a host writes out with video.WriteCustodyCSV) and
//     audit.Service.ExportFor.
//
// The system, acting with no principal (the end-date and dormant-login
// sweeps, CreateAdministrator), is not asked. A principal built without a
// session, by host code (PrincipalFrom, PrincipalOf) or by an operator's
// tool, counts as authenticated at its AuthenticatedAt, which
// PrincipalFrom sets to the time it is given: whoever builds one vouches
// that its caller authenticated then. A zero AuthenticatedAt (a Principal
// literal that sets none) never passes.

// DefaultReauthWindow is how long after a sign-in or re-authentication
// sensitive actions are allowed when Config.ReauthWindow is zero.
const DefaultReauthWindow = 10 * time.Minute

// MaxReauthWindow is the longest Config.ReauthWindow a host may set. The
// rule cannot be switched off: a window as long as a working day would let
// a session taken over at noon do everything the rule is there to stop.
const MaxReauthWindow = time.Hour

// ErrReauthenticationRequired refuses a sensitive action (see
// Principal.RequireRecentSignIn) to a caller who signed in longer ago than
// the window allows. Its code is carenet.ReauthenticationRequired: ask the
// user to sign in again (Service.Reauthenticate, which keeps the session)
// and retry. Nothing was changed. Compare with errors.Is.
var ErrReauthenticationRequired = &carenet.Error{Code: carenet.ReauthenticationRequired, Op: "auth",
	Message: "for your security, please sign in again to do this"}

// RequireRecentSignIn returns nil if the principal signed in or
// re-authenticated (AuthenticatedAt) less than its window before now, and
// ErrReauthenticationRequired otherwise. The window is Config.ReauthWindow
// of the Service that authenticated the principal, DefaultReauthWindow for
// one built by PrincipalFrom or PrincipalOf. A nil principal is
// Unauthenticated; a zero AuthenticatedAt never passes. Every sensitive
// action of the SDK asks it, with its own service's clock, after checking
// the caller's permission; a host asks it before its own sensitive
// actions. It does not allocate.
func (p *Principal) RequireRecentSignIn(now time.Time) error {
	if p == nil {
		return errNoPrincipal
	}
	if !recentSignIn(p.AuthenticatedAt, p.reauthWindow(), now) {
		return ErrReauthenticationRequired
	}
	return nil
}

// reauthWindow is the principal's window: its service's, or the default.
func (p *Principal) reauthWindow() time.Duration {
	if p.window > 0 {
		return p.window
	}
	return DefaultReauthWindow
}

// recentSignIn is the rule: a sign-in at is recent at now while less than
// window has passed since it. A time ahead of now by less than window (two
// hosts' clocks) is recent too; a zero one never is.
func recentSignIn(at time.Time, window time.Duration, now time.Time) bool {
	if at.IsZero() {
		return false
	}
	d := now.Sub(at)
	return d < window && d > -window
}

// RequireAuditExport returns nil if the principal may export the audit
// log at now: it holds ViewAudit (Forbidden otherwise) and signed in
// recently (RequireRecentSignIn). It makes a *Principal an audit.Exporter,
// for audit.Service.ExportFor.
func (p *Principal) RequireAuditExport(now time.Time) error {
	if err := p.Require(ViewAudit); err != nil {
		return err
	}
	return p.RequireRecentSignIn(now)
}

var _ audit.Exporter = (*Principal)(nil)
