package personnel

import (
	"context"
	"fmt"
	"strings"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
)

// ReferencedError lists what refers to a person whose deletion was refused.
// Delete returns it inside an InUse *carenet.Error; read it with errors.As.
type ReferencedError struct {
	PersonID   string
	References []Reference
}

// Error says which person is referred to and by what.
func (e *ReferencedError) Error() string {
	return "person " + e.PersonID + " is referred to by " + describeRefs(e.References)
}

func describeRefs(refs []Reference) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		parts[i] = fmt.Sprintf("%s: %d", strings.ReplaceAll(r.Kind, "_", " "), r.Count)
	}
	return strings.Join(parts, ", ")
}

// Delete removes a profile made by accident and never used. A profile that
// was ever used is never deleted: if the SDK's records (a login that was
// used, sessions, personnel groups, audit events the person made, and the
// records of later packages) or the host's (Config.References: client
// profiles, cases, therapy sessions...) refer to it, Delete refuses with an
// InUse error that lists them (a *ReferencedError inside), records the
// refusal, and the person stays. Deactivate such a person instead. It needs
// DeletePersonnel; a login that holds a permission the actor lacks is
// refused (auth.ErrOutranked), and so is the last standing administrator
// (auth.ErrLastAdministrator). The deletion is audited. It needs a recent
// sign-in (auth.ErrReauthenticationRequired otherwise).
func (s *Service) Delete(ctx context.Context, actor *auth.Principal, id string) (callErr error) {
	defer s.obs.Call(&ctx, "personnel.Delete")(&callErr)
	if err := actor.Require(auth.DeletePersonnel); err != nil {
		return err
	}
	if err := actor.RequireRecentSignIn(s.cfg.Clock.Now()); err != nil {
		return err
	}
	hostRefs, err := s.hostReferences(ctx, "personnel.Delete", id)
	if err != nil {
		return err
	}
	_, err = carenet.Update(ctx, s.store, func(tx Tx) (struct{}, error) {
		p, err := tx.People().Get(ctx, id)
		if err != nil {
			return struct{}{}, err
		}
		refs, err := tx.People().References(ctx, id)
		if err != nil {
			return struct{}{}, err
		}
		refs = append(refs, hostRefs...)
		if len(refs) > 0 {
			if err := s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventDeleteRefused, TargetType: audit.TargetPerson, TargetID: id, Details: map[string]string{"references": describeRefs(refs)}}); err != nil {
				return struct{}{}, err
			}
			return struct{}{}, carenet.Refusal(carenet.E("personnel.Delete", carenet.InUse,
				"this profile has been used ("+describeRefs(refs)+") and cannot be deleted; deactivate it instead",
				&ReferencedError{PersonID: id, References: refs}))
		}
		acct, hasLogin, err := account(ctx, tx, id)
		if err != nil {
			return struct{}{}, err
		}
		if err := requireRank(ctx, tx, actor, acct, hasLogin); err != nil {
			return struct{}{}, err
		}
		gone, goneAcct := p, acct
		gone.State, goneAcct.Active = Inactive, false
		if err := keepAdministrator(ctx, tx, p, gone, acct, goneAcct, hasLogin, s.cfg.Clock.Now()); err != nil {
			return struct{}{}, err
		}
		if hasLogin {
			if err := auth.DeleteAccount(ctx, tx, acct.ID); err != nil {
				return struct{}{}, err
			}
		}
		if err := tx.People().Delete(ctx, id); err != nil {
			return struct{}{}, err
		}
		return struct{}{}, s.record(ctx, tx, audit.Event{ActorID: actor.PersonID, Action: EventDeleted, TargetType: audit.TargetPerson, TargetID: id, Details: map[string]string{"name": p.DisplayName()}})
	})
	return err
}
