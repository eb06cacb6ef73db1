// Package memory is the SDK's embedded store: every repository of the SDK
// kept in process memory, safe for concurrent use, with the same contracts
// as a database-backed store (it passes package storetest). It suits tests,
// demonstrations and small single-process deployments; nothing survives the
// process.
//
// A Store gives one typed transaction boundary per domain package (Audit,
// Auth, Personnel, ...). Readers never wait: a View (and LookupSession)
// takes the committed state as it is when it starts, without a lock, and
// sees that one state, across every table, until it returns, whatever
// writers commit meanwhile. Writers run one at a time: an Update works on
// its own version of the state, which no reader sees, and publishes it
// with one atomic pointer store when its function returns nil with its
// context still live. When the function returns an error or panics, or the
// context ends first, the version is dropped with every write it made,
// indexes and audit chain included. Values are copied on the way in and
// out, so callers never share memory with the store. Times are stored as
// carenet.Timestamp normalises them (UTC, microseconds), as a database
// would.
//
// A transaction handle must not be used after its function returns (it then
// fails with an Internal error), nor by several goroutines at once. A View
// may run inside an Update's function (it sees the committed state, not
// the Update's writes), but an Update must not start another Update on the
// same Store: the writers' lock is not reentrant.
//
// # How a repository reads and writes the state
//
// A version of the state is a struct (state.go) of tables, each a field of
// one of three kinds, all copy-on-write and ready to use as zero values
// but for a sortedSet, which newState gives its order:
//
//   - table[K, V]: records by key (accounts by ID) and unique indexes
//     (session ID by token hash). Read with get, at, has, len, all, keys;
//     write with put and remove.
//   - multimap[K, E, V]: the indexes from one record to many (the sessions
//     of an account). Read a key's set with of; write with add, remove and
//     removeAll.
//   - sortedSet[T]: ordered indexes that are walked or counted in a range
//     (people in search order). Read with from, rank, all, Len; write with
//     insert and delete.
//
// A repository method is written in one shape:
//
//	func (r sessions) Touch(ctx context.Context, id string, at time.Time) error {
//		const op = "memory.Sessions.Touch"
//		t := r.t
//		if err := t.begin(ctx, op, true); err != nil { // true: it writes
//			return err
//		}
//		s, ok := t.st.sessions.get(id) // read t.st, never a Store's state
//		if !ok {
//			return notFound(op, "session")
//		}
//		s = cloneSession(s) // never change a stored value: store a new one
//		s.LastSeenAt = ts(at)
//		t.st.sessions.put(t, id, s) // every write names the transaction
//		return nil
//	}
//
// The rules that keep readers safe without a lock: every write goes
// through a write method given the transaction t, which copies what an
// earlier version shares and changes in place only what t made itself; a
// stored value is never changed once stored (clone it, change the clone,
// put it), and anything it points to (a *personRec, a slice) is shared by
// every version that holds it; the state holds no plain Go map or slice
// that a write changes, only the audit events, which are only ever
// appended to. A new table is a new field of state (or of a package's
// part of it, as referralState), with its indexes beside it, each kept in
// step by the methods that write the record; there is nothing to undo, as
// a rolled-back transaction's version is simply dropped.
//
// Where the repository contracts leave a choice, this store:
//   - refuses to update or delete a built-in security group with Forbidden;
//   - refuses to delete a person who still has an account with InUse (the
//     account goes first, through AccountRepository.Delete);
//   - treats RemoveMember of a missing group or person as a no-op, and
//     Delete, Members and AddMember of a missing personnel group as NotFound;
//   - orders security and personnel groups by name without regard to case
//     (then by name and id), sessions newest first (then by id, descending),
//     and compares folded names byte by byte;
//   - returns no people for a SearchQuery.Limit below 1, matches every
//     state when SearchQuery.States is empty, and reads an EndDatePassed
//     limit below 1 as no limit.
//
// Person search uses sorted indexes of folded names kept in step with every
// write, so a page of results from a hundred thousand people takes tens of
// microseconds. A write copies only the paths it changes: renaming one of a
// hundred thousand people copies some fifteen kilobytes, not the directory.
package memory
