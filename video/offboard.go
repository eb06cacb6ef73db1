package video

import (
	"context"
	"errors"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
)

// EndedSharesRevoked is the kind under which EndAccess reports, in
// personnel.Deactivation.Ended, the shares it revoked.
const EndedSharesRevoked = "video_shares_revoked"

var _ personnel.DeactivateHook = (*Service)(nil)

// EndAccess makes the Service a personnel.DeactivateHook: put it in
// personnel.Config.OnDeactivate and every deactivation, and every end of a
// login alone (DisableLogin, RemoveLogin, the dormant-login sweep),
// revokes, in its own transaction, every live share the person holds as
// grantee (see RevokeGranteeShares), so no ticket for one works again and
// no login brought back or given again brings one back. tx must be a video.Tx too, as every
// store's transaction is; anything else is an Internal error.
func (s *Service) EndAccess(ctx context.Context, tx personnel.Tx, l personnel.Leaver) (_ []personnel.Reference, callErr error) {
	defer s.obs.Call(&ctx, "video.EndAccess")(&callErr)
	vtx, ok := tx.(Tx)
	if !ok {
		return nil, carenet.E("video.EndAccess", carenet.Internal, "", errNotVideoTx)
	}
	revoked, err := s.RevokeGranteeShares(ctx, vtx, l.ActorID, l.PersonID, l.Reason)
	if err != nil || len(revoked) == 0 {
		return nil, err
	}
	return []personnel.Reference{{Kind: EndedSharesRevoked, Count: len(revoked)}}, nil
}

// errNotVideoTx is the cause when a deactivation's transaction is not a
// video.Tx.
var errNotVideoTx = errors.New("the store's personnel transaction is not a video.Tx")
