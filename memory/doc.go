// Package memory is the SDK's embedded store: every repository of the SDK
// kept in process memory, safe for concurrent use, with the same contracts
// as a database-backed store (it passes package storetest). It suits tests,
// demonstrations and small single-process deployments; nothing survives the
// process.
//
// A Store gives one typed transaction boundary per domain package (Audit,
// Auth, Personnel, ...). Transactions are serialised writers and concurrent
// readers: Update holds the write lock while its function runs and View the
// read lock, so a View sees one consistent state. An Update undoes every
// write it made, indexes and audit chain included, when its function
// returns an error or panics, or when its context ends before it commits.
// Values are copied on the way in and out, so callers never share memory
// with the store. Times are stored as carenet.Timestamp normalises them
// (UTC, microseconds), as a database would.
//
// A transaction handle must not be used after its function returns (it then
// fails with an Internal error), nor by several goroutines at once, and a
// function must not start another transaction on the same Store: the locks
// are not reentrant.
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
// microseconds.
package memory
