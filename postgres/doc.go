// Package postgres is the SDK's production store: the repositories of the
// audit, auth and personnel packages kept in PostgreSQL (15 or later),
// through database/sql: Open uses the github.com/lib/pq driver, and New
// takes a pool of any driver, such as pgx's github.com/jackc/pgx/v5/stdlib.
//
// # Using it
//
// A host that already has a connection pool hands it over with New and
// keeps ownership of it; Open is a convenience that opens a pool from a DSN
// and closes it again in Close:
//
//	store, err := postgres.Open("postgres://app@db/carenet?sslmode=verify-full")
//	if err != nil { ... }
//	defer store.Close()
//	if err := store.Migrate(ctx); err != nil { ... }
//	logins, err := auth.NewService(store.Auth(), auth.Config{...})
//	people := personnel.NewService(store.Personnel(), logins, personnel.Config{...})
//
// Migrate brings the schema up to date. It is safe to call on every start,
// from any number of processes at once: each migration file is applied in
// its own transaction, which first takes a PostgreSQL advisory transaction
// lock, and is recorded in carenet.schema_migrations; files already
// applied are skipped. Every table lives in the schema "carenet", or the
// one WithSchema names (see "Many centers in one database"); the built-in
// security groups are seeded by a migration.
//
// A host that runs its migrations with its own tool takes the files from
// MigrationsFS (or "carenet migrate -print") instead: each records itself
// in carenet.schema_migrations, so the store knows the version whichever
// tool applied it. The store checks the schema before its first use
// (CheckSchema): on a schema not migrated, migrated part of the way, or
// migrated by a newer release, every operation fails with an error that
// names the database's version and this release's and says what to do.
//
// The store keeps what it is given: a zero time.Time is stored as NULL and
// read back as the zero time, and every time comes back in UTC. Names and
// agencies are also stored folded (personnel.Fold) in indexed key columns;
// the personnel search finds a person by the start of any word of the name
// as displayed, through the family-name index and carenet.person_words,
// which a trigger keeps for every word of every name.
//
// Store.Audit, Store.Auth and Store.Personnel return the transaction
// boundaries (carenet.Transactor) the packages' services take. All three
// run on the same kind of transaction, so a change and its audit event
// commit together. The value Store.Auth returns also implements
// auth.SessionLooker: it authenticates a session with one statement,
// outside any transaction.
//
// # Many centers in one database
//
// A host that serves many Children's Advocacy Centers may keep each in a
// schema of its own in one database, with one store per center over one
// pool:
//
//	db := sql.OpenDB(connector) // or pgx's stdlib
//	center12 := postgres.New(db, postgres.WithSchema("center_12"))
//	if err := center12.Migrate(ctx); err != nil { ... }
//
// Stores on two schemas see nothing of each other: each schema holds its
// own tables, its own record of migrations (migrated, checked and refused
// on its own, so centers may be upgraded one at a time), its own audit
// chain and head, and its own sealer, whose advisory lock is the schema's
// (the default schema keeps the keys named below; another schema's keys
// are a hash of the key and its name), as is Migrate's. The store uses no
// LISTEN/NOTIFY channel. The same keys (an id, a username) may be taken
// in two schemas. A schema name is 1 to 63 lower-case letters, digits and
// underscores, not starting with a digit, not pg_*, information_schema or
// public (ValidateSchemaName); Open refuses any other with Invalid, naming
// the field "schema", and a store made by New returns that error from
// every call. A store on a schema that is not migrated refuses to run,
// naming the schema and how to migrate it. Each store of a process runs
// its own background sealer, whose idle tick costs one cheap read every
// WithSealInterval: a process with many stores may lengthen it.
//
// Every statement names the schema one way, carenet.people, in Go and in
// the migration files; the store qualifies each statement's text for its
// schema as it runs it (the unquoted identifier carenet, outside comments
// and literals, becomes the schema's quoted name; the text is cached per
// statement), and Migrations and MigrationsFS qualify each file the same
// way. The default schema's statements are sent as written. The checksum
// of a migration is the shipped file's, the same for every schema.
//
// Host-managed migrations for a schema: MigrationsFS(WithSchema("center_12"))
// and "carenet migrate -print -schema center_12" give the files with every
// name of the schema already that schema's, recording themselves in
// "center_12".schema_migrations; apply them as the default's, once per
// schema (a tool that keeps a history table, such as goose or
// golang-migrate, keeps one per schema: run it once per schema with its
// history table in that schema, or its own table name per schema). The
// grants are per schema too: GrantStatements(role, WithSchema(...)),
// Store.Grant on a store of that schema, "carenet grant -schema center_12
// -role app"; a role granted on several schemas keeps each grant. Every
// command of carenet takes -schema (default carenet).
//
// # The audit log
//
// An audit append inserts its event into carenet.audit_pending in the
// change's transaction and touches no row that another transaction
// writes, so audited writes do not wait for each other. A sealer moves
// committed pending events into carenet.audit_events, a batch per
// statement, giving each its sequence number and hash in the order it
// seals them, and advances carenet.audit_head in the same transaction. It
// holds the transaction-level advisory lock 0x61756469745f7365 meanwhile
// (pg_try_advisory_xact_lock; another schema's key is its own), so several
// processes that share one schema never seal at once, and what one leaves
// the next seals.
//
// Each Store runs one sealer goroutine from its first audited commit until
// Close. Every audited commit nudges it, and it seals at most every 50ms,
// so the commits of that time share one sealing transaction: an event is
// sealed within about 50ms of its commit. When another process holds the
// lock it tries again every 2ms for a while. It also wakes every WithSealInterval (200ms by
// default) to seal events no nudge announced, such as those of a process
// that crashed after its commit. So while any process that shares the
// database runs a Store (WithBackgroundSealer not off), a committed event
// is sealed within the interval plus one sealing transaction, well inside
// audit.SealBound (1s), which
// audit.Service.VerifyLog checks. Store.Seal seals what is committed at
// once; the audit.Service calls it before it lists, searches, exports or
// signs a checkpoint. WithSyncSealing makes every audited Update seal
// before it returns.
//
// # Two roles
//
// In production the schema has an owner, and the application connects as
// another role that holds only what the SDK does. The owner runs Migrate
// (carenet migrate) and then Grant (carenet grant -role app), again after
// every release's migrations; services connect as the application role:
//
//	CREATE ROLE carenet_owner LOGIN PASSWORD '...';
//	CREATE ROLE carenet_app LOGIN PASSWORD '...';
//	GRANT CREATE ON DATABASE carenet TO carenet_owner;
//	-- as carenet_owner:
//	carenet -dsn postgres://carenet_owner@db/carenet migrate
//	carenet -dsn postgres://carenet_owner@db/carenet grant -role carenet_app
//	-- the services: postgres.Open("postgres://carenet_app@db/carenet")
//
// GrantStatements lists what Grant runs ("carenet grant -print" prints it
// for a DBA): USAGE on the schema carenet (or the store's), not CREATE, so
// no DDL; on each
// table only the privileges the SDK uses, and never TRUNCATE, REFERENCES
// or TRIGGER. Not the owner of any table, the application role cannot
// ALTER or DROP a table, disable or drop a trigger, or replace a trigger's
// function; nor, not being a superuser, switch triggers off with
// session_replication_role. On the audit log it holds:
//
//   - carenet.audit_pending: INSERT, for an audited change's event in the
//     change's transaction; SELECT and DELETE, because the sealer (which
//     runs in the application) takes the events it seals out of it.
//   - carenet.audit_events: SELECT and INSERT only, for the sealer to add
//     sealed events; no UPDATE, DELETE or TRUNCATE (the append-only
//     trigger refuses them as well, even to the owner).
//   - carenet.audit_head: SELECT and UPDATE, for the sealer to advance the
//     head. Its triggers refuse anything but an advance to the last of the
//     events stored after it, with no gap.
//
// What remains to the application role, and so to whoever takes it over,
// is what the SDK must be able to do: append events (which the chain then
// holds for good) and, before they are sealed, within about a second of
// their commit, remove pending ones. Sealed events cannot be changed or
// removed by it; a checkpoint (carenet audit checkpoint) kept elsewhere
// shows any rewrite by the owner.
//
// A role that lacks a privilege the SDK needs (not granted, or granted
// before a migration added a table) gets Internal with a message that says
// to run carenet grant as the owner; the store checks the schema before
// its first use, so a role with no grant at all is told so at once.
//
// # Planned once
//
// The store sends its statements as prepared statements of each
// connection: PostgreSQL parses and plans a statement once per server
// connection (after five runs, a generic plan made for any values, when it
// costs no more than the plans made for the values so far) and each later
// call is one round trip, bind and execute, instead of a parse, a plan and
// (lib/pq without binary_parameters) two round trips. A statement's cache
// key is its final SQL text; a statement seen for the first time runs
// unprepared while it is prepared in the background, and is then reused
// on every connection: database/sql prepares a *sql.Stmt again on each
// connection it meets (in a transaction through Tx.StmtContext, on the
// transaction's own connection), so the cache survives connection churn
// (SetConnMaxLifetime, a dropped connection) at the cost of one more parse
// on the new connection. At most 256 texts are kept, the least recently
// used closed first. The personnel search is planned on every call: its
// prefix patterns need a plan made for the given prefix to range over the
// indexes.
//
// Prepared statements are state of a server session. Through a pooler in
// transaction or statement mode, pgbouncer before 1.21 or without
// max_prepared_statements among them, a client's next transaction may run
// on another server connection, which lacks the client's statement or,
// worse, has another client's under the same name (the drivers name them
// per connection: lib/pq "1", "2", ...): a wrong statement executed
// silently. So:
//
//   - A host behind such a pooler says so: WithPreparedStatements(false).
//     Behind a pooler that follows them (pgbouncer 1.21 or later with
//     max_prepared_statements set) WithPreparedStatements(true) keeps them.
//   - Without the option, the store looks before it prepares anything,
//     when it first checks the schema: it writes a random value into a
//     session setting on one connection and reads it back there and on a
//     second connection, three times. A connection that loses its value,
//     or one that sees the other's, shares server sessions, and the store
//     then sends every statement unprepared, as it does when it cannot
//     tell (a pool of one connection, a failed probe). A direct connection
//     keeps its session and sees no other, so it gets prepared statements.
//   - Should a prepared statement still be missing or duplicated
//     (SQLSTATE 26000 or 42P05, or a bind that does not match the
//     statement), the store turns prepared statements off for good and
//     runs the operation once more (a transaction's function again, in a
//     new transaction), so the caller sees the same result. A plan whose
//     result type changed under it (a migration altered a table) empties
//     the cache and runs the operation once more the same way.
//
// The other design weighed was server-side functions for the hot
// statements (plpgsql keeps their plans per server connection, which any
// pooler can follow). It was not taken: each hot statement would become a
// function in a migration, every statement not made one would still be
// planned per call, and a call would still cost lib/pq two round trips.
// pgx's own statement cache (its default) already prepares per connection
// with names made from the SQL text, which a pooler cannot confuse; the
// store's cache works the same with every driver.
//
// The hottest statements (authenticating a session, the statements of a
// deactivation) are also built once instead of on every call: building a
// statement with squirrel cost more CPU than sending it prepared.
//
// Authenticating a session reads the session, its account, the holder,
// the count of its passkeys and, for each of the account's security
// groups, only its row version: the group's version, the transaction that
// wrote its row (xmin) and its ID. The store keeps the groups' definitions
// in memory by ID and uses one only at that very row version, reading the
// definitions it lacks in a second statement. Every change of a group
// writes a new row (a new xmin, even where a change behind the SDK's back
// keeps the version), and a group deleted and created again is another
// row, so a change, a deletion or a membership removed, by this process or
// any other on the database, is seen by the very next authentication.
//
// # Behind pgbouncer
//
// The store keeps no state in a database session across transactions that
// it relies on: no session settings, no temporary tables, no session
// advisory locks (Migrate takes transaction locks), and prepared
// statements only where the pool keeps sessions apart (see "Planned once").
// It therefore runs behind a pooler in transaction mode, such as pgbouncer
// with pool_mode = transaction, where each transaction, and each statement
// outside one, may run on another server connection. Three things are the
// host's to set:
//
//   - WithPreparedStatements(false), unless the pooler follows prepared
//     statements (see "Planned once"; the store also sees most such
//     poolers by itself, but should not have to).
//   - The driver must send each statement in one round trip. lib/pq does
//     with binary_parameters=yes in the DSN (otherwise it parses in one
//     round trip and runs in a second, which pgbouncer may send to another
//     server); pgx does with default_query_exec_mode=exec (its default
//     caches named prepared statements per connection, which pgbouncer
//     before 1.21 does not carry across server connections).
//   - Settings such as statement_timeout belong to the role or the
//     database (ALTER ROLE app SET statement_timeout = '5s'), not to the
//     DSN: pgbouncer refuses startup parameters it does not know, unless
//     told to ignore them (ignore_startup_parameters).
//
// The SDK's CI runs the store's and the services' tests through Debian's
// pgbouncer 1.18 in transaction mode, with both drivers.
//
// # Transactions
//
// Update runs in a READ COMMITTED read-write transaction. Every write that
// depends on what was read is safe under it: updates of versioned records
// compare the version in the UPDATE itself, single-use records (password
// links) are consumed by a conditional UPDATE, people, accounts and
// credentials read in an Update transaction are locked (SELECT ... FOR
// UPDATE) until it ends (so two deactivations of one person, or a login and
// a deactivation of one account, run one after the other: the later sees
// the earlier, and no session opened by the login escapes the
// deactivation). Audit appends lock nothing: see "The audit log" below. If a statement fails with a
// serialization failure or a deadlock, the whole function is run again in a
// new transaction, up to WithRetries times with a short jittered pause, and
// then the error is Conflict. View runs in a REPEATABLE READ READ ONLY
// transaction: one consistent snapshot.
//
// A Create refused because an id, username or name is taken returns
// Conflict and leaves the transaction usable. Any other failed statement
// makes PostgreSQL abort the transaction: every later call through the
// same handle fails too (Internal) and the transaction does not commit, so
// a function should return the first such error it gets. A handle used
// after its function returned fails with Internal.
//
// # Errors
//
// Every method returns *carenet.Error values with the SDK's codes:
//
//   - NotFound: no such row; or a write names a row that does not exist (a
//     foreign-key violation on insert or update, such as an account for a
//     missing person or a missing security group).
//   - Conflict: a unique constraint (a taken username, a second login for a
//     person, a taken group name, a repeated id), a stale version, or a
//     serialization failure or deadlock that persisted through the retries.
//   - InUse: a delete refused because other rows still refer to the row (a
//     person with a login, an account with sessions, a security group
//     applied to someone).
//   - Forbidden: a change to a built-in security group.
//   - Invalid: a value the schema refuses (a check constraint, such as an
//     unknown state or a username that is not lower case; text the database
//     cannot hold).
//   - Canceled: the context was cancelled or its deadline passed, or the
//     server cancelled the statement (statement_timeout, lock_timeout).
//   - Internal: anything else, among it a statement the role the store
//     connects as lacks the privilege for (42501), with a message that
//     says to run carenet grant (see "Two roles").
//
// The codes come from the SQLSTATE of the server's error, which every
// driver reports (lib/pq's *pq.Error and pgx's *pgconn.PgError both have a
// SQLState method), so they do not depend on the driver; so do the retries
// of serialization failures (40001) and deadlocks (40P01). The driver's
// text never appears in the end-user message (carenet.ErrorMessage); it
// stays in the wrapped cause, for logs.
package postgres
