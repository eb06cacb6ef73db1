// Package audit is the SDK's append-only, hash-chained event log.
//
// Every security-relevant change in every package (a login, a deactivation, a
// permission change, a video share, a referral decision) appends an Event
// through the Repository of the same transaction as the change, so the change
// and its record commit or roll back together.
//
// # Appending and sealing
//
// Each event's Hash covers its own fields, its sequence number and the
// previous event's hash, so the chain never forks and an edit anywhere
// shows. Giving an event its place in the chain is sealing (Seal). It is
// kept apart from appending, as Certificate Transparency and Trillian logs
// keep apart the queue of submitted entries and the sequencer that
// integrates them:
//
//   - Append stores the event in the change's transaction and touches no
//     row shared by other transactions, so audited writes do not queue
//     behind each other. An event is durable exactly when its change is.
//   - A sealer takes the committed events, assigns each the next sequence
//     number and hash in the order it takes them, stores them sealed and
//     moves the store's record of the end of the chain (State.Head), in one
//     transaction. Only committed events are sealed, so a rolled-back event
//     never gets a place. An insertion order (a database sequence) is not
//     commit order, and the chain does not rely on it: an event committed
//     after a batch was taken is sealed in a later batch, at a later
//     position. Sealers exclude each other (the PostgreSQL store holds an
//     advisory lock), also across processes sharing one database.
//   - Every committed event is sealed within SealBound (one second). A
//     commit nudges the sealer, which seals within tens of milliseconds, and a
//     periodic tick catches what no nudge announced. An event that waited
//     longer is itself a verification finding: it means no sealer runs.
//
// The memory store runs one writer at a time and seals in the transaction,
// which to every other reader is sealing at commit. The PostgreSQL store
// seals in the background (see package postgres). Stores that seal after
// commit implement Sealer; Service calls it before it reads, so a caller
// reads its own writes.
//
// A reader of one target's history, such as a video's chain of custody,
// lists with Filter.Unsealed: the events not sealed yet come after the
// sealed ones, in the order they were appended, marked unsealed (Seq 0,
// no hash), read in the same snapshot, so a report misses nothing
// committed before it. The reader does not seal first: sealing takes the
// one lock all sealers share, so every report would wait for a sealing
// round, and the events committed between that round and the report's
// snapshot would still be missed. The readers of the chain itself
// (Verify, Export, Follow) list sealed events only: a cursor and a hash
// need a place in the chain.
//
// An event that goes with no change, such as a read, is appended the same
// way: in the reading transaction, made an Update, so the read and its
// record commit together, or after it with Recorder.RecordIn. Either costs
// one insert and waits for no other writer. The services record their
// reads so, after the read, with RecordIn (Recorder.RecordRead): a read
// stays a read-only snapshot, and one whose record fails returns the
// error, not what it read. Which kinds are recorded is each service's
// Config.LogReads (ReadKinds: referrals, videos and exports by default,
// profiles on request); a refused read is not an access and is not
// recorded.
//
// # Verifying
//
// Service.VerifyLog walks the sealed chain a page at a time, so a log of
// any length is verified in constant memory, and reports the first break
// as a *ChainError with its sequence number: an altered, removed, inserted
// or reordered event. It then checks the end of the chain against the
// store's own record of it (StateReader), read in the same transaction as
// the last page, which detects events removed from the end or added past
// it. It can resume after a head verified before (VerifyOptions.From).
//
// Whoever can rewrite the events can rewrite that record too. Against
// them the host keeps Checkpoints: Ed25519-signed statements of (sequence,
// hash, time, key ID), made with Service.Checkpoint and a key the
// database's users do not hold, written where they cannot change them.
// VerifyAgainst proves the log still holds a checkpoint; the text encoding
// (Checkpoint.MarshalText) is stable, six lines, so a checkpoint can be
// kept as a file or sent to a transparency log.
//
// # Reading
//
// Service.Search filters by time range, actions, actor, target type and
// target, a page at a time with an opaque cursor. Service.Export streams
// the matching events as CSV or JSON Lines in constant memory, each row
// with every hashed field, its sequence number and hash, so VerifyExport
// can check a file offline, and against a checkpoint when the export is
// the whole log. CSV cells a spreadsheet would evaluate (=, +, -, @, | or
// %, also after leading white space or line breaks, and in full-width
// forms such as ＝) are neutralised with a leading apostrophe, reversibly.
//
// # Following
//
// Service.Follow is an event feed for hosts: the transactional outbox
// pattern on top of the log. A host stores the sequence number of the
// last event it handled and follows from it; events come in sequence
// order, at least once, and only committed ones. Because sealed sequence
// numbers are assigned without gaps, in the order events are sealed, a
// cursor never passes an event that is sealed later. examples/notifier is
// a host that does it.
//
// Service reads and verifies; it checks no permission (see Service).
package audit
