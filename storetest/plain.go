package storetest

import (
	"context"
	"fmt"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/accessreview"
	"github.com/carenet-go/carenet/audit"
	"github.com/carenet-go/carenet/auth"
	"github.com/carenet-go/carenet/personnel"
	"github.com/carenet-go/carenet/referral"
	"github.com/carenet-go/carenet/video"
)

// Plain returns s with its fast paths hidden: its transaction boundaries
// are no longer an auth.SessionLooker, and its repositories offer only
// their required methods (no auth.LoginDisabler, auth.AccountDeleter,
// auth.SessionRevoker, auth.SecurityGroupGetter, personnel.GroupGetter,
// personnel.EndDateFinder or referral.KeyFinder), so the SDK takes the
// plain paths it builds from the required methods. The audit boundary
// is s's own, with its audit.Sealer if it has one: sealing is not a fast
// path. Run the suite, or a host's tests of the services, on Plain(s) to
// prove the plain paths give what the fast paths give.
//
// A store's transaction must be one value that is every package's Tx
// (video.Tx, referral.Tx and accessreview.Tx at once), as the SDK's
// stores' are; Plain panics inside a transaction whose handle is not.
func Plain(s Store) Store { return plain{s} }

// plain is the Store Plain returns.
type plain struct{ s Store }

func (p plain) Audit() carenet.Transactor[audit.Tx] { return p.s.Audit() }
func (p plain) Auth() auth.Store                    { return plainBoundary[auth.Tx]{p.s.Auth()} }
func (p plain) Personnel() personnel.Store          { return plainBoundary[personnel.Tx]{p.s.Personnel()} }
func (p plain) Video() video.Store                  { return plainBoundary[video.Tx]{p.s.Video()} }
func (p plain) Referral() referral.Store            { return plainBoundary[referral.Tx]{p.s.Referral()} }
func (p plain) AccessReview() accessreview.Store {
	return plainBoundary[accessreview.Tx]{p.s.AccessReview()}
}

// plainBoundary is a transaction boundary that hands fn a plainTx and is
// nothing more than a carenet.Transactor.
type plainBoundary[T any] struct{ b carenet.Transactor[T] }

func (p plainBoundary[T]) Update(ctx context.Context, fn func(tx T) error) error {
	return p.b.Update(ctx, func(tx T) error { return fn(plainOf(tx)) })
}

func (p plainBoundary[T]) View(ctx context.Context, fn func(tx T) error) error {
	return p.b.View(ctx, func(tx T) error { return fn(plainOf(tx)) })
}

// anyTx is a transaction handle that is every package's Tx.
type anyTx interface {
	video.Tx
	referral.Tx
	accessreview.Tx
}

// plainOf wraps the store's handle tx in a plainTx.
func plainOf[T any](tx T) T {
	full, ok := any(tx).(anyTx)
	if !ok {
		panic(fmt.Sprintf("storetest.Plain: the store's transaction %T is not every package's Tx", tx))
	}
	return any(plainTx{full}).(T)
}

// plainTx is a transaction handle whose repositories offer only their
// required methods.
type plainTx struct{ anyTx }

func (t plainTx) Sessions() auth.SessionRepository {
	return struct{ auth.SessionRepository }{t.anyTx.Sessions()}
}

func (t plainTx) Referrals() referral.Repository {
	return struct{ referral.Repository }{t.anyTx.Referrals()}
}

func (t plainTx) People() personnel.PersonRepository {
	return struct{ personnel.PersonRepository }{t.anyTx.People()}
}

func (t plainTx) SecurityGroups() auth.SecurityGroupRepository {
	return struct{ auth.SecurityGroupRepository }{t.anyTx.SecurityGroups()}
}

func (t plainTx) PersonnelGroups() personnel.GroupRepository {
	return struct{ personnel.GroupRepository }{t.anyTx.PersonnelGroups()}
}

func (t plainTx) Accounts() auth.AccountRepository {
	return struct{ auth.AccountRepository }{t.anyTx.Accounts()}
}
