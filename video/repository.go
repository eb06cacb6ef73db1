package video

import (
	"context"
	"time"

	"github.com/carenet-go/carenet"
	"github.com/carenet-go/carenet/personnel"
)

// Tx is the transaction handle video works in. It includes personnel's
// repositories (and through them auth's and the audit log), so one
// transaction reads a grantee's profile and login, writes a share and
// appends its audit event.
type Tx interface {
	personnel.Tx
	Videos() VideoRepository
	Shares() ShareRepository
	Tickets() TicketRepository
}

// Store is the transaction boundary video needs.
type Store = carenet.Transactor[Tx]

// VideoRepository keeps videos' metadata. Errors carry the SDK's codes.
// Videos are never updated or deleted through the SDK.
type VideoRepository interface {
	// Create stores a new video. Conflict if the ID is taken; NotFound if
	// UploadedBy or InterviewerID (when not empty) names no person.
	Create(ctx context.Context, v Video) error
	// Get returns the video with id, or NotFound.
	Get(ctx context.Context, id string) (Video, error)
	// ListByClient returns the client profile's videos, newest recording
	// first (RecordedAt descending, then ID ascending); none is not an
	// error.
	ListByClient(ctx context.Context, clientID string) ([]Video, error)
}

// ShareRepository keeps shares. Errors carry the SDK's codes.
type ShareRepository interface {
	// Create stores a new share with Version 1. Conflict if the ID is taken;
	// NotFound if the video, the grantee or SharedBy (when not empty) does
	// not exist.
	Create(ctx context.Context, s Share) error
	// Get returns the share with id, or NotFound. In a read-write
	// transaction a store holds the share until the transaction ends (a
	// row lock, or one writer at a time), so a revoke cannot commit between
	// an access decision and the ticket it issues.
	Get(ctx context.Context, id string) (Share, error)
	// Update stores the changeable fields of s (ExpiresAt, RevokedAt,
	// RevokedBy, RevokeReason, OpenedAt, UpdatedAt) if s.Version equals the
	// stored version, and returns the share as stored with Version increased
	// by one. The other fields keep their stored values. NotFound if
	// missing; Conflict on a stale version.
	Update(ctx context.Context, s Share) (Share, error)
	// ListByVideo returns every share of the video, revoked and expired ones
	// included, oldest first (CreatedAt, then ID); none is not an error.
	ListByVideo(ctx context.Context, videoID string) ([]Share, error)
	// MyVideos returns the grantee's shares that are not revoked and whose
	// ExpiresAt is after now (scheduled ones included), each with its video,
	// in one query: StartsAt descending, then share ID ascending.
	MyVideos(ctx context.Context, granteeID string, now time.Time) ([]SharedVideo, error)
}

// SharedVideo is a share with its video, as ShareRepository.MyVideos
// returns them.
type SharedVideo struct {
	Share Share
	Video Video
}

// TicketRepository keeps TicketTallies, keyed by TicketID, ActorID,
// Action and Outcome. Errors carry the SDK's codes. It is used in
// read-write transactions only.
type TicketRepository interface {
	// Hold returns the stored tally with key's TicketID, ActorID, Action
	// and Outcome, or that key with zero counts and times if there is none
	// yet, and holds it until the transaction ends (a row lock, or one
	// writer at a time): a concurrent Hold of the same key waits, so two
	// uses of one ticket are counted one after the other.
	Hold(ctx context.Context, key TicketTally) (TicketTally, error)
	// Put stores t's Count, RecordedAt and Unrecorded under its key, which
	// Hold returned in the same transaction. NotFound if it did not.
	Put(ctx context.Context, t TicketTally) error
}
