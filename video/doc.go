// Package video shares forensic interview videos with outside partners: the
// video's metadata, shares with video portal users, the portal user's My
// Videos, the decision whether someone may view or download, short-lived
// signed access tickets for the bytes, and the video's chain of custody.
//
// # The model
//
// A Video is metadata the host records after storing the file: the client
// profile (and optionally the case) it belongs to, title, recording time,
// duration, size, content type, SHA-256 checksum, the host's storage key and
// the interviewer. The SDK never touches the bytes.
//
// A Share gives one portal user (the grantee) a video for a window of time:
// from StartsAt (default: now) to ExpiresAt (default: ten days later, at
// most Config.MaxShareDuration, 365 days by default, after the start), in
// one of two modes, ViewOnly or ViewAndDownload. A share is Scheduled before
// its start, Active inside its window, Expired after it and Revoked once
// revoked; the first view or download marks it opened (Share.OpenedAt).
// Only a video portal user can be a grantee: an active person with an
// active login whose portal switches give portal.ViewSharedVideos.
//
// # Deciding and streaming
//
// Decide is the pure rule a view or download passes: the caller is the
// grantee, holds portal.ViewSharedVideos, the share is neither revoked nor
// outside its window, and a download needs a ViewAndDownload share. The
// Service applies it in Service.RequestAccess and, when it allows, issues a
// ticket: a compact HMAC-SHA256-signed token bound to the share, the video,
// the grantee, the action and an expiry a few minutes away. The host's HTTP
// handler or storage proxy passes the ticket to Service.VerifyTicket before
// it streams a byte: it checks the signature, the share in the store (so a
// revocation takes effect at once) and the ticket's earlier uses, and
// records the use. A download ticket is single-use; a view ticket serves a
// player's range requests, up to MaxViewTicketUses.
// Service.VerifyTicketFor does the same for a handler that knows who is
// asking and refuses, and records, a ticket presented by anyone but its
// grantee. A Ticketer checks a signature alone: what it lets through is not
// in the chain of custody.
//
// # Chain of custody
//
// Every recorded upload, share, revocation, extension, ticket issued
// (EventViewed, EventDownloaded), ticket use accepted (EventViewServed,
// EventDownloadServed, one per use) and denied attempt is an audit event
// with target type "video" and the share's ID in its details, written in
// the same transaction as the change or the decision: a use whose event
// cannot be written is refused. A refused use of a ticket with a valid
// signature is recorded once per Config.RefusalInterval for each
// presenter, action and reason, the next recorded one counting those left
// out, so a ticket replayed in a loop cannot flood the log (see
// TallyRefusal). Service.Custody reads a video's events in order and
// WriteCustodyCSV exports them, encoded so that no value can pose as
// another field.
package video
