package audit

import (
	"context"

	"github.com/carenet-go/carenet"
)

// ReadKinds is a set of kinds of reads whose every success a service
// records as an access event: who read what, when, as Primero's access log
// does. A service's Config takes one (LogReads); each service logs the
// kinds it serves and ignores the others.
//
// The zero value means DefaultReads. Any other value is the whole choice:
//
//	LogReads: audit.DefaultReads | audit.ReadProfile  // the defaults and profiles
//	LogReads: audit.DefaultReads &^ audit.ReadMyVideos // the defaults but My Videos
//	LogReads: audit.NoReads                           // none
//
// A refused read (no permission, an unknown target, bad input) is not
// logged as an access: it disclosed nothing, the service's Logger and
// Observer see it as a failed call, and recording it would let any
// signed-in caller write to the log at will.
type ReadKinds uint16

// The kinds of reads, each logged with its own action (ReadKinds.Action).
const (
	// ReadReferral: a referral opened, by intake (referral.Service.Open)
	// or by the partner who sent it (GetMine). Target "referral".
	ReadReferral ReadKinds = 1 << iota
	// ReadProfile: a personnel profile opened (personnel.Service.Get).
	// Target "person".
	ReadProfile
	// ReadVideo: a video's information opened (video.Service.Get).
	// Target "video".
	ReadVideo
	// ReadMyVideos: a portal user's list of videos shared with them
	// (video.Service.MyVideos). Target "person", the reader.
	ReadMyVideos
	// ReadCustody: a video's chain of custody (video.Service.Custody).
	// Target "video".
	ReadCustody
	// ReadExport: an export of the audit log (Service.Export). No
	// target; the details hold the filters and what was written.
	ReadExport

	// readsChosen marks a choice, so that NoReads is not the zero value.
	readsChosen ReadKinds = 1 << 15
)

// DefaultReads are the kinds logged when a Config leaves LogReads zero:
// referrals, videos (information, My Videos, custody) and audit exports.
// Personnel profiles are opened constantly by staff at work on a case and
// are off by default.
const DefaultReads = readsChosen | ReadReferral | ReadVideo | ReadMyVideos | ReadCustody | ReadExport

// NoReads logs no read.
const NoReads = readsChosen

// Has reports whether reads of kind are logged.
func (k ReadKinds) Has(kind ReadKinds) bool {
	if k == 0 {
		k = DefaultReads
	}
	return k&kind&^readsChosen != 0
}

var readActions = map[ReadKinds]Action{
	ReadReferral: EventReferralRead, ReadProfile: EventProfileRead, ReadVideo: EventVideoRead,
	ReadMyVideos: EventMyVideosRead, ReadCustody: EventCustodyRead, ReadExport: EventExportRead,
}

// Action returns the action an access event of the one kind k records,
// empty when k is not one kind.
func (k ReadKinds) Action() Action { return readActions[k] }

// IsRead reports whether a is the action of an access event.
func IsRead(a Action) bool {
	for _, r := range readActions {
		if r == a {
			return true
		}
	}
	return false
}

// RecordRead records that e.ActorID read e's target, in a transaction of
// its own on store (RecordIn), as the event of kind (kind.Action()), if
// kinds logs reads of kind; otherwise it does nothing. A service calls it once the read succeeded and returns
// its error instead of what was read, so nothing is disclosed
// unrecorded. It costs one insert and a commit and waits for no other
// writer (see the package comment).
func (r Recorder) RecordRead(ctx context.Context, store carenet.Transactor[Tx], kinds, kind ReadKinds, e Event) error {
	if !kinds.Has(kind) {
		return nil
	}
	e.Action = kind.Action()
	_, err := r.RecordIn(ctx, store, e)
	return err
}

// Over returns a package's transaction boundary as the audit package's,
// for RecordIn and RecordRead: every package's Tx has Audit().
func Over[T Tx](store carenet.Transactor[T]) carenet.Transactor[Tx] { return over[T]{store} }

type over[T Tx] struct{ s carenet.Transactor[T] }

func (o over[T]) Update(ctx context.Context, fn func(Tx) error) error {
	return o.s.Update(ctx, func(tx T) error { return fn(tx) })
}

func (o over[T]) View(ctx context.Context, fn func(Tx) error) error {
	return o.s.View(ctx, func(tx T) error { return fn(tx) })
}
